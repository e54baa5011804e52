import pytest

from apps.partnerships.models import Agreement, Alliance
from tests.factories import AllianceFactory, MemberFactory
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

ALLIANCES = "code,name,kind,started_on,ended_on\n"
AGREEMENTS = "code,title,counterpart_type,counterpart_code,kind,signed_on\n"


def test_alliances_and_agreements_in_dependency_order():
    report = run(
        {
            "agreements.csv": AGREEMENTS
            + "AG1,With Lyon,member,M001,mou,2021-02-01\n"
            + "AG2,With UCLG,Alliance,UCLG,,01/03/2021\n"
            + "AG3,With a foundation,other,,grant,2021-04-01\n",
            "alliances.csv": ALLIANCES + "UCLG,United Cities,network,2015-01-01,\n",
            "members.csv": "code,name,country,category,joined_on\n"
            "M001,Lyon,FR,full,2000-01-01\n",
        }
    )
    assert errors(report) == []
    assert [f.name for f in report.files] == [
        "alliances.csv",
        "members.csv",
        "agreements.csv",
    ]
    by_code = {a.code: a for a in Agreement.objects.all()}
    assert by_code["AG1"].counterpart_member.code == "M001"
    assert by_code["AG2"].counterpart_alliance.code == "UCLG"
    assert by_code["AG3"].counterpart_member is None
    assert by_code["AG3"].counterpart_alliance is None
    report = run(
        {
            "agreements.csv": AGREEMENTS
            + "AG1,With Lyon,member,M001,mou,2021-02-01\n"
            + "AG2,With UCLG,alliance,UCLG,,2021-03-01\n"
            + "AG3,With a foundation,other,,grant,2021-04-01\n"
        }
    )
    assert report.files[0].unchanged == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "AG1,X,member,M999,,2021-01-01",
            "agreements.csv:2 counterpart_code=M999: no member with this code",
        ),
        (
            "AG1,X,alliance,M001,,2021-01-01",
            "agreements.csv:2 counterpart_code=M001: no alliance with this code",
        ),
        (
            "AG1,X,member,,,2021-01-01",
            "agreements.csv:2 counterpart_code=: a value is required: the code of "
            "the member",
        ),
        (
            "AG1,X,other,M001,,2021-01-01",
            "agreements.csv:2 counterpart_code=M001: must be empty when "
            "counterpart_type is other",
        ),
        (
            "AG1,X,city,M001,,2021-01-01",
            "agreements.csv:2 counterpart_type=city: not one of the allowed values: "
            "member, alliance, other",
        ),
        (
            "AG1,X,member,M001,,2021-02-30",
            "agreements.csv:2 signed_on=2021-02-30: not a day of the calendar",
        ),
    ],
)
def test_bad_agreements_are_refused(row, message):
    MemberFactory(code="M001")
    AllianceFactory(code="UCLG")
    report = run({"agreements.csv": AGREEMENTS + row + "\n"})
    assert errors(report) == [message]
    assert not Agreement.objects.exists()


def test_a_missing_counterpart_type_column_is_an_error():
    report = run({"agreements.csv": "code,title,signed_on\nAG1,X,2021-01-01\n"})
    assert errors(report) == [
        "agreements.csv:1 column=counterpart_type: required column is missing"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "A1,Alliance,,2021-01-01,2021-01-01",
            "alliances.csv:2 ended_on=2021-01-01 started_on=2021-01-01: An alliance "
            "must end after it starts.",
        ),
        ("A1,,,2021-01-01,", "alliances.csv:2 name=: a value is required"),
        ("A1,Alliance,,someday,", "alliances.csv:2 started_on=someday: not a date"),
    ],
)
def test_bad_alliances_are_refused(row, message):
    report = run({"alliances.csv": ALLIANCES + row + "\n"})
    assert errors(report)[0].startswith(message)
    assert not Alliance.objects.exists()
