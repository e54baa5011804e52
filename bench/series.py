"""Measure what a series across years costs: the series API, the pivot, a trend.

Usage: python bench/series.py [--participations 10000] [--years 10] [--repeat 5]

Writes the benchmarks' synthetic annual files (bench/generate.py: 1,000
members, an event per 50 participations) with their records spread over
--years years ending in 2022, imports them file by file into a scratch
database (SQLite in a temporary file unless DATABASE_URL is set: that
database is EMPTIED), then requests through the test client, signed in as a
manager, with production settings (bench/environment.py):

- the series API (`/api/indicators/?from=&to=`) and the pivot
  (`/pivot/?from=&to=`), over every year with data and over the last one;
- the page of one indicator, `participants.unique` (its aggregate, the
  participations' counters, is the costliest), whose trend covers every
  year with data; then the same page with its trend cut to the last year
  (the years with data narrowed to that one while it is measured).

For each: the number of queries, the median time of --repeat requests after
a warm-up (wall, and CPU of this process: Python and SQLite, not a
PostgreSQL server's), and the floor of replaying the page's queries as raw
SQL. A series of N years must cost at most N times the queries of one year.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import ORDER, median_seconds  # noqa: E402

INDICATOR = "participants.unique"


def median_times(func, repeat: int) -> tuple[float, float]:
    """Return the median wall seconds and the median CPU seconds of this
    process (Python, and SQLite, which runs in it) over `repeat` calls after a
    warm-up: on a busy machine the CPU time moves much less than the wall."""
    func()  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus)


def import_files(directory: Path) -> list[tuple[str, int, float]]:
    """Import the annual files one by one; return each one's rows and seconds."""
    from apps.imports.runner import import_annual_files

    imported = []
    for name in ORDER:
        path = directory / name
        with path.open(encoding="utf-8") as file:
            rows = sum(1 for _ in file) - 1
        started = time.perf_counter()
        report = import_annual_files({name: path})
        assert report.ok, [str(error) for error in report.errors[:3]]
        imported.append((name, rows, time.perf_counter() - started))
    return imported


def manager_client():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from apps.indicators.roles import MANAGERS, setup_roles

    setup_roles()
    user, _ = get_user_model().objects.get_or_create(username="bench-manager")
    user.groups.add(Group.objects.get(name=MANAGERS))
    client = Client()
    client.force_login(user)
    return client


def measure(client, url: str, repeat: int) -> tuple[int, float, float, float]:
    """Return the page's queries, its median wall and CPU seconds, and the
    median wall seconds of its raw SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    assert status == 200, (url, status)
    statements = [query["sql"] for query in captured.captured_queries]

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    wall, cpu = median_times(lambda: client.get(url), repeat)
    floor = median_seconds(replay, repeat)
    return len(statements), wall, cpu, floor


def bench_series(repeat: int) -> list[tuple[str, str, int, int, float, float, float]]:
    """Measure each page over every year with data, then over the last one."""
    from apps.indicators.registry import registry

    client = manager_client()
    years = registry.years_with_data()
    first, last = years[0], years[-1]
    rows = []
    for page, template in [
        ("series API", "/api/indicators/?from={first}&to={last}"),
        ("pivot", "/pivot/?from={first}&to={last}"),
    ]:
        for start in (first, last):
            url = template.format(first=start, last=last)
            rows.append((page, url, last - start + 1, *measure(client, url, repeat)))
    url = f"/indicators/{INDICATOR}/{last}/"
    rows.append(("indicator page", url, len(years), *measure(client, url, repeat)))
    only_last = range(last, last + 1)
    with mock.patch.object(registry, "years_with_data", return_value=only_last):
        rows.append(("indicator page", url, 1, *measure(client, url, repeat)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participations", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    import environment

    environment.setup(scratch)
    from django.core.management import call_command
    from django.db import connection
    from generate import generate_at_scale

    from apps.indicators.registry import registry

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    directory = scratch / "files"
    generate_at_scale(directory, args.participations, years=args.years)
    imported = import_files(directory)
    years = registry.years_with_data()
    python = sys.version.split()[0]
    print(f"# {connection.vendor}, Python {python}, {os.cpu_count()} cores")
    print(
        f"\n{args.participations:,} participations over {len(years)} years "
        f"({years[0]}-{years[-1]})\n"
    )
    print("| file | rows | import seconds |")
    print("| --- | ---: | ---: |")
    for name, rows, seconds in imported:
        print(f"| {name} | {rows:,} | {seconds:.2f} |")
    load = os.getloadavg()[0]
    measures = bench_series(args.repeat)
    print(f"\nMedian of {args.repeat} requests after a warm-up.\n")
    print("| page | URL | years | queries | median ms | CPU ms | raw SQL ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for page, url, count, queries, seconds, cpu, floor in measures:
        print(
            f"| {page} | {url} | {count} | {queries} | {seconds * 1000:,.1f} | "
            f"{cpu * 1000:,.1f} | {floor * 1000:,.1f} |"
        )
    ratio = f"{len(years)} years / 1 year"
    print(f"\n| page | queries, {ratio} | time, {ratio} | CPU, {ratio} |")
    print("| --- | ---: | ---: | ---: |")
    for every, one in zip(measures[::2], measures[1::2], strict=True):
        print(
            f"| {every[0]} | {every[3] / one[3]:.1f}x | {every[4] / one[4]:.1f}x | "
            f"{every[5] / one[5]:.1f}x |"
        )
    print(
        f"\nLoad average (one minute) before the requests: {load:.2f}, "
        f"after: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)."
    )


if __name__ == "__main__":
    main()
