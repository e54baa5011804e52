"""Malformed ids and filters in admin URLs: a 400 or a 404, never a 500.

Whoever may view the records (a manager) can type them into the address bar.
"""

import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 20  # more than any integer column holds (a 500 on PostgreSQL too)
MALFORMED_IDS = ["abc", "1.5", HUGE, "-" + HUGE]


@pytest.fixture
def manager_browser(client, manager):
    client.raise_request_exception = False
    client.force_login(manager)
    return client


@pytest.fixture
def superuser_browser(client, django_user_model):
    client.raise_request_exception = False
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    return client


def statuses(client, paths, *, follow=False):
    return {path: client.get(path, follow=follow).status_code for path in paths}


def test_a_malformed_record_id_is_a_404_on_every_record_page(manager_browser):
    member = MemberFactory()
    paths = [
        f"/admin/members/member/{bad}/{page}"
        for bad in MALFORMED_IDS
        for page in ("change/", "history/", "delete/", f"history/{1}/")
    ]
    paths += [
        f"/admin/members/member/{member.pk}/history/{bad}/" for bad in MALFORMED_IDS
    ]
    assert statuses(manager_browser, paths) == dict.fromkeys(paths, 404)


def test_an_existing_record_and_version_still_show(manager_browser):
    member = MemberFactory()
    version = member.history.get().history_id
    paths = [
        f"/admin/members/member/{member.pk}/change/",
        f"/admin/members/member/{member.pk}/history/",
        f"/admin/members/member/{member.pk}/history/{version}/",
    ]
    assert statuses(manager_browser, paths) == dict.fromkeys(paths, 200)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/admin/members/member/", {"id__in": HUGE}),
        ("/admin/members/member/", {"id__in": f"1,{HUGE}"}),
        ("/admin/members/member/", {"id": HUGE}),
        ("/admin/members/member/", {"pk__gt": HUGE}),
        ("/admin/members/member/", {"id__in": "1,abc"}),
        ("/admin/events/participation/", {"event": HUGE}),
        ("/admin/events/participation/", {"event__id__exact": HUGE}),
        ("/admin/events/participation/", {"event__pk__in": f"1,{HUGE}"}),
        ("/admin/members/mandate/", {"member__id__exact": HUGE}),
        ("/admin/members/member/", {"no_such_field": "1"}),
    ],
)
def test_a_malformed_filter_is_a_400(manager_browser, path, query):
    assert manager_browser.get(path, query).status_code == 400


def test_well_formed_filters_still_filter(manager_browser):
    kept, other = MemberFactory(), MemberFactory()
    page = manager_browser.get("/admin/members/member/", {"id__in": f"{kept.pk}"})
    assert page.status_code == 200
    assert [m.pk for m in page.context["cl"].result_list] == [kept.pk]
    assert other.pk != kept.pk


@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_a_malformed_import_run_id_ends_on_a_404(superuser_browser, bad):
    # Those its URLs' <int:pk> does not match are sent to the change page.
    paths = [
        f"/admin/imports/importrun/{bad}/change/",
        f"/admin/imports/importrun/{bad}/errors.csv",
        f"/admin/imports/importrun/{bad}/history/members.historicalmember/",
    ]
    assert statuses(superuser_browser, paths, follow=True) == dict.fromkeys(paths, 404)
