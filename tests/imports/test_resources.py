import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.imports.registry import annual_files
from apps.imports.resources import AnnualResource, Column
from apps.imports.widgets import DateWidget
from apps.members.models import Member
from tests import factories
from tests.imports.helpers import errors, run

pytestmark = pytest.mark.django_db

GUIDE = Path(settings.BASE_DIR) / "docs" / "csv-formats.md"


def documented_columns() -> dict[str, list[str]]:
    """Each file's columns, in the order of its table in the guide."""
    files: dict[str, list[str]] = {}
    name = None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if heading := re.fullmatch(r"### (\S+\.csv)", line):
            name = heading[1]
        elif name and line.startswith("| column |"):
            files[name] = []
        elif name in files and line.startswith("|"):
            cell = line.split("|")[1].strip()
            if not cell.startswith("---"):
                files[name].append(cell)
        elif name in files:
            name = None  # the end of the file's table
    return files


def test_the_guide_documents_every_annual_file_and_no_other():
    assert sorted(documented_columns()) == annual_files.names()


@pytest.mark.parametrize("name", annual_files.names())
def test_each_file_reads_its_columns_in_the_order_the_guide_gives(name):
    resource = annual_files.get(name)()
    assert list(resource.columns()) == documented_columns()[name]


def test_a_resource_reads_the_columns_it_declares_in_declaration_order():
    class Reversed(AnnualResource):
        left_on = Column(widget=DateWidget())
        code = Column(required=True)
        member_name = Column(attribute="name")

        class Meta:
            model = Member
            import_id_fields = ("code",)

    resource = Reversed()
    assert list(resource.columns()) == ["left_on", "code", "member_name"]
    assert list(resource.fields) == ["left_on", "code", "member_name"]
    assert resource._meta.model is Member
    assert [column.column_name for column in resource.key_columns()] == ["code"]
    assert resource.key_attnames() == ["code"]
    assert resource.columns()["member_name"].attribute == "name"


def _recorded(name: str):
    """A record of the file `name`, every column of its file filled."""
    member = factories.MemberFactory(code="M001")
    day = dt.date(2021, 6, 15)
    match name:
        case "members.csv":
            return factories.MemberFactory(
                code="M002",
                name="Lyon, area",
                city="Lyon",
                country="FR",
                region="Europe",
                category="associate",
                joined_on=dt.date(2000, 1, 31),
                left_on=day,
            )
        case "mandates.csv":
            return factories.MandateFactory(
                member=member,
                gender="woman",
                started_on=day,
                ended_on=dt.date(2023, 1, 1),
            )
        case "alliances.csv":
            return factories.AllianceFactory(
                code="A1", kind="network", started_on=day, ended_on=dt.date(2022, 1, 1)
            )
        case "agreements.csv":
            return factories.AgreementFactory(
                counterpart_type="member", counterpart_member=member, kind="mou"
            )
        case "events.csv":
            congress = factories.EventFactory(code="C21", kind="congress")
            return factories.EventFactory(
                code="C21-S1",
                kind="session",
                format="hybrid",
                scope="regional",
                starts_on=day,
                ends_on=day,
                parent=congress,
            )
        case "publications.csv":
            return factories.PublicationFactory(
                has_gender_perspective=True, languages="en|fr|es"
            )
        case "declarations.csv":
            return factories.DeclarationFactory(has_gender_perspective=True)
        case "programmes.csv":
            return factories.ProgrammeFactory(ends_on=dt.date(2024, 1, 1))
        case "programme_members.csv":
            return factories.ProgrammeMemberFactory(member=member, joined_on=day)
        case "measurements.csv":
            return factories.MeasurementFactory(
                metric__code="followers",
                metric__source__code="twitter",
                metric__source__kind="social_network",
                as_of=day,
                value=12500,
            )
        case "names.csv":
            metric = factories.MetricFactory(code="practices")
            return factories.NameFactory(
                source=metric.source,
                metric="practices",
                name_en="Practices",
                name_fr="Pratiques",
                name_es="Prácticas",
                definition_en="Good practices shared.",
                definition_fr="Bonnes pratiques partagées.",
                definition_es="Buenas prácticas compartidas.",
            )
        case "staff.csv":
            return factories.StaffMemberFactory(
                gender="non_binary", ended_on=dt.date(2022, 1, 1)
            )
        case "funding.csv":
            return factories.FundingEntryFactory(
                year=2021, category="partnerships", amount=Decimal("1234.50")
            )
        case "targets.csv":
            return factories.TargetFactory(year=2021, value=Decimal("12.25"))
        case "plans.csv":
            return factories.PlanFactory()
        case "plan_indicators.csv":
            return factories.PlanIndicatorFactory(
                baseline_value=Decimal("3.50"), baseline_year=2019, end_target=12
            )
    raise AssertionError(name)


def _as_file(header: list[str], cells: list[str]) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, cells])
    return text.getvalue()


EXPORTED = [name for name in annual_files.names() if name != "participations.csv"]
# Columns a record of the file cannot fill together with all the others.
EXCLUSIVE = {"events.csv": ["statutory_body"]}  # a session belongs to no body


@pytest.mark.parametrize("name", EXPORTED)
def test_a_record_exported_as_its_file_imports_back_unchanged(name):
    resource = annual_files.get(name)()
    record = _recorded(name)
    header = [column.column_name for column in resource.export_columns()]
    cells = resource.export_cells(record)
    assert header == list(resource.columns())
    empty = [column for column, cell in zip(header, cells, strict=True) if not cell]
    assert empty == EXCLUSIVE.get(name, [])
    report = run({name: _as_file(header, cells)})
    assert errors(report) == []
    assert (report.files[0].new, report.files[0].updated) == (0, 0)
    assert report.files[0].unchanged == 1


def test_a_participation_exports_every_column_but_the_participant():
    resource = annual_files.get("participations.csv")()
    participation = factories.ParticipationFactory(
        event__code="C21",
        gender="woman",
        role="speaker",
        member=factories.MemberFactory(code="M001"),
        country="BR",
    )
    header = [column.column_name for column in resource.export_columns()]
    assert header == ["event_code", "gender", "role", "member_code", "country"]
    assert resource.export_cells(participation) == [
        "C21",
        "woman",
        "speaker",
        "M001",
        "BR",
    ]


def test_no_command_imports_or_exports_with_the_resources_but_the_annual_import():
    with pytest.raises(CommandError, match="Unknown command: 'import'"):
        call_command("import", "apps.members.resources.MemberResource", "members.csv")
    with pytest.raises(CommandError, match="Unknown command: 'export'"):
        call_command("export", "csv", "apps.members.resources.MemberResource")
