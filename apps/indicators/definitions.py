"""The indicators' definitions, so that makemessages finds them.

Generated from the docstrings by `python manage.py sync_definitions`; a test
fails when it is out of date. Do not edit by hand.
"""

from django.utils.translation import gettext_noop

DEFINITIONS = [
    gettext_noop(
        'Agreements signed in the period whose counterpart is a member.'
    ),
    gettext_noop(
        'Agreements signed in the period whose counterpart is an alliance.'
    ),
    gettext_noop(
        "Alliances active on the last day of the period: started on or before\nit, and not ended by then (an alliance's end date is the first day it no\nlonger holds)."
    ),
    gettext_noop(
        'Among the members active on the last day of the period whose mandate in\nforce that day is known (with a disclosed gender), the percent led by a\nwoman. Members with no such mandate are left out and counted apart.'
    ),
    gettext_noop(
        'Campaigns running on at least one day of the period that the\nassociation led, co-led, contributed to or supported.'
    ),
    gettext_noop(
        'Declarations adopted in the period that carry a gender perspective.'
    ),
    gettext_noop(
        'Distinct members taking part, by the end of the period, in the pilot\nprojects running during it.'
    ),
    gettext_noop(
        'Distinct members with at least one participant in a learning activity\nstarting in the period.'
    ),
    gettext_noop(
        'Distinct participants with the role expert in any event starting in\nthe period.'
    ),
    gettext_noop(
        'Distinct participants with the role leader in a congress or one of its\nsessions starting in the period.'
    ),
    gettext_noop(
        'Distinct people among the participations in led or co-led events\nstarting in the period (the same e-mail in any case counts once).'
    ),
    gettext_noop(
        "Events of every kind starting in the period, whatever the association's\nrole; the sessions of a congress count within their congress."
    ),
    gettext_noop(
        'Global events of others in which the association took part (role\nparticipated), starting in the period.'
    ),
    gettext_noop(
        'Interns at the general secretariat on at least one day of the period.'
    ),
    gettext_noop(
        'Learning and capacity-building activities starting in the period.'
    ),
    gettext_noop(
        "Learning products (the Learning Station's capacity-building material)\npublished in the period."
    ),
    gettext_noop(
        'Meetings of the statutory bodies (board, vice-presidencies,\nco-presidencies, general assembly) starting in the period.'
    ),
    gettext_noop(
        'Members that joined during the period.'
    ),
    gettext_noop(
        'Members that joined on or before the last day of the period and had not\nleft by then (a member is active up to the day before the date it left).'
    ),
    gettext_noop(
        'New publications of the period (learning products aside) that carry a\ngender perspective.'
    ),
    gettext_noop(
        "Observatories running on at least one day of the period, whatever the\nassociation's role (led, co-led, contributed, supported)."
    ),
    gettext_noop(
        "Participations in led or co-led events starting in the period, split by\ngender in percent of all of them (undisclosed is its own slice); the value\nis the women's slice."
    ),
    gettext_noop(
        'Participations in the events the association led or co-led that start\nin the period (a person at two events counts twice).'
    ),
    gettext_noop(
        'Percent of women among the participations in led or co-led events\nstarting in the period; participations of undisclosed gender stay in the\ntotal (none is left out).'
    ),
    gettext_noop(
        'Pilot projects running on at least one day of the period.'
    ),
    gettext_noop(
        'Political declarations adopted in the period that the association\ncontributed to, endorsed, or both.'
    ),
    gettext_noop(
        'Professional staff of the general secretariat under contract on at\nleast one day of the period.'
    ),
    gettext_noop(
        'Publications published in the period, other than learning products\n(reports, studies, policy briefs, articles, guides).'
    ),
    gettext_noop(
        'Sessions of a congress starting in the period.'
    ),
    gettext_noop(
        "The secretariat's income of the years of the period (member dues,\npartnerships, alliances, other); its breakdown is each category's share,\nin percent."
    ),
    gettext_noop(
        "The sum over the social networks of each one's latest followers count\non or before the last day of the period; a network with no count by then\nis left out and counted apart."
    ),
]
