"""A record's admin page links only to pages its reader may open."""

import re

import pytest
from django.contrib import admin

from apps.indicators.roles import RECORD_APPS
from tests import factories
from tests.test_admin_lists import FACTORIES

pytestmark = pytest.mark.django_db

CHANGE_LINK = re.compile(r'href="(/admin/\w+/\w+/[^/"]+/change/)"')


def a_record(label, user):
    """Make a record whose page the user opens, its links to users filled in."""
    if label == "accounts.apitoken":
        return factories.ApiTokenFactory(user=user)  # each sees only theirs
    if label == "indicators.edition":
        author = factories.UserFactory(username="author")
        return factories.EditionFactory(published_by=author, withdrawn_by=author)
    if label == "imports.importrun":
        return factories.ImportRunFactory(user=factories.UserFactory(username="x"))
    return FACTORIES[label]()


@pytest.mark.parametrize("role", ["manager", "secretariat"])
@pytest.mark.parametrize(
    "label",
    sorted(
        label
        for label in FACTORIES
        if label.split(".")[0] in {*RECORD_APPS, "accounts"}
    ),
)
def test_a_record_page_links_to_no_page_its_reader_may_not_open(
    client, request, role, label
):
    user = request.getfixturevalue(role)
    record = a_record(label, user)
    client.force_login(user)
    opts = record._meta
    page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/")
    assert page.status_code == 200
    links = set(CHANGE_LINK.findall(page.content.decode()))
    refused = {link for link in links if client.get(link).status_code != 200}
    assert refused == set()


def test_an_edition_names_its_publisher_with_a_link_only_for_who_may_see_users(
    client, manager
):
    author = factories.UserFactory(username="author")
    edition = factories.EditionFactory(published_by=author)
    url = f"/admin/indicators/edition/{edition.pk}/change/"
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert '<div class="readonly">author</div>' in html
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    html = client.get(url).content.decode()
    assert (
        f'<div class="readonly"><a href="/admin/auth/user/{author.pk}/change/">'
        "author</a></div>"
    ) in html


def test_the_readonly_links_of_the_admin_are_checked_for_every_model_admin():
    # The check lives in the base every model admin derives from.
    from apps.common.admin_base import SafeInputMixin

    assert all(
        isinstance(model_admin, SafeInputMixin)
        for model_admin in admin.site._registry.values()
    )


def test_a_version_page_links_a_related_record_its_reader_may_open(client, manager):
    mandate = factories.MandateFactory()
    entry = mandate.history.get()
    client.force_login(manager)
    page = client.get(f"/admin/members/mandate/{mandate.pk}/history/{entry.pk}/")
    assert page.status_code == 200
    assert f'<a href="/admin/members/member/{mandate.member_id}/change/">' in (
        page.content.decode()
    )
