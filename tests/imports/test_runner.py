import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.members.models import Mandate, Member
from tests.factories import MemberFactory
from tests.imports.helpers import errors, members_csv, run

pytestmark = pytest.mark.django_db

MEMBERS_DOUBLE = "code,name,city,country,region,category,joined_on,Name"
BARCELONA = "M001,Barcelona area,Barcelona,ES,Europe,full,2000-01-01,"
MONTREAL = "M002,Montréal area,Montréal,CA,North America,associate,2005-06-01,"


def test_imports_new_members():
    report = run({"members.csv": members_csv(BARCELONA, MONTREAL)})
    assert errors(report) == []
    assert (report.files[0].new, report.files[0].updated) == (2, 0)
    member = Member.objects.get(code="M002")
    assert member.name == "Montréal area"
    assert member.category == "associate"
    assert member.joined_on == dt.date(2005, 6, 1)
    assert member.left_on is None
    assert member.city == "Montréal"


def test_reimporting_the_same_file_changes_nothing():
    files = {"members.csv": members_csv(BARCELONA, MONTREAL)}
    run(files)
    before = list(Member.objects.values().order_by("pk"))
    report = run(files)
    assert (report.files[0].new, report.files[0].updated) == (0, 0)
    assert report.files[0].unchanged == 2
    assert list(Member.objects.values().order_by("pk")) == before


def test_a_changed_row_updates_its_record_and_missing_rows_stay():
    run({"members.csv": members_csv(BARCELONA, MONTREAL)})
    changed = BARCELONA.replace("full,2000-01-01,", "full,2000-01-01,2021-07-01")
    report = run({"members.csv": members_csv(changed)})
    assert (report.files[0].new, report.files[0].updated) == (0, 1)
    assert Member.objects.get(code="M001").left_on == dt.date(2021, 7, 1)
    assert Member.objects.filter(code="M002").exists()


def test_optional_columns_absent_from_a_file_keep_their_values():
    run({"members.csv": members_csv(BARCELONA)})
    report = run(
        {
            "members.csv": members_csv(
                "M001,Barcelona,ES,full,2000-01-01",
                header="code,name,country,category,joined_on",
            )
        }
    )
    assert report.files[0].updated == 1
    member = Member.objects.get(code="M001")
    assert (member.name, member.region, member.city) == (
        "Barcelona",
        "Europe",
        "Barcelona",
    )


def test_utf8_with_bom_semicolons_and_european_dates():
    content = (
        "\ufeffcode;name;country;category;joined_on\nM001;Montréal;CA;full;07/03/2021\n"
    )
    report = run({"members.csv": content.encode("utf-8")})
    assert errors(report) == []
    member = Member.objects.get()
    assert (member.name, member.joined_on) == ("Montréal", dt.date(2021, 3, 7))


def test_windows_1252_with_tabs():
    content = (
        "code\tname\tcountry\tcategory\tjoined_on\n"
        "M001\tSão Paulo \N{EN DASH} Bogotá\tBR\tfull\t2021-01-05\n"
    )
    report = run({"members.csv": content.encode("cp1252")})
    assert errors(report) == []
    assert Member.objects.get().name == "São Paulo \N{EN DASH} Bogotá"


def test_headers_and_cells_are_trimmed_and_case_insensitive():
    content = (
        " CODE ,Name,COUNTRY, Category ,Joined_On\n"
        " M001 , Lyon ,fr, FULL , 2021-01-05 \n"
    )
    report = run({"members.csv": content})
    assert errors(report) == []
    member = Member.objects.get()
    assert (member.code, member.name, member.country, member.category) == (
        "M001",
        "Lyon",
        "FR",
        "full",
    )


def test_blank_rows_are_skipped():
    content = members_csv(BARCELONA) + ",,,,,,,\n, ,\n\n"
    report = run({"members.csv": content})
    assert errors(report) == []
    assert Member.objects.count() == 1


def test_a_file_name_matches_whatever_its_case():
    report = run({"Members.CSV": members_csv(BARCELONA)})
    assert errors(report) == []
    assert Member.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "M001,Barcelona area,Barcelona,ES,Europe,full,31/02/2021,",
            "members.csv:2 joined_on=31/02/2021: not a day of the calendar",
        ),
        (
            "M001,Barcelona area,Barcelona,ES,Europe,gold,2000-01-01,",
            "members.csv:2 category=gold: not one of the allowed values: full, "
            "associate, strategic, benefactor, collaborator, sponsor",
        ),
        (
            "M001,Barcelona area,Barcelona,XX,Europe,full,2000-01-01,",
            "members.csv:2 country=XX: not an ISO 3166 alpha-2 country code "
            "(e.g. ES, FR, BR)",
        ),
        (
            "M001,Barcelona area,Barcelona,ESP,Europe,full,2000-01-01,",
            "members.csv:2 country=ESP: not an ISO 3166 alpha-2 country code "
            "(e.g. ES, FR, BR)",
        ),
        (
            "M001,,Barcelona,ES,Europe,full,2000-01-01,",
            "members.csv:2 name=: a value is required",
        ),
        (
            "M001,Barcelona area,Barcelona,ES,Europe,full,2000-01-01,1999-01-01",
            "members.csv:2 left_on=1999-01-01 joined_on=2000-01-01: A member must "
            "leave after joining.",
        ),
        (
            "M001,Barcelona area,Barcelona,ES,Europe,full,2000-01-01,,extra",
            "members.csv:2: 9 cells but the header has 8 columns",
        ),
        (
            "M001," + "x" * 201 + ",Barcelona,ES,Europe,full,2000-01-01,",
            "members.csv:2 name=" + "x" * 201 + ": Ensure this value has at most "
            "200 characters (it has 201).",
        ),
    ],
)
def test_bad_cells_are_reported_and_nothing_is_written(row, message):
    report = run({"members.csv": members_csv(MONTREAL, row)})
    assert message.replace(":2", ":3", 1) in errors(report)
    assert not report.written
    assert Member.objects.count() == 0


def test_every_error_of_a_file_is_reported():
    report = run(
        {
            "members.csv": members_csv(
                "M001,A,,ES,,gold,2000-01-01,",
                "M002,B,,ES,,full,someday,",
                "M003,C,,QQ,,full,2000-01-01,",
            )
        }
    )
    assert [(e.line, e.cells[0][0]) for e in report.errors] == [
        (2, "category"),
        (3, "joined_on"),
        (4, "country"),
    ]


def test_unknown_and_missing_columns_name_the_column():
    report = run(
        {
            "members.csv": "code,name,contry,category,joined_on,notes\n"
            "M001,A,ES,full,2000-01-01,x\n"
        }
    )
    assert errors(report) == [
        "members.csv:1 column=contry: unknown column",
        "members.csv:1 column=notes: unknown column",
        "members.csv:1 column=country: required column is missing",
    ]


def test_note_columns_named_with_a_hash_are_ignored():
    report = run(
        {
            "members.csv": "code,name,country,category,joined_on,#leader_name\n"
            "M001,A,ES,full,2000-01-01,Ada Colau\n"
        }
    )
    assert errors(report) == []
    assert report.files[0].new == 1


def test_a_column_named_twice_is_an_error():
    report = run({"members.csv": members_csv(BARCELONA, header=MEMBERS_DOUBLE)})
    assert "members.csv:1 column=name: column appears twice in the header" in errors(
        report
    )


def test_a_key_twice_in_one_file_names_both_lines():
    report = run({"members.csv": members_csv(BARCELONA, MONTREAL, BARCELONA)})
    assert errors(report) == [
        "members.csv:4 code=M001: the same key is already on line 2"
    ]
    assert Member.objects.count() == 0


def test_an_unknown_file_name_is_an_error_and_nothing_is_written():
    report = run({"members.csv": members_csv(BARCELONA), "membres.csv": "code\n"})
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(
        "membres.csv: unknown file name; the known files are"
    )
    assert Member.objects.count() == 0


def test_a_binary_file_is_refused():
    report = run({"members.csv": b"PK\x03\x04\x00\x00binary"})
    assert errors(report) == [
        "members.csv: not a text file (is it an Excel workbook saved as .csv?)"
    ]


def test_an_empty_file_is_refused():
    report = run({"members.csv": b""})
    assert errors(report) == ["members.csv: empty file, or no header on line 1"]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    report = run({"members.csv": b"code,name\n\x81\x8d\n"})
    assert errors(report)[0].startswith(
        "members.csv: neither UTF-8 nor Windows-1252 text"
    )


def test_no_files_at_all_is_an_error():
    report = run({})
    assert errors(report) == ["-: no annual file found (.csv or .xlsx)"]


def test_an_error_in_a_later_file_writes_nothing_from_earlier_files():
    report = run(
        {
            "members.csv": members_csv(BARCELONA),
            "mandates.csv": "member_code,leader_name,gender,started_on\n"
            "M001,Ada Colau,woman,2015-06-13\n"
            "M999,Someone,man,2015-06-13\n",
        }
    )
    assert errors(report) == [
        "mandates.csv:3 member_code=M999: no member with this code"
    ]
    assert report.files[0].new == 1
    assert Member.objects.count() == 0
    assert Mandate.objects.count() == 0


def test_files_are_imported_in_dependency_order():
    report = run(
        {
            "mandates.csv": "member_code,leader_name,gender,started_on,ended_on\n"
            "M001,Ada Colau,Femme,13/06/2015,17/06/2023\n"
            "M001,Jaume Collboni,H,17/06/2023,\n"
            "M002,Valérie Plante,,2017-11-16,\n",
            "members.csv": members_csv(BARCELONA, MONTREAL),
        }
    )
    assert errors(report) == []
    assert [f.name for f in report.files] == ["members.csv", "mandates.csv"]
    assert list(
        Mandate.objects.order_by("started_on").values_list("member__code", "gender")
    ) == [("M001", "woman"), ("M002", "undisclosed"), ("M001", "man")]


def test_mandate_key_is_member_and_start_date():
    report = run(
        {
            "members.csv": members_csv(BARCELONA),
            "mandates.csv": "member_code,leader_name,gender,started_on\n"
            "M001,Ada Colau,woman,2015-06-13\n"
            "M001,Ada Colau,woman,13/06/2015\n",
        }
    )
    assert errors(report) == [
        "mandates.csv:3 member_code=M001 started_on=13/06/2015: "
        "the same key is already on line 2"
    ]


def test_a_mandate_ending_before_it_starts_is_refused():
    MemberFactory(code="M001")
    report = run(
        {
            "mandates.csv": "member_code,leader_name,gender,started_on,ended_on\n"
            "M001,Ada Colau,woman,2015-06-13,2015-06-13\n"
        }
    )
    assert errors(report) == [
        "mandates.csv:2 ended_on=2015-06-13 started_on=2015-06-13: A mandate must "
        "end after it starts."
    ]


def test_dry_run_counts_and_writes_nothing():
    MemberFactory(code="M001", name="Old name", joined_on=dt.date(2000, 1, 1))
    report = run({"members.csv": members_csv(BARCELONA, MONTREAL)}, dry_run=True)
    assert errors(report) == []
    assert (report.files[0].new, report.files[0].updated) == (1, 1)
    assert not report.written
    assert Member.objects.get().name == "Old name"


def test_queries_grow_with_batches_not_rows():
    def rows(n):
        return [f"M{i:04d},Member {i},,ES,,full,2000-01-01," for i in range(n)]

    with CaptureQueriesContext(connection) as small:
        run({"members.csv": members_csv(*rows(10))})
    Member.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        run({"members.csv": members_csv(*rows(1000))})
    # Existing keys are fetched and rows inserted in batches of at most 500.
    assert len(small) <= len(large) <= len(small) + 1000 // 100


def test_references_are_looked_up_afresh_on_every_run():
    run({"members.csv": members_csv(BARCELONA)})
    MemberFactory(code="M777")
    report = run(
        {
            "mandates.csv": "member_code,leader_name,gender,started_on\n"
            "M777,Someone,woman,2020-01-01\n"
        }
    )
    assert errors(report) == []
    assert Mandate.objects.get().member.code == "M777"


def test_a_row_with_fewer_cells_than_the_header_is_read():
    report = run({"members.csv": members_csv("M001,Lyon area,Lyon,FR,Europe,full")})
    assert errors(report) == ["members.csv:2 joined_on=: a value is required"]
    report = run({"members.csv": members_csv("M001,Lyon area,,FR,,full,2000-01-01")})
    assert errors(report) == []
    assert Member.objects.get().left_on is None


def test_a_database_refusal_is_reported_and_nothing_is_written(monkeypatch):
    from django.db import IntegrityError

    def refuse(model, instances):
        raise IntegrityError("constraint failed")

    monkeypatch.setattr("apps.imports.bulk.insert_many", refuse)
    report = run({"members.csv": members_csv(BARCELONA)})
    assert errors(report) == [
        "members.csv: the database refused the file: constraint failed"
    ]
    assert not report.written
    assert Member.objects.count() == 0


def test_errors_are_written_in_the_reader_language():
    from django.utils import translation

    with translation.override("fr"):
        report = run(
            {"members.csv": members_csv(BARCELONA.replace("2000-01-01", "31/02/2021"))}
        )
    assert errors(report) == [
        "members.csv:2 joined_on=31/02/2021: ce jour n'existe pas dans le calendrier"
    ]


def test_a_row_with_several_bad_cells_names_each_of_them():
    report = run(
        {
            "members.csv": members_csv(
                BARCELONA, "M002,,Porto,PTX,Europe,founder,2001-13-01,"
            )
        }
    )
    assert errors(report) == [
        "members.csv:3 name=: a value is required",
        "members.csv:3 country=PTX: not an ISO 3166 alpha-2 country code "
        "(e.g. ES, FR, BR)",
        "members.csv:3 category=founder: not one of the allowed values: full, "
        "associate, strategic, benefactor, collaborator, sponsor",
        "members.csv:3 joined_on=2001-13-01: not a day of the calendar",
    ]
    assert not Member.objects.exists()


def test_the_changes_of_a_file_are_listed_in_line_order():
    run({"members.csv": members_csv(BARCELONA, MONTREAL)})
    report = run(
        {
            "members.csv": members_csv(
                BARCELONA.replace("Barcelona area", "Barcelona"),
                "M003,Lyon area,Lyon,FR,Europe,full,2000-01-01,",
                MONTREAL,
                MONTREAL.replace("M002,Montréal area", "M004,Québec area"),
                BARCELONA.replace("M001", "M005"),
            )
        },
        dry_run=True,
    )
    assert report.files[0].preview == [
        (2, "updated", "M001", [("name", "Barcelona area", "Barcelona")]),
        (3, "new", "M003", []),
        (5, "new", "M004", []),
        (6, "new", "M005", []),
    ]


def test_a_reimport_reads_stored_rows_without_a_record_instance_each(monkeypatch):
    """Records are compared as values; only changed rows become instances."""
    rows = [f"M{i:04d},Member {i},,ES,,full,2000-01-01," for i in range(30)]
    run({"members.csv": members_csv(*rows)})
    made = []
    original = Member.from_db

    def counted(*args, **kwargs):
        made.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(Member, "from_db", counted)
    rows[7] = rows[7].replace("Member 7", "Renamed")
    report = run({"members.csv": members_csv(*rows)})
    assert (report.files[0].updated, report.files[0].unchanged) == (1, 29)
    assert Member.objects.get(code="M0007").name == "Renamed"
    assert len(made) <= 2  # the changed record (and the refreshed one, if any)


def test_the_preview_names_the_record_and_shows_old_and_new_values():
    from tests.factories import EventFactory, MemberFactory

    EventFactory(code="SM2020-1")
    MemberFactory(code="M001", name="Barcelona")
    MemberFactory(code="M002", name="Lyon")
    header = "event_code,participant_ref,gender,role,member_code,country\n"
    before = "SM2020-1,ana@example.org,woman,leader,M001,ES\n"
    assert errors(run({"participations.csv": header + before})) == []
    after = "SM2020-1,ana@example.org,non_binary,leader,M002,ES\n"
    report = run({"participations.csv": header + after}, dry_run=True)
    assert report.files[0].preview == [
        (
            2,
            "updated",
            "SM2020-1, (hidden)",  # the participant's reference is personal
            [
                ("gender", "Woman", "Non-binary"),
                ("member_code", "Barcelona (M001)", "Lyon (M002)"),
            ],
        )
    ]
