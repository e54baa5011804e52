"""Every admin list answers with a query count that does not grow with rows."""

import itertools

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.indicators.roles import RECORD_APPS
from apps.members.models import Member
from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = {
    "members.member": lambda: factories.MandateFactory().member,
    "members.mandate": factories.MandateFactory,
    "events.event": lambda: factories.ParticipationFactory().event,
    "events.participation": factories.ParticipationFactory,
    "partnerships.alliance": factories.AllianceFactory,
    "partnerships.agreement": lambda: factories.AgreementFactory(
        counterpart_type="member", counterpart_member=factories.MemberFactory()
    ),
    "publications.publication": factories.PublicationFactory,
    "publications.declaration": factories.DeclarationFactory,
    "programmes.programme": lambda: factories.ProgrammeMemberFactory().programme,
    "programmes.programmemember": factories.ProgrammeMemberFactory,
    "measurements.source": lambda: factories.MetricFactory().source,
    "measurements.metric": factories.MetricFactory,
    "measurements.measurement": factories.MeasurementFactory,
    "secretariat.staffmember": factories.StaffMemberFactory,
    "secretariat.fundingentry": factories.FundingEntryFactory,
    "indicators.target": factories.TargetFactory,
    "indicators.edition": factories.EditionFactory,
    "plans.plan": lambda: factories.PlanIndicatorFactory().plan,
    "imports.importrun": factories.ImportRunFactory,
    # Sign-in attempts (django-axes), for the superuser to review and unlock.
    "axes.accessattempt": factories.AccessAttemptFactory,
    "axes.accesslog": factories.AccessLogFactory,
    "axes.accessfailurelog": factories.AccessFailureLogFactory,
    "accounts.apitoken": factories.ApiTokenFactory,
}


def test_every_registered_record_has_a_factory_here():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label not in {"auth"}
    }
    assert registered == set(FACTORIES)


@pytest.mark.parametrize("label", sorted(FACTORIES))
def test_admin_list_query_count_does_not_grow(client, secretariat, label):
    app_label, model_name = label.split(".")
    url = f"/admin/{app_label}/{model_name}/"
    if app_label in RECORD_APPS:
        client.force_login(secretariat)
    else:
        client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    make = FACTORIES[label]
    for _ in range(2):
        make()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(25):
        make()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert response.context["cl"].result_count >= 27


GROUP_NAMES = (f"Group {n}" for n in itertools.count())
EVERY_LIST = {
    **FACTORIES,
    "auth.user": factories.UserFactory,
    "auth.group": lambda: Group.objects.create(name=next(GROUP_NAMES)),
}


def test_every_list_of_the_admin_is_in_every_list():
    assert set(EVERY_LIST) == {
        model._meta.label_lower for model in admin.site._registry
    }


@pytest.mark.parametrize("label", sorted(EVERY_LIST))
def test_a_page_out_of_range_shows_the_last_or_the_first_page(
    client, monkeypatch, label
):
    app_label, model_name = label.split(".")
    model_admin = next(
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower == label
    )
    monkeypatch.setattr(model_admin, "list_per_page", 1)
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for _ in range(2):
        EVERY_LIST[label]()
    url = f"/admin/{app_label}/{model_name}/"
    last = client.get(url, {"p": "99999"})
    assert last.status_code == 200
    cl = last.context["cl"]
    assert cl.page_num == cl.paginator.num_pages > 1
    assert list(cl.result_list) == list(cl.paginator.page(cl.paginator.num_pages))
    first = client.get(url, {"p": "0"})
    assert first.status_code == 200
    assert first.context["cl"].page_num == 1


def test_a_list_emptied_of_its_last_page_shows_the_page_before(
    client, secretariat, monkeypatch
):
    monkeypatch.setattr(admin.site.get_model_admin(Member), "list_per_page", 1)
    for code in ["M1", "M2", "M3"]:
        factories.MemberFactory(code=code)
    client.force_login(secretariat)
    page = client.get("/admin/members/member/", {"p": "3", "o": "1"})
    [last] = page.context["cl"].result_list
    assert last.code == "M3"
    last.delete()
    response = client.get("/admin/members/member/", {"p": "3", "o": "1"})
    assert response.status_code == 200
    assert response.context["cl"].page_num == 2
    assert [member.code for member in response.context["cl"].result_list] == ["M2"]
