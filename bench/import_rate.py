"""Measure the annual import of a large file (rows per second, peak memory).

Usage: python bench/import_rate.py [members|participations] [ROWS] [--phases]
       (default: participations 100000)

Writes ROWS synthetic rows to a temporary directory, imports them into a
fresh database (SQLite in a temporary file unless DATABASE_URL is set: that
database is migrated and EMPTIED, so point it at a scratch one), then imports
the same file again (every row unchanged) and prints both timings. For
participations, 2,000 events and 1,000 members are imported first, untimed.
With --phases, each import's time is also split into the steps the import
times itself (read, parse, keys met before, look up, plan, write, history).
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CATEGORIES = ["full", "associate", "strategic", "benefactor"]
GENDERS = ["woman", "man", "woman", "man", "undisclosed", "non_binary"]
ROLES = ["attendee", "attendee", "attendee", "speaker", "expert", "leader"]


def write_members(directory: Path, rows: int) -> None:
    with (directory / "members.csv").open("w", encoding="utf-8") as file:
        file.write("code,name,city,country,region,category,joined_on,left_on\n")
        for i in range(rows):
            left = f"20{10 + i % 12}-06-30" if i % 17 == 0 else ""
            file.write(
                f"M{i:07d},Metropolitan area {i},City {i},ES,Europe,"
                f"{CATEGORIES[i % 4]},{1980 + i % 30}-{1 + i % 12:02d}-15,{left}\n"
            )


def write_events(directory: Path, rows: int) -> None:
    with (directory / "events.csv").open("w", encoding="utf-8") as file:
        file.write("code,title,kind,role,format,starts_on\n")
        for i in range(rows):
            file.write(
                f"E{i:06d},Event {i},webinar,led,online,"
                f"{2010 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            )


def write_participations(directory: Path, rows: int, events: int, members: int):
    with (directory / "participations.csv").open("w", encoding="utf-8") as file:
        file.write("event_code,participant_ref,gender,role,member_code,country\n")
        for i in range(rows):
            member = f"M{i % members:07d}" if i % 3 == 0 else ""
            file.write(
                f"E{i % events:06d},Person.{i // 7}@Example.org,{GENDERS[i % 6]},"
                f"{ROLES[i % 6]},{member},FR\n"
            )


def main() -> None:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    phases = "--phases" in sys.argv
    kind = args[0] if args else "participations"
    rows = int(args[1]) if len(args) > 1 else 100_000
    scratch = Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    import environment

    environment.setup(scratch)
    from django.core.management import call_command
    from django.db import connection

    from apps.imports.runner import find_annual_files, import_annual_files

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    setup, timed = scratch / "setup", scratch / "timed"
    setup.mkdir()
    timed.mkdir()
    if kind == "members":
        write_members(timed, rows)
    elif kind == "participations":
        write_members(setup, 1000)
        write_events(setup, 2000)
        assert import_annual_files(find_annual_files(setup)).ok
        write_participations(timed, rows, events=2000, members=1000)
    else:
        raise SystemExit(f"Unknown file kind {kind!r}: members or participations.")
    print(f"{kind}.csv, {rows} rows, {connection.vendor}")
    for label in ("first import", "re-import (unchanged)"):
        started = time.perf_counter()
        report = import_annual_files(find_annual_files(timed))
        elapsed = time.perf_counter() - started
        # Peak resident memory of the whole process so far, Django included.
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert report.ok, [str(e) for e in report.errors[:5]]
        file = report.files[0]
        print(
            f"{label:<22} {elapsed:6.2f} s  {rows / elapsed:9,.0f} rows/s  "
            f"peak RSS {peak_kib / 1024:6.0f} MiB  "
            f"(new {file.new}, updated {file.updated}, unchanged {file.unchanged})"
        )
        if phases:  # the steps the import itself times (FileReport.timings)
            for step, seconds in file.timings.items():
                print(f"  {step:<28} {seconds:6.2f} s")
            other = elapsed - sum(file.timings.values())
            print(f"  {'other (open, commit…)':<28} {other:6.2f} s")


if __name__ == "__main__":
    main()
