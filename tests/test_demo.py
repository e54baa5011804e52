"""Acceptance: the demo files, loaded through the real importer, give the
2021 annual report's figures, each checked against the records themselves."""

import datetime as dt
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from apps.events.models import Event, Participation
from apps.indicators.models import Target
from apps.indicators.periods import Period
from apps.indicators.registry import registry
from apps.indicators.results import indicators_document
from apps.measurements.models import Metric
from apps.members.models import Mandate, Member
from apps.partnerships.models import Agreement, Alliance
from apps.plans.models import Plan
from apps.plans.services import plan_document
from apps.programmes.models import Programme, ProgrammeMember
from apps.publications.models import Declaration, Publication
from apps.secretariat.models import FundingEntry, StaffMember

pytestmark = pytest.mark.django_db

END_2021 = dt.date(2021, 12, 31)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def values(year):
    return {i["code"]: i["value"] for i in indicators_document(year)["indicators"]}


def active_on(record_start, record_end, day):
    return record_start <= day and (record_end is None or record_end > day)


def leaders_on(day):
    """The gender of each active member's leader on `day`, counted in Python."""
    members = {
        m.pk for m in Member.objects.all() if active_on(m.joined_on, m.left_on, day)
    }
    genders = {}
    for mandate in Mandate.objects.order_by("started_on"):
        if mandate.member_id in members and active_on(
            mandate.started_on, mandate.ended_on, day
        ):
            genders[mandate.member_id] = mandate.gender
    return members, genders


def test_2021_women_led_share_is_the_report_figure(demo):
    _, genders = leaders_on(END_2021)
    known = [g for g in genders.values() if g != "undisclosed"]
    women = known.count("woman")
    assert (women, len(known)) == (23, 137)
    assert (
        values(2021)["members.women_led_share"]
        == 16.8
        == round(100 * women / len(known), 1)
    )


def test_2021_members_counts_come_from_the_records(demo):
    members, _ = leaders_on(END_2021)
    joined_2021 = Member.objects.filter(joined_on__year=2021).count()
    figures = values(2021)
    assert figures["members.active"] == len(members)
    assert figures["members.new"] == joined_2021
    assert 5 <= joined_2021 <= 20  # plausible for the association


def test_2021_members_left_out_of_the_share_are_counted(demo):
    members, genders = leaders_on(END_2021)
    known = [g for g in genders.values() if g != "undisclosed"]
    share = registry.get("members.women_led_share")
    assert share.left_out_of(Period.year(2021)) == len(members) - len(known) == 6


def test_neighbouring_years_differ(demo):
    by_year = {year: values(year) for year in (2020, 2021, 2022)}
    for code in ("members.active", "members.new", "members.women_led_share"):
        assert len({by_year[year][code] for year in by_year}) == 3, code


def test_importing_the_demo_files_again_changes_nothing(demo, capsys):
    before = list(Member.objects.values().order_by("pk"))
    call_command("import_annual", str(settings.BASE_DIR / "fixtures" / "demo"))
    out = capsys.readouterr().out
    assert (
        out.count("new       0  updated       0") == 17
    )  # names.csv and the plan files too
    assert list(Member.objects.values().order_by("pk")) == before


def events_of_2021():
    return [
        e for e in Event.objects.select_related("parent") if e.starts_on.year == 2021
    ]


def test_2021_statutory_meetings_of_three_bodies_held_online(demo):
    meetings = [e for e in events_of_2021() if e.kind == "statutory_meeting"]
    assert sorted(m.statutory_body for m in meetings) == [
        "board",
        "co_presidency",
        "vice_presidency",
    ]
    assert {m.format for m in meetings} == {"online"}
    assert values(2021)["meetings.statutory"] == len(meetings) == 3


def test_2021_participants_about_2_1k_and_52_percent_women(demo):
    led = [
        p
        for p in Participation.objects.select_related("event")
        if p.event.starts_on.year == 2021 and p.event.role in ("led", "co_led")
    ]
    women = sum(p.gender == "woman" for p in led)
    figures = values(2021)
    assert figures["participants.total"] == len(led)
    assert 2050 <= len(led) < 2150  # the report's "+2.1K"
    assert figures["participants.unique"] == len({p.participant_key for p in led})
    assert figures["participants.women_share"] == round(100 * women / len(led), 1)
    assert round(figures["participants.women_share"]) == 52
    breakdown = {
        item["code"]: item["breakdown"]
        for item in indicators_document(2021)["indicators"]
    }["participants.gender_split"]
    assert set(breakdown) == {"woman", "man", "non_binary", "undisclosed"}
    assert breakdown["undisclosed"] == round(
        100 * sum(p.gender == "undisclosed" for p in led) / len(led), 1
    )


def test_2021_capacity_figures(demo):
    in_2021 = [
        p
        for p in Participation.objects.select_related("event")
        if p.event.starts_on.year == 2021
    ]
    learning = [e for e in events_of_2021() if e.kind == "learning_activity"]
    learning_members = {
        p.member_id
        for p in in_2021
        if p.event.kind == "learning_activity" and p.member_id
    }
    experts = {p.participant_key for p in in_2021 if p.role == "expert"}
    figures = values(2021)
    assert figures["learning.activities"] == len(learning) == 64
    assert figures["learning.members"] == len(learning_members) == 76
    assert figures["experts.collaborated"] == len(experts) == 169


def test_2021_voice_figures(demo):
    events = events_of_2021()
    global_events = [
        e for e in events if e.kind == "global_event" and e.role == "participated"
    ]
    congresses = [e for e in events if e.kind == "congress"]
    sessions = [
        e for e in events if e.kind == "session" and e.parent.kind == "congress"
    ]
    congress_ids = {e.pk for e in congresses} | {e.pk for e in sessions}
    leaders = {
        p.participant_key
        for p in Participation.objects.filter(role="leader")
        if p.event_id in congress_ids
    }
    figures = values(2021)
    assert figures["events.global"] == len(global_events) == 24
    assert [c.format for c in congresses] == ["online"]
    assert figures["congress.sessions"] == len(sessions) == 22
    assert figures["congress.leaders"] == len(leaders) > 100


def test_neighbouring_years_differ_on_events(demo):
    by_year = {year: values(year) for year in (2020, 2021, 2022)}
    for code in (
        "alliances.active",
        "publications.new",
        "programmes.observatories",
        "participants.total",
        "participants.women_share",
        "learning.activities",
        "experts.collaborated",
        "events.global",
    ):
        assert len({by_year[year][code] for year in by_year}) == 3, code


def in_2021(day):
    return day is not None and day.year == 2021


def running_in_2021(start, end):
    return start <= dt.date(2021, 12, 31) and (end is None or end > dt.date(2021, 1, 1))


def test_2021_network_figures(demo):
    agreements = [a for a in Agreement.objects.all() if in_2021(a.signed_on)]
    alliances = [
        a
        for a in Alliance.objects.all()
        if active_on(a.started_on, a.ended_on, END_2021)
    ]
    figures = values(2021)
    assert (
        figures["agreements.with_members"]
        == 3
        == sum(
            a.counterpart_type == "member" and a.counterpart_member_id is not None
            for a in agreements
        )
    )
    assert (
        figures["agreements.with_alliances"]
        == 5
        == sum(
            a.counterpart_type == "alliance" and a.counterpart_alliance_id is not None
            for a in agreements
        )
    )
    assert figures["alliances.active"] == len(alliances) > 0


def test_2021_knowledge_figures(demo):
    publications = [p for p in Publication.objects.all() if in_2021(p.published_on)]
    new = [p for p in publications if p.kind != "learning_product"]
    declarations = [d for d in Declaration.objects.all() if in_2021(d.adopted_on)]
    figures = values(2021)
    assert figures["publications.new"] == len(new) == 24
    assert (
        figures["publications.gender_perspective"]
        == sum(p.has_gender_perspective for p in new)
        == 21
    )
    assert figures["learning.products"] == len(publications) - len(new) == 21
    assert figures["declarations.total"] == len(declarations) == 4
    assert (
        figures["declarations.gender_perspective"]
        == sum(d.has_gender_perspective for d in declarations)
        == 3
    )


def test_2021_programme_figures(demo):
    running = [
        p for p in Programme.objects.all() if running_in_2021(p.starts_on, p.ends_on)
    ]
    pilots = [p for p in running if p.kind == "pilot_project"]
    pilot_members = {
        m.member_id for m in ProgrammeMember.objects.filter(programme__in=pilots)
    }
    figures = values(2021)
    assert (
        figures["programmes.observatories"]
        == 13
        == sum(p.kind == "observatory" for p in running)
    )
    assert figures["programmes.pilot_projects"] == len(pilots) == 4
    assert figures["programmes.pilot_members"] == len(pilot_members) == 13
    assert (
        figures["programmes.campaigns"]
        == 4
        == sum(p.kind == "campaign" for p in running)
    )


def latest_on(day, metric):
    """A metric's latest value on or before `day`, counted in Python."""
    values = [m for m in metric.measurements.all() if m.as_of <= day]
    return max(values, key=lambda m: m.as_of).value if values else None


def test_2021_followers_about_36_4k(demo):
    networks = Metric.objects.filter(code="followers", source__kind="social_network")
    total = sum(latest_on(END_2021, metric) or 0 for metric in networks)
    assert values(2021)["followers.total"] == total
    assert round(total / 1000, 1) == 36.4  # the report's "+36.4K"
    assert values(2021)["followers.total"] > values(2020)["followers.total"]


@pytest.mark.parametrize(
    ("code", "low", "high"),
    [
        ("reported.use_platform.practices", 423, 423),
        ("reported.use_platform.decision_makers", 540, 540),
        ("reported.cities_for_global_health.initiatives", 700, 700),
        ("reported.cities_for_global_health.cities", 105, 105),
        ("reported.egi.cities", 17, 17),
        ("reported.children_drawings.drawings", 1150, 1250),  # "+1.2K"
        ("reported.children_drawings.cities", 30, 35),  # "+30"
        ("reported.benchmarking.metropolitan_spaces", 70, 70),
        ("reported.benchmarking.members", 81, 81),
    ],
)
def test_2021_reported_figures(demo, code, low, high):
    _, source, metric = code.split(".")
    record = Metric.objects.get(source__code=source, code=metric)
    figure = values(2021)[code]
    assert figure == latest_on(END_2021, record)
    assert low <= figure <= high


@pytest.mark.parametrize(
    ("language", "code", "label"),
    [
        (
            "fr",
            "reported.use_platform.practices",
            "Plateforme USE : pratiques urbaines",
        ),
        (
            "en",
            "reported.use_platform.decision_makers",
            "USE platform: registered urban decision-makers",
        ),
        (
            "es",
            "reported.egi.cities",
            "Emergency Governance Initiative (EGI): ciudades participantes",
        ),
        (
            "fr",
            "reported.children_drawings.drawings",
            "Metropolis vue par les enfants : dessins d'enfants",
        ),
    ],
)
def test_2021_reported_figures_are_named_as_the_report_does(
    demo, language, code, label
):
    with translation.override(language):
        assert str(registry.get(code).label) == label


def test_every_reported_figure_is_named_in_three_languages(demo):
    reported = [i for i in registry.all() if i.section == "reported"]
    assert len(reported) == 9
    assert [i.code for i in reported if i.names_missing] == []


def test_2021_funding_other_is_2_percent(demo):
    entries = {e.category: e.amount for e in FundingEntry.objects.filter(year=2021)}
    total = sum(entries.values())
    document = {i["code"]: i for i in indicators_document(2021)["indicators"]}
    split = document["funding.split"]
    assert split["value"] == total
    assert split["breakdown"]["other"] == round(
        float(100 * entries["other"] / total), 1
    )
    assert round(split["breakdown"]["other"]) == 2


def test_2021_secretariat_team(demo):
    def active_in_2021(staff):
        return staff.started_on <= END_2021 and (
            staff.ended_on is None or staff.ended_on > dt.date(2021, 1, 1)
        )

    team = [s for s in StaffMember.objects.all() if active_in_2021(s)]
    figures = values(2021)
    assert figures["secretariat.professionals"] == sum(
        s.kind == "professional" for s in team
    )
    assert figures["secretariat.interns"] == sum(s.kind == "intern" for s in team)
    assert figures["secretariat.professionals"] > figures["secretariat.interns"] > 0


def test_targets_of_the_strategic_plan(demo):
    targets = Target.objects.all()
    assert {t.year for t in targets} == {2021, 2022, 2023}
    assert len({t.indicator for t in targets}) >= 5
    document = {i["code"]: i for i in indicators_document(2021)["indicators"]}
    for target in targets.filter(year=2021):
        assert document[target.indicator]["target"] == float(target.value)


def test_every_2021_counter_has_the_year_before(demo):
    document = indicators_document(2021)["indicators"]
    missing = [
        i["code"]
        for i in document
        if i["value"] is not None
        and i["previous"] is None
        and not i["code"].startswith("reported.children_drawings")  # launched in 2021
    ]
    assert missing == []


def test_the_dashboard_weighs_under_100_kb_without_chart_js(demo, manager_client):
    from django.conf import settings

    page = manager_client.get("/dashboard/2021/").content
    own_assets = [
        settings.BASE_DIR / "static" / "css" / "app.css",
        settings.BASE_DIR / "static" / "js" / "app.js",
        settings.BASE_DIR / "static" / "js" / "charts.js",
    ]
    weight = len(page) + sum(path.stat().st_size for path in own_assets)
    assert weight < 100 * 1024, weight


def test_the_strategic_action_plan_2021_2023(demo):
    plan = Plan.objects.get(code="SAP2123")
    assert (plan.name, plan.first_year, plan.last_year) == (
        "Strategic Action Plan 2021\u20132023",
        2021,
        2023,
    )
    assert plan.indicators.count() >= 10
    # Baselines left empty in the file: computed from 2020 and frozen.
    baselines = dict(plan.indicators.values_list("indicator", "baseline_value"))
    assert baselines["members.active"] == values(2020)["members.active"] == 134
    assert None not in baselines.values()
    statuses = {row["code"]: row["status"] for row in plan_document(plan)["indicators"]}
    assert statuses["participants.total"] == "on_track"
    assert statuses["members.active"] == "at_risk"
    assert statuses["alliances.active"] == "off_track"
