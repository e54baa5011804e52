"""The benchmark behind docs/performance.md (`make bench`): prints tables.

Usage: python bench/run.py [--participations 10000,100000] [--repeat 7]

For each size: synthetic annual files (bench/generate.py) are imported
file by file into a scratch database (SQLite in a temporary file unless
DATABASE_URL is set: that database is EMPTIED), each file's rate set against
the floor of a plain csv + bulk_create of the same participations, and of
the raw driver writing them (a `sqlite3` executemany on SQLite, a COPY on
PostgreSQL); then the dashboard, the API and the report of
the last year are requested through the test client (median of the repeats)
against the floor of replaying, as raw SQL, the queries the page made.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ORDER = [
    "members.csv",
    "mandates.csv",
    "events.csv",
    "measurements.csv",
    "participations.csv",
]
PAGES = ["/dashboard/{year}/", "/api/indicators/{year}/", "/report/{year}/"]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_seconds(func, repeat: int) -> float:
    func()  # warm-up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def empty(model) -> None:
    """Delete every row at once: a queryset's delete() would write a history
    entry per row, one at a time, which the floors don't measure."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def floor_bulk_create(path: Path) -> float:
    """Seconds to insert the file's participations with csv + bulk_create."""
    from django.db import transaction

    from apps.events.models import Event, Participation
    from apps.events.privacy import participant_hasher
    from apps.members.models import Member

    empty(Participation)
    started = time.perf_counter()
    events = dict(Event.objects.values_list("code", "pk"))
    members = dict(Member.objects.values_list("code", "pk"))
    hash_ref = participant_hasher()
    with transaction.atomic(), path.open(encoding="utf-8") as file:
        batch = []
        for row in csv.DictReader(file):
            batch.append(
                Participation(
                    event_id=events[row["event_code"]],
                    participant_key=hash_ref(row["participant_ref"]),
                    gender=row["gender"],
                    role=row["role"],
                    member_id=members.get(row["member_code"]),
                    country=row["country"],
                )
            )
            if len(batch) == 1000:
                Participation.objects.bulk_create(batch)
                batch = []
        Participation.objects.bulk_create(batch)
    return time.perf_counter() - started


def floor_copy(path: Path) -> float | None:
    """Seconds for a PostgreSQL COPY of the same rows (None elsewhere)."""
    from django.db import connection, transaction

    from apps.events.models import Event, Participation
    from apps.events.privacy import participant_hasher
    from apps.members.models import Member

    if connection.vendor != "postgresql":
        return None
    empty(Participation)
    started = time.perf_counter()
    events = dict(Event.objects.values_list("code", "pk"))
    members = dict(Member.objects.values_list("code", "pk"))
    hash_ref = participant_hasher()
    table = Participation._meta.db_table
    columns = "event_id, participant_key, gender, role, member_id, country"
    sql = f"COPY {table} ({columns}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        path.open() as file,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in csv.DictReader(file):
            copy.write_row(
                (
                    events[row["event_code"]],
                    hash_ref(row["participant_ref"]),
                    row["gender"],
                    row["role"],
                    members.get(row["member_code"]),
                    row["country"],
                )
            )
    return time.perf_counter() - started


def floor_executemany(path: Path) -> float | None:
    """Seconds for a raw `sqlite3` executemany of the same rows (None elsewhere).

    The driver's own connection, one prepared INSERT, no Django in the loop:
    what SQLite itself takes to write the rows, with the same reading of the
    csv, the same lookups and the same participant hash as the other floors.
    """
    from django.db import connection, transaction

    from apps.events.models import Event, Participation
    from apps.events.privacy import participant_hasher
    from apps.members.models import Member

    if connection.vendor != "sqlite":
        return None
    empty(Participation)
    started = time.perf_counter()
    events = dict(Event.objects.values_list("code", "pk"))
    members = dict(Member.objects.values_list("code", "pk"))
    hash_ref = participant_hasher()
    table = Participation._meta.db_table
    columns = "event_id, participant_key, gender, role, member_id, country"
    sql = f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?)"
    with transaction.atomic(), path.open(encoding="utf-8") as file:
        connection.ensure_connection()
        connection.connection.executemany(
            sql,
            (
                (
                    events[row["event_code"]],
                    hash_ref(row["participant_ref"]),
                    row["gender"],
                    row["role"],
                    members.get(row["member_code"]),
                    row["country"],
                )
                for row in csv.DictReader(file)
            ),
        )
    return time.perf_counter() - started


def bench_imports(directory: Path) -> list[list]:
    from apps.imports.runner import import_annual_files

    rows = []
    for name in ORDER:
        path = directory / name
        count = sum(1 for _ in path.open()) - 1
        started = time.perf_counter()
        report = import_annual_files({name: path})
        seconds = time.perf_counter() - started
        assert report.ok, [str(e) for e in report.errors[:3]]
        floor = copy = raw = None
        if name == "participations.csv":
            floor = floor_bulk_create(path)
            copy = floor_copy(path)
            raw = floor_executemany(path)
            assert import_annual_files({name: path}).ok  # our rows back in place
        rows.append([name, count, seconds, floor, copy or raw, peak_mib()])
    return rows


def bench_pages(repeat: int) -> list[list]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.indicators.registry import registry
    from apps.indicators.roles import MANAGERS, setup_roles

    setup_roles()
    user, _ = get_user_model().objects.get_or_create(username="bench-manager")
    user.groups.add(Group.objects.get(name=MANAGERS))
    client = Client()
    client.force_login(user)
    year = registry.years_with_data()[-1]
    rows = []
    for template in PAGES:
        url = template.format(year=year)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        statements = [q["sql"] for q in captured.captured_queries]

        def replay(statements=statements):
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        page = median_seconds(lambda url=url: client.get(url), repeat)
        floor = median_seconds(replay, repeat)
        rows.append([url, page, floor, len(statements)])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participations", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    import environment

    environment.setup(scratch)
    from django.core.management import call_command
    from django.db import connection
    from generate import generate_at_scale

    call_command("migrate", verbosity=0)
    python = sys.version.split()[0]
    print(f"# {connection.vendor}, Python {python}, {os.cpu_count()} cores")
    for size in [int(n) for n in args.participations.split(",")]:
        call_command("flush", interactive=False, verbosity=0)
        directory = scratch / f"files-{size}"
        generate_at_scale(directory, size)
        print(f"\n## {size:,} participations\n")
        raw_floor = "COPY" if connection.vendor == "postgresql" else "executemany"
        print(
            "| file | rows | seconds | rows/s | bulk_create floor | ratio "
            f"| raw {raw_floor} floor | ratio | peak RSS MiB |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, count, seconds, floor, raw, peak in bench_imports(directory):
            floor_rate = f"{count / floor:,.0f} rows/s" if floor else ""
            ratio = f"{seconds / floor:.2f}x" if floor else ""
            raw_rate = f"{count / raw:,.0f} rows/s" if raw else ""
            raw_ratio = f"{seconds / raw:.2f}x" if raw else ""
            print(
                f"| {name} | {count:,} | {seconds:.2f} | {count / seconds:,.0f} | "
                f"{floor_rate} | {ratio} | {raw_rate} | {raw_ratio} | {peak:,.0f} |"
            )
        print("\n| page | median ms | raw SQL floor ms | ratio | queries |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for url, page, floor, queries in bench_pages(args.repeat):
            print(
                f"| {url} | {page * 1000:,.1f} | {floor * 1000:,.1f} | "
                f"{page / floor:.2f}x | {queries} |"
            )


if __name__ == "__main__":
    main()
