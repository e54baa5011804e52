"""Annual imports run as real commands, in other processes, on a database of
their own: a copy of the test database (SQLite file or PostgreSQL database).
"""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import secrets
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

DEMO = settings.BASE_DIR / "fixtures" / "demo"
# Demo files naming no member nor event, to reach more indicators.
DEMO_FILES = [
    "alliances.csv",
    "declarations.csv",
    "funding.csv",
    "publications.csv",
    "staff.csv",
    "targets.csv",
]
YEARS = (2020, 2021, 2022)
PARTICIPATIONS = 10_000
DOMAIN_APPS = (
    "members",
    "events",
    "partnerships",
    "publications",
    "programmes",
    "measurements",
    "secretariat",
    "indicators",
)
PROBE = f"""
import json, sys
from django.apps import apps
from apps.imports.models import ImportRun
from apps.indicators.results import evaluate_year
state = {{
    "rows": {{
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {DOMAIN_APPS!r} and model._meta.managed
    }},
    "runs": [
        [run.outcome, run.dry_run]
        for run in ImportRun.objects.order_by("pk")
    ],
}}
if INDICATORS:
    state["indicators"] = {{
        year: [result.as_dict() for result in evaluate_year(year)]
        for year in {YEARS!r}
    }}
print(json.dumps(state, default=str))
"""


# A staff member's browser, in a process of its own (an app server of its
# own): signed in as USER_NAME (made if need be), uploads staged in the
# local folder STAGING, or in the folder SHARED, a storage every process
# shares: a FileSystemStorage (as on a network file system), or the
# SHARED_BACKEND storage of that folder (tests/imports/s3_like.py, as S3
# would be). Run BROWSER_SETUP first.
BROWSER_SETUP = """
import json, os, time
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
settings.IMPORT_STAGING_DIR = os.environ["STAGING"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if "SHARED" in os.environ:
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "BACKEND": os.environ.get(
                "SHARED_BACKEND", "django.core.files.storage.FileSystemStorage"
            ),
            "OPTIONS": {"location": os.environ["SHARED"]},
        },
    }
user, _ = get_user_model().objects.get_or_create(
    username=os.environ["USER_NAME"],
    defaults={"is_staff": True, "is_superuser": True},
)
browser = Client()
browser.force_login(user)
"""

# Check the files of the folder FILES in the admin, UPLOADS times (default
# once); print the tokens of the checked uploads.
PREVIEW = (
    BROWSER_SETUP
    + """
from django.core.files.uploadedfile import SimpleUploadedFile
tokens = []
for _ in range(int(os.environ.get("UPLOADS", "1"))):
    files = []
    for path in sorted(Path(os.environ["FILES"]).iterdir()):
        files.append(SimpleUploadedFile(path.name, path.read_bytes()))
    page = browser.post("/admin/imports/importrun/import/", {"files": files})
    tokens.append(page.context["token"])
print(json.dumps(tokens))
"""
)

# Confirm the checked upload TOKEN in the admin (when the file GO appears,
# if given); print the messages of the page it ends on.
BROWSER = (
    BROWSER_SETUP
    + """
if "GO" in os.environ:
    Path(os.environ["GO"] + "." + os.environ["BROWSER"]).touch()
    while not Path(os.environ["GO"]).exists():
        time.sleep(0.01)
page = browser.post(
    "/admin/imports/importrun/import/",
    {"token": os.environ["TOKEN"], "confirm": "1"},
    follow=True,
)
print(json.dumps([str(message) for message in page.context["messages"]]))
"""
)


def write_year_files(directory: Path) -> Path:
    """Write a year's files, large enough to take a few seconds to import."""
    spec = importlib.util.spec_from_file_location(
        "generate", settings.BASE_DIR / "bench" / "generate.py"
    )
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(
        directory,
        members=200,
        events=1000,
        participations=PARTICIPATIONS,
        measurements=450,
        years=len(YEARS),
        seed=9,
    )
    for name in DEMO_FILES:
        shutil.copy(DEMO / name, directory / name)
    return directory


class Template:
    """A migrated, empty database, made once, that scratch databases copy.

    On SQLite, a copy of the test database; on PostgreSQL, a new
    database migrated by `manage.py migrate` (copying the test database
    itself would need it to have no session open, which the live server's
    threads do not promise).
    """

    def __init__(self, folder: Path) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        # Never a copy of a real database (a test not marked django_db
        # leaves the settings' database in place).
        assert _is_test_database(), connection.settings_dict["NAME"]
        if self.vendor == "sqlite":
            self.path = folder / "template.sqlite3"
            copy = sqlite3.connect(self.path)
            connection.connection.backup(copy)
            copy.execute("VACUUM")  # no free page left by earlier tests
            copy.close()
            return
        self.name = _new_name("template")
        _server(f'CREATE DATABASE "{self.name}"')
        migrated = ScratchDatabase(_url(self.name), self.vendor).manage(
            "migrate", "--no-input", "--verbosity", "0"
        )
        assert migrated.returncode == 0, migrated.stderr

    def copy(self, folder: Path) -> ScratchDatabase:
        if self.vendor == "sqlite":
            path = folder / "scratch.sqlite3"
            shutil.copy(self.path, path)
            return ScratchDatabase(f"sqlite:///{path}", self.vendor)
        name = _new_name("scratch")
        _server(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        return ScratchDatabase(_url(name), self.vendor, name)

    def drop(self) -> None:
        if self.vendor != "sqlite":
            _server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _new_name(kind: str) -> str:
    return f"{connection.settings_dict['NAME']}_{kind}_{secrets.token_hex(4)}"


def _url(name: str) -> str:
    test = connection.settings_dict
    credentials = quote(test["USER"] or "", safe="")
    if test["PASSWORD"]:
        credentials += ":" + quote(test["PASSWORD"], safe="")
    host = test["HOST"] or "localhost"
    port = f":{test['PORT']}" if test["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{name}"


def _server(sql: str) -> None:
    """Run a statement on the PostgreSQL server, outside any database of ours."""
    import psycopg

    test = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=test["USER"],
        password=test["PASSWORD"] or None,
        host=test["HOST"] or None,
        port=test["PORT"] or None,
        autocommit=True,
    ) as server:
        server.execute(sql)


class ScratchDatabase:
    """A database of its own for commands run in other processes."""

    def __init__(self, url: str, vendor: str, name: str = "") -> None:
        self.url, self.vendor, self.name = url, vendor, name

    def drop(self) -> None:
        if self.name:
            _server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def environment(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "DATABASE_CONN_MAX_AGE": "0"}

    def manage(
        self, *args: str, code: str | None = None
    ) -> subprocess.CompletedProcess:
        """Run a management command to its end (with `code` run before it)."""
        return subprocess.run(
            _command(args, code),
            cwd=settings.BASE_DIR,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def start(self, *args: str, **environment: str) -> Running:
        return Running(self, args, environment)

    def probe(self, *, indicators: bool = True) -> dict:
        """Return the rows per model, the runs and every indicator of the years."""
        result = self.manage("shell", "-c", f"INDICATORS = {indicators}\n{PROBE}")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])


def _is_test_database() -> bool:
    if connection.vendor == "sqlite":  # in memory, or the file tests/conftest.py names
        test_name = connection.settings_dict.get("TEST", {}).get("NAME")
        return connection.is_in_memory_db() or (
            bool(test_name) and connection.settings_dict["NAME"] == test_name
        )
    return str(connection.settings_dict["NAME"]).startswith("test_")


def _command(args, code: str | None) -> list[str]:
    if code is None:
        return [sys.executable, "manage.py", *args]
    bootstrap = (
        f"{code}\n"
        "import sys\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', *sys.argv[1:]])\n"
    )
    return [sys.executable, "-c", bootstrap, *args]


class Running:
    """A command started in a terminal, to see its progress bar as a user would."""

    def __init__(self, database: ScratchDatabase, args, environment=None) -> None:
        terminal, self._terminal = pty.openpty()
        self.process = subprocess.Popen(
            _command(args, None),
            cwd=settings.BASE_DIR,
            env={**database.environment(), **(environment or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
        )
        os.close(terminal)
        self.terminal = ""  # what the command wrote to the terminal so far

    def wait_for(self, text: str, timeout: float = 120) -> None:
        """Wait until the command writes `text` to the terminal."""
        deadline = time.monotonic() + timeout
        while text not in self.terminal:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never came: {self.terminal!r}")
            if not self._read(0.05) and self.process.poll() is not None:
                raise AssertionError(f"ended before {text!r}: {self.terminal!r}")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self._terminal], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self._terminal, 65536)
        except OSError:  # the command has closed the terminal
            return False
        self.terminal += chunk.decode(errors="replace")
        return bool(chunk)

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        os.close(self._terminal)

    def finish(self, timeout: float = 300) -> tuple[int, str, str]:
        """Wait for the end; return the exit code, the output and the terminal."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"still running: {self.terminal!r}")
            self._read(0.05)
        while self._read(0):
            pass
        os.close(self._terminal)
        return self.process.returncode, self.process.stdout.read(), self.terminal
