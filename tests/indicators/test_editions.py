import datetime as dt
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from apps.indicators.models import Edition, PublishedFigure
from apps.indicators.registry import registry
from apps.indicators.services import (
    AlreadyPublished,
    NotPublished,
    publish_year,
    withdraw_edition,
)
from apps.members.models import Member
from tests.factories import (
    EditionFactory,
    MemberFactory,
    UserFactory,
    recorded_activity,
)
from tests.imports.helpers import run

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def members():
    for day in (D(2019, 5, 1), D(2021, 3, 1), D(2021, 4, 1)):
        MemberFactory(joined_on=day)
    recorded_activity(2021)


def test_a_manager_publishes_a_year(manager_client, manager, members):
    response = manager_client.post("/dashboard/2021/publish/")
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert (edition.year, edition.published_by) == (2021, manager)
    figures = dict(edition.figures.values_list("indicator", "value"))
    assert figures["members.new"] == 2
    assert figures["members.women_led_share"] is None
    page = manager_client.get(response.url).content.decode()
    assert "The 2021 figures are published" in page
    assert "Published on" in page


def test_publishing_twice_is_refused(manager, members):
    publish_year(2021, user=manager)
    with pytest.raises(AlreadyPublished):
        publish_year(2021, user=manager)
    assert PublishedFigure.objects.filter(indicator="members.new").count() == 1


def test_a_late_import_shows_published_and_live_figures(
    manager_client, manager, members
):
    publish_year(2021, user=manager)
    report = run(
        {
            "members.csv": "code,name,country,category,joined_on\n"
            "LATE1,Late member,ES,full,2021-11-30\n"
        }
    )
    assert report.written
    document = json.loads(manager_client.get("/api/indicators/2021/").content)
    new = next(i for i in document["indicators"] if i["code"] == "members.new")
    assert (new["published"], new["value"], new["live"]) == (2, 2, 3)
    page = manager_client.get("/dashboard/2021/").content.decode()
    assert "Live figure: 3 (+1 since publication)" in page
    report_page = manager_client.get("/report/2021/").content.decode()
    assert '<p class="edition published">Published edition of ' in report_page
    assert "figures changed in the records since: see the dashboard." in report_page


def test_unchanged_figures_show_no_difference(manager_client, manager, members):
    publish_year(2021, user=manager)
    page = manager_client.get("/dashboard/2021/").content.decode()
    assert "Live figure" not in page


def test_only_those_allowed_may_publish(client, members):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="visitor"))
    assert client.post("/dashboard/2021/publish/").status_code == 403
    assert not Edition.objects.exists()


def test_a_year_without_data_cannot_be_published(manager_client, members):
    assert manager_client.post("/dashboard/1990/publish/").status_code == 404


def test_the_drilldown_shows_what_changed_since_publication(
    manager_client, manager, members, secretariat, client
):
    publish_year(2021, user=manager)
    run(
        {
            "members.csv": "code,name,country,category,joined_on\n"
            "LATE1,Late member,ES,full,2021-11-30\n"
        },
        origin="admin",
        user=secretariat,
    )
    client.force_login(secretariat)
    late = Member.objects.get(code="LATE1")
    client.post(
        f"/admin/members/member/{late.pk}/change/",
        {
            "code": "LATE1",
            "name": "Late member, renamed",
            "country": "ES",
            "category": "full",
            "joined_on": "2021-11-30",
            "mandates-TOTAL_FORMS": "0",
            "mandates-INITIAL_FORMS": "0",
        },
    )
    page = manager_client.get("/indicators/members.new/2021/").content.decode()
    assert "What changed since the publication" in page
    assert "by secretariat:" in page
    assert "<code>members.csv</code> (+1, ~0)" in page
    assert "edited “Late member, renamed (LATE1)” in the admin" in page


def test_an_unchanged_figure_has_no_change_section(manager_client, manager, members):
    publish_year(2021, user=manager)
    page = manager_client.get("/indicators/members.new/2021/").content.decode()
    assert "What changed since" not in page


def test_publishing_asks_first_what_is_frozen_and_by_whom(
    manager_client, members, django_assert_num_queries
):
    # session, user, 2 permissions, the spans of every source (one query), the
    # reported metrics (the figures to count), the edition in force.
    with django_assert_num_queries(7):
        response = manager_client.get("/dashboard/2021/publish/")
    page = response.content.decode()
    n = len(registry.all())
    assert (
        f"The {n} figures of 2021 will be frozen as they are now, "
        "and recorded as published by manager."
    ) in page
    assert '<form method="post" class="confirm">' in page
    assert not Edition.objects.exists()


def test_the_dashboard_links_to_the_confirmation(manager_client, members):
    page = manager_client.get("/dashboard/2021/").content.decode()
    assert 'href="/dashboard/2021/publish/">Publish the 2021 figures…</a>' in page


def test_the_confirmation_of_a_published_year_says_by_whom(
    manager_client, manager, members
):
    publish_year(2021, user=manager)
    page = manager_client.get("/dashboard/2021/publish/").content.decode()
    assert "2021 is already published (edition of " in page
    assert "by manager)." in page
    assert '<form method="post" class="confirm">' not in page


def test_publishing_a_published_year_again_says_which_edition(
    manager_client, manager, members
):
    publish_year(2021, user=manager)
    response = manager_client.post("/dashboard/2021/publish/", follow=True)
    assert "2021 is already published (edition of " in response.content.decode()
    assert Edition.objects.count() == 1


def test_a_year_has_at_most_one_edition_in_force(manager):
    EditionFactory(
        year=2021,
        withdrawn_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC),
        withdrawal_reason="Wrong",
        withdrawn_by=manager,
    )
    EditionFactory(year=2021)
    with pytest.raises(IntegrityError):
        EditionFactory(year=2021)


def test_a_withdrawn_edition_has_a_reason_in_the_database():
    with pytest.raises(IntegrityError):
        EditionFactory(year=2021, withdrawn_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))


def test_a_manager_withdraws_a_publication_with_a_reason(
    manager_client, manager, members
):
    publish_year(2021, user=manager)
    page = manager_client.get("/dashboard/2021/").content.decode()
    assert 'href="/dashboard/2021/withdraw/">Withdraw this edition…</a>' in page
    form = manager_client.get("/dashboard/2021/withdraw/").content.decode()
    assert 'name="reason"' in form
    response = manager_client.post(
        "/dashboard/2021/withdraw/", {"reason": "  A member was counted twice.  "}
    )
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert (edition.withdrawn_by, edition.withdrawal_reason) == (
        manager,
        "A member was counted twice.",
    )
    assert edition.withdrawn_at is not None
    page = manager_client.get(response.url).content.decode()
    assert "The 2021 edition is withdrawn: the year may be published again." in page
    assert "1 withdrawn edition" in page
    assert "by manager, withdrawn on " in page
    assert "<q>A member was counted twice.</q>" in page
    assert "Publish the 2021 figures…" in page
    assert "Published on" not in page.split("withdrawn edition")[0]


def test_a_withdrawal_needs_a_reason(manager_client, manager, members):
    publish_year(2021, user=manager)
    response = manager_client.post("/dashboard/2021/withdraw/", {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert Edition.objects.current().count() == 1
    with pytest.raises(ValidationError) as refusal:
        withdraw_edition(2021, user=manager, reason=" ")
    assert refusal.value.messages == ["Say why the edition is withdrawn."]
    assert Edition.objects.current().count() == 1


def test_a_withdrawn_year_is_published_again(manager_client, manager, members):
    publish_year(2021, user=manager)
    withdraw_edition(2021, user=manager, reason="Late import.")
    MemberFactory(joined_on=D(2021, 9, 1))
    manager_client.post("/dashboard/2021/publish/")
    first, second = Edition.objects.order_by("published_at")
    assert (first.is_withdrawn, second.is_withdrawn) == (True, False)
    assert second.figures.get(indicator="members.new").value == 3
    assert first.figures.get(indicator="members.new").value == 2
    page = manager_client.get("/dashboard/2021/").content.decode()
    assert "Published on" in page
    assert "1 withdrawn edition" in page


def test_withdrawing_an_unpublished_year_says_so(manager_client, manager, members):
    response = manager_client.post(
        "/dashboard/2021/withdraw/", {"reason": "x"}, follow=True
    )
    assert "2021 is not published." in response.content.decode()
    with pytest.raises(NotPublished):
        withdraw_edition(2021, user=manager, reason="x")


@pytest.mark.parametrize("role", ["no_role", "anonymous"])
def test_only_those_allowed_may_withdraw(client, manager, members, role):
    publish_year(2021, user=manager)
    if role == "no_role":
        client.force_login(UserFactory(username="visitor"))
        expected = 403
    else:
        expected = 302
    assert client.post("/dashboard/2021/withdraw/", {"reason": "x"}).status_code == (
        expected
    )
    assert Edition.objects.current().count() == 1


def test_the_confirmation_offers_every_figure_for_the_public_page(
    manager_client, members
):
    page = manager_client.get("/dashboard/2021/publish/").content.decode()
    assert "<legend>On the public impact page</legend>" in page
    assert page.count('name="public"') == len(registry.all())
    assert page.count('name="public" value="members.new" ') == 1
    assert 'value="members.new" id="id_public_' in page
    assert page.count(" checked>") == len(registry.all())


def test_the_publisher_leaves_unchecked_figures_out_of_the_public_page(
    manager_client, members
):
    codes = [item.code for item in registry.all()]
    public = [code for code in codes if code != "members.new"]
    manager_client.post("/dashboard/2021/publish/", {"shown": "True", "public": public})
    figures = dict(PublishedFigure.objects.values_list("indicator", "is_public"))
    assert figures["members.new"] is False
    assert sum(figures.values()) == len(codes) - 1


def test_a_post_without_the_checkboxes_leaves_every_figure_public(
    manager_client, members
):
    manager_client.post("/dashboard/2021/publish/")
    assert not PublishedFigure.objects.filter(is_public=False).exists()


@pytest.fixture(params=["secretariat", "superuser"])
def editor(request, client, manager):
    """An edition, and signed in, the secretariat or a superuser: whoever
    could change records in the admin."""
    user = (
        UserFactory(username="root", is_staff=True, is_superuser=True)
        if request.param == "superuser"
        else request.getfixturevalue(request.param)
    )
    client.force_login(user)
    return EditionFactory(published_by=manager)


def test_no_one_deletes_an_edition_in_the_admin(client, editor):
    """A published edition is withdrawn, with a reason, never deleted."""
    edition = editor
    page = client.get(f"/admin/indicators/edition/{edition.pk}/change/")
    assert page.status_code == 200
    assert "/delete/" not in page.content.decode()
    assert (
        client.post(
            f"/admin/indicators/edition/{edition.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    listing = client.get("/admin/indicators/edition/")
    assert "delete_selected" not in listing.content.decode()
    assert Edition.objects.filter(pk=edition.pk).exists()


def test_an_edition_is_read_in_the_admin_with_nothing_to_save(client, editor):
    """Nothing of an edition is edited in the admin: no Save button, and a
    save sent anyway writes no "No fields changed" entry in its history."""
    edition = editor
    url = f"/admin/indicators/edition/{edition.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"_save": "Save"}).status_code == 403
    assert not LogEntry.objects.filter(object_id=str(edition.pk)).exists()
