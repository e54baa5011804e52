"""Load test (`make load`): signed-in users on the dashboard and the API.

Usage: python bench/load.py [--users 50] [--duration 60] [--workers N]
       [--year 2021] [--generate N] [--database-url URL] [--json]

Prepares a database (a scratch SQLite file unless --database-url is given:
migrations, `load_demo`, and with --generate N also N synthetic
participations from bench/generate.py), starts the server as the container
does (bin/start: gunicorn, `--workers` default two a core plus one) on
127.0.0.1, signs in every user as the demo manager once (one session each,
made directly rather than through the login form, which may be throttled),
then for --duration seconds each user requests the year's dashboard and its
API in turn. Prints requests per second, latency percentiles per page and
the errors (any answer but 200). Loopback only; the figures depend on what
else the machine runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/dashboard/{year}/", "/api/indicators/{year}/"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument(
        "--workers", type=int, default=2 * len(os.sched_getaffinity(0)) + 1
    )
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument(
        "--generate", type=int, default=0, metavar="N", help="synthetic participations"
    )
    parser.add_argument(
        "--database-url", help="an existing database (default: scratch SQLite)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(scratch: Path, database_url: str | None) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{scratch / 'load.sqlite3'}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": os.environ.get(
            "DJANGO_SECRET_KEY", secrets.token_urlsafe(50)
        ),
        "PARTICIPANT_HASH_KEY": os.environ.get(
            "PARTICIPANT_HASH_KEY", "load-test-participant-key"
        ),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(scratch / "static"),
        "DJANGO_SETTINGS_MODULE": "metropolis_kpi.settings",
        "LOG_LEVEL": "WARNING",  # no access line per request
        "PYTHON": sys.executable,
    }


def prepare(users: int, generate_rows: int, scratch: Path) -> list[str]:
    """Fill the database, collect the static files; return a session cookie a user."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    quiet = StringIO()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=quiet)
    if generate_rows:
        sys.path.insert(0, str(ROOT / "bench"))
        from generate import generate_at_scale

        files = scratch / "generated"
        generate_at_scale(files, generate_rows)
        call_command("import_annual", str(files), stdout=quiet)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("create_demo_users", stdout=quiet)
    manager = get_user_model().objects.get(username="manager")
    sessions = []
    for _ in range(users):
        client = Client()
        client.force_login(manager)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        sessions.append(f"{cookie.key}={cookie.value}")
    connection.close()
    return sessions


def get(port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Cookie": cookie,
                # As behind the TLS proxy production runs behind.
                "X-Forwarded-Proto": "https",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_healthy(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped:\n{log.read_text()}")
        try:
            if get(port, "/healthz", "") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"No answer on /healthz within 60 s:\n{log.read_text()}")


def run_users(port: int, sessions: list[str], paths: list[str], duration: float):
    """Each user requests the pages in turn until the time is up."""
    results: list[tuple[str, float, str]] = []  # path, seconds, outcome
    lock = threading.Lock()
    start = threading.Barrier(len(sessions) + 1)

    def user(session: str, offset: int) -> None:
        mine = []
        start.wait()
        end = time.monotonic() + duration
        turn = offset
        while time.monotonic() < end:
            path = paths[turn % len(paths)]
            turn += 1
            began = time.perf_counter()
            try:
                outcome = str(get(port, path, session))
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
            mine.append((path, time.perf_counter() - began, outcome))
        with lock:
            results.extend(mine)

    threads = [
        threading.Thread(target=user, args=(session, i), daemon=True)
        for i, session in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - began


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    if len(seconds) == 1:
        return (seconds[0] * 1000,) * 3
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def summarise(results, elapsed: float, paths: list[str]) -> dict:
    def line(subset):
        seconds = [s for _, s, _ in subset]
        errors = Counter(outcome for _, _, outcome in subset if outcome != "200")
        p50, p95, p99 = percentiles(seconds) if seconds else (0.0, 0.0, 0.0)
        return {
            "requests": len(subset),
            "requests_per_second": round(len(subset) / elapsed, 1),
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(p99, 1),
            "errors": sum(errors.values()),
            "error_kinds": dict(errors),
        }

    return {
        "seconds": round(elapsed, 1),
        "pages": [
            {"path": path, **line([r for r in results if r[0] == path])}
            for path in paths
        ],
        "total": line(results),
    }


def print_table(summary: dict) -> None:
    print(
        f"{summary['users']} users, {summary['seconds']} s, "
        f"{summary['workers']} gunicorn workers, {summary['database']}, "
        f"year {summary['year']}"
    )
    header = ("page", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{header[0]:<24}" + "".join(f"{h:>10}" for h in header[1:]))
    for name, row in [(p["path"], p) for p in summary["pages"]] + [
        ("all", summary["total"])
    ]:
        print(
            f"{name:<24}{row['requests']:>10}{row['requests_per_second']:>10}"
            f"{row['p50_ms']:>10}{row['p95_ms']:>10}{row['p99_ms']:>10}"
            f"{row['errors']:>10}"
        )
    if summary["total"]["error_kinds"]:
        print(f"errors by answer: {summary['total']['error_kinds']}")


def main(argv=None) -> None:
    args = parse_args(argv)
    paths = [page.format(year=args.year) for page in PAGES]
    with tempfile.TemporaryDirectory(prefix="kpi-load-") as scratch_name:
        scratch = Path(scratch_name)
        environment = server_environment(scratch, args.database_url)
        os.environ.update(environment)
        print("Preparing the database…", file=sys.stderr)
        sessions = prepare(args.users, args.generate, scratch)
        port = free_port()
        environment["GUNICORN_CMD_ARGS"] = (
            f"--bind 127.0.0.1:{port} --workers {args.workers}"
        )
        log = scratch / "server.log"
        with log.open("w") as server_log:
            server = subprocess.Popen(
                [str(ROOT / "bin" / "start")],
                env=environment,
                stdout=server_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                wait_until_healthy(port, server, log)
                for path in paths:  # warm every worker up a little
                    for _ in range(args.workers):
                        get(port, path, sessions[0])
                print(f"{args.users} users for {args.duration:g} s…", file=sys.stderr)
                results, elapsed = run_users(port, sessions, paths, args.duration)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
    summary = {
        "users": args.users,
        "workers": args.workers,
        "year": args.year,
        "database": environment["DATABASE_URL"].split(":", 1)[0],
        **summarise(results, elapsed, paths),
    }
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print_table(summary)


if __name__ == "__main__":
    main()
