"""Dates are read ISO or day-first in every language and shown one way per language."""

import datetime as dt
import re

import pytest
import time_machine
from django import forms
from django.utils import formats, translation

from apps.indicators.chart_data import charts
from apps.indicators.results import evaluate_year
from apps.indicators.services import publish_year
from apps.members.models import Mandate, Member
from tests.factories import (
    EventFactory,
    MandateFactory,
    MeasurementFactory,
    MemberFactory,
    ParticipationFactory,
    recorded_activity,
)

pytestmark = pytest.mark.django_db

D = dt.date
LANGUAGES = ["en", "fr", "es"]


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


def add_mandate(client, language: str, started_on: str):
    member = Member.objects.first() or MemberFactory(code="M001")
    return client.post(
        "/admin/members/mandate/add/",
        {
            "member": member.pk,
            "leader_name": "Grégory Doucet",
            "gender": "man",
            "started_on": started_on,
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["01/06/2020", "1/6/2020", "2020-06-01"])
def test_the_admin_reads_a_mandate_date_iso_or_day_first(staff_client, language, typed):
    response = add_mandate(staff_client, language, typed)
    assert response.status_code == 302
    assert Mandate.objects.get().started_on == D(2020, 6, 1)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "typed", ["06/15/2020", "15/03/21", "2020-15-06", "Jun 1 2020"]
)
def test_the_admin_never_reads_a_date_month_first(staff_client, language, typed):
    response = add_mandate(staff_client, language, typed)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["started_on"] == [
        {"en": "Enter a valid date.", "fr": "Saisissez une date valide."}.get(
            language, "Introduzca una fecha válida."
        )
    ]
    assert not Mandate.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_reads_15_march_day_first(staff_client, language):
    assert add_mandate(staff_client, language, "15/03/2021").status_code == 302
    assert Mandate.objects.get().started_on == D(2021, 3, 15)


def test_a_member_and_its_mandate_read_day_first_dates_in_french(staff_client):
    response = staff_client.post(
        "/admin/members/member/add/",
        {
            "code": "M001",
            "name": "Lyon",
            "country": "FR",
            "category": "full",
            "joined_on": "1/6/2020",
            "left_on": "31/12/2024",
            "mandates-INITIAL_FORMS": "0",
            "mandates-TOTAL_FORMS": "1",
            "mandates-0-leader_name": "Grégory Doucet",
            "mandates-0-gender": "man",
            "mandates-0-started_on": "04/07/2020",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    member = Member.objects.get()
    assert (member.joined_on, member.left_on) == (D(2020, 6, 1), D(2024, 12, 31))
    assert Mandate.objects.get().started_on == D(2020, 7, 4)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_reads_dates_iso_then_day_first_only(language):
    with translation.override(language):
        assert formats.get_format("DATE_INPUT_FORMATS") == ["%Y-%m-%d", "%d/%m/%Y"]
        field = forms.DateField()
        assert field.clean("1/6/2020") == D(2020, 6, 1)
        with pytest.raises(forms.ValidationError):
            field.clean("06/15/2020")


@pytest.mark.parametrize("language", LANGUAGES)
def test_datetimes_are_never_read_month_first_either(language):
    with translation.override(language):
        field = forms.DateTimeField()
        assert field.clean("01/06/2020 14:30").date() == D(2020, 6, 1)
        with pytest.raises(forms.ValidationError):
            field.clean("06/15/2020 14:30")


@pytest.mark.parametrize(
    ("language", "hint"),
    [
        ("en", "YYYY-MM-DD or DD/MM/YYYY"),
        ("fr", "AAAA-MM-JJ ou JJ/MM/AAAA"),
        ("es", "AAAA-MM-DD o DD/MM/AAAA"),
    ],
)
def test_the_admin_date_widget_says_the_format_it_expects(staff_client, language, hint):
    content = staff_client.get(
        "/admin/members/member/add/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    # The member's two dates, and the two of the empty mandate the page adds.
    assert content.count(f'placeholder="{hint}"') == 2 + 2
    joined_on = re.search(r'<input type="text" name="joined_on"[^>]*>', content)
    assert 'aria-describedby="id_joined_on_helptext"' in joined_on.group()
    assert re.search(
        rf'<div class="help" id="id_joined_on_helptext">\s*<div>{hint}</div>', content
    )


def test_the_format_hint_follows_a_field_own_help_text(staff_client):
    content = staff_client.get("/admin/members/member/add/").content.decode()
    assert (
        "<div>The first day the metropolis is no longer a member. "
        "YYYY-MM-DD or DD/MM/YYYY</div>"
    ) in content


def test_a_date_shown_in_a_form_is_written_iso(staff_client):
    mandate = MandateFactory(started_on=D(2020, 6, 1))
    content = staff_client.get(
        f"/admin/members/mandate/{mandate.pk}/change/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert 'name="started_on" value="2020-06-01"' in content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["2020-06-01", "01/06/2020", "1/6/2020"])
def test_the_admin_date_filter_reads_iso_or_day_first(staff_client, language, typed):
    MandateFactory(leader_name="Before", started_on=D(2020, 5, 31))
    MandateFactory(leader_name="After", started_on=D(2020, 6, 1))
    response = staff_client.get(
        "/admin/members/mandate/",
        {"started_on__gte": typed},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert [m.leader_name for m in response.context["cl"].result_list] == ["After"]


def test_the_admin_date_filter_refuses_a_month_first_date(staff_client):
    MandateFactory(started_on=D(2020, 6, 15))
    response = staff_client.get(
        "/admin/members/mandate/", {"started_on__gte": "06/15/2020"}
    )
    assert response.status_code == 400


def test_the_admin_date_filter_reads_day_first_across_a_relation(staff_client):
    ParticipationFactory(event=EventFactory(code="OLD", starts_on=D(2020, 5, 31)))
    ParticipationFactory(event=EventFactory(code="NEW", starts_on=D(2020, 6, 1)))
    response = staff_client.get(
        "/admin/events/participation/", {"event__starts_on__gte": "1/6/2020"}
    )
    assert response.status_code == 200
    assert [p.event.code for p in response.context["cl"].result_list] == ["NEW"]


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "1 June 2021"),
        ("fr", "1 juin 2021"),
        ("es", "1 de junio de 2021"),
    ],
)
def test_a_date_is_shown_one_way_per_language(language, shown):
    with translation.override(language):
        for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT"):
            assert formats.date_format(D(2021, 6, 1), name) == shown
        assert formats.localize(D(2021, 6, 1)) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "1 June 2021, 14:30"),
        ("fr", "1 juin 2021 14:30"),
        ("es", "1 de junio de 2021 a las 14:30"),
    ],
)
def test_a_moment_is_shown_one_way_per_language(language, shown):
    moment = dt.datetime(2021, 6, 1, 14, 30)  # noqa: DTZ001 (only formatted)
    with translation.override(language):
        for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"):
            assert formats.date_format(moment, name) == shown


def test_the_admin_list_shows_dates_one_way(staff_client):
    MandateFactory(started_on=D(2020, 6, 1))
    content = staff_client.get("/admin/members/mandate/").content.decode()
    assert '<td class="field-started_on nowrap">1 June 2020</td>' in content


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Counted from 1 January 2021 to 31 December 2021."),
        ("fr", "Comptabilisé du 1 janvier 2021 au 31 décembre 2021."),
        ("es", "Contabilizado del 1 de enero de 2021 al 31 de diciembre de 2021."),
    ],
)
def test_a_drilldown_says_the_days_it_counted_in_words(manager_client, language, shown):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    response = manager_client.get(
        "/indicators/members.new/2021/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert shown in response.content.decode()


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Published edition of 30 September 2021"),
        ("fr", "Édition publiée le 30 septembre 2021"),
        ("es", "Edición publicada el 30 de septiembre de 2021"),
    ],
)
def test_the_report_says_when_it_was_published_in_words(
    manager_client, manager, language, shown
):
    recorded_activity(2021)
    MemberFactory(joined_on=D(2021, 3, 1))
    with time_machine.travel(dt.datetime(2021, 9, 30, 12, tzinfo=dt.UTC)):
        publish_year(2021, user=manager)
    response = manager_client.get("/report/2021/", HTTP_ACCEPT_LANGUAGE=language)
    assert shown in response.content.decode()


def test_a_record_history_shows_changed_dates_in_words(client, manager):
    mandate = MandateFactory(started_on=D(2020, 6, 1))
    mandate.started_on = D(2020, 7, 1)
    mandate.ended_on = D(2024, 6, 1)
    mandate.save()
    client.force_login(manager)
    page = client.get(
        f"/admin/members/mandate/{mandate.pk}/history/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert page.context["page_obj"][0].history_delta_changes == [
        {"field": "Date de fin", "old": "—", "new": "1 juin 2024"},
        {"field": "Date de début", "old": "1 juin 2020", "new": "1 juillet 2020"},
    ]


def test_a_chart_over_time_names_its_days_in_words():
    MeasurementFactory(
        metric__source__code="twitter",
        metric__source__kind="social_network",
        metric__code="followers",
        as_of=D(2021, 6, 30),
        value=100,
    )
    with translation.override("es"):
        history = {c["id"]: c for c in charts(evaluate_year(2021))}[
            "followers.total.history"
        ]
    assert history["labels"] == ["30 de junio de 2021"]
