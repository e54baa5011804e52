"""Every admin list answers with a query count that does not grow with rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.indicators.roles import RECORD_APPS
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
