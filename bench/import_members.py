"""Measure the annual import of a large members.csv (rows per second, memory).

Usage: python bench/import_members.py [ROWS]   (default 100000)

Writes ROWS synthetic members to a temporary directory, imports them into a
fresh database (SQLite in a temporary file unless DATABASE_URL is set: that
database is migrated and EMPTIED, so point it at a scratch one), then imports
the same file again (every row unchanged) and prints both timings.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_members(directory: Path, rows: int) -> Path:
    categories = ["full", "associate", "strategic", "benefactor"]
    path = directory / "members.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write("code,name,city,country,region,category,joined_on,left_on\n")
        for i in range(rows):
            left = f"20{10 + i % 12}-06-30" if i % 17 == 0 else ""
            file.write(
                f"M{i:07d},Metropolitan area {i},City {i},ES,Europe,"
                f"{categories[i % 4]},{1980 + i % 30}-{1 + i % 12:02d}-15,{left}\n"
            )
    return path


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    scratch = Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_DEBUG", "True")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metropolis_kpi.settings")
    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection

    logging.disable(logging.INFO)

    from apps.imports.runner import find_annual_files, import_annual_files

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    directory = scratch / "files"
    directory.mkdir()
    write_members(directory, rows)
    print(f"{rows} rows, {connection.vendor}")
    for label in ("first import", "re-import (unchanged)"):
        started = time.perf_counter()
        report = import_annual_files(find_annual_files(directory))
        elapsed = time.perf_counter() - started
        # Peak resident memory of the whole process so far, Django included.
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert report.ok, report.errors[:5]
        file = report.files[0]
        print(
            f"{label:<22} {elapsed:6.2f} s  {rows / elapsed:9,.0f} rows/s  "
            f"peak RSS {peak_kib / 1024:6.0f} MiB  "
            f"(new {file.new}, updated {file.updated}, unchanged {file.unchanged})"
        )


if __name__ == "__main__":
    main()
