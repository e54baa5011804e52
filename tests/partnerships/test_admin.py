import pytest

from apps.partnerships.models import Agreement
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

COUNTERPART_RULE = (
    "An agreement's counterpart is exactly one of: a member, an alliance, or "
    "another party."
)


def add_agreement(client, **fields):
    data = {
        "code": "AG1",
        "signed_on": "2021-06-01",
        "title": "Cooperation",
        "kind": "",
        "counterpart_type": "other",
        "counterpart_member": "",
        "counterpart_alliance": "",
        **fields,
    }
    return client.post("/admin/partnerships/agreement/add/", data)


@pytest.mark.parametrize(
    ("counterpart_type", "with_member"),
    [("member", False), ("alliance", True), ("other", True)],
)
def test_the_admin_shows_the_counterpart_rule_on_the_counterpart_type(
    admin_client, counterpart_type, with_member
):
    member = MemberFactory()
    response = add_agreement(
        admin_client,
        counterpart_type=counterpart_type,
        counterpart_member=member.pk if with_member else "",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "counterpart_type": [COUNTERPART_RULE]
    }
    assert not Agreement.objects.exists()


def test_the_admin_adds_an_agreement_with_its_member(admin_client):
    member = MemberFactory()
    response = add_agreement(
        admin_client, counterpart_type="member", counterpart_member=member.pk
    )
    assert response.status_code == 302
    assert Agreement.objects.get().counterpart_member == member
