"""With the database out of reach, pages answer a clean 503 and say so in the log.

The first tests run the site in a fresh process whose DATABASE_URL cannot
be opened (a SQLite file in a missing folder, a PostgreSQL port where
nothing listens), so the session and authentication middleware really meet
the error.
"""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import IntegrityError, OperationalError

from apps.indicators.registry import registry

REQUEST_PAGES = """
import django, json
django.setup()
from django.test import Client
from django.test.utils import override_settings

pages = {}
# No collectstatic here: serve static names as they are (as tests do).
with override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    for path in ["/", "/dashboard/2021/", "/accounts/login/", "/admin/", "/healthz"]:
        response = client.get(path)
        pages[path] = {
            "status": response.status_code,
            "type": response["Content-Type"],
            "language": response.get("Content-Language"),
            "retry_after": response.get("Retry-After"),
            "body": response.content.decode(),
        }
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    pages["POST /accounts/login/"] = {"status": response.status_code}
print(json.dumps(pages))
"""


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_pages(tmp_path, database_url):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "LOG_"))
    }
    environment.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="metropolis_kpi.settings",
        PYTHONPATH=str(settings.BASE_DIR),
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", REQUEST_PAGES],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    return json.loads(result.stdout), lines, result.stderr


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-folder-of-metropolis-kpi/db.sqlite3",
        f"postgres://app@127.0.0.1:{closed_port()}/app",
    ],
    ids=["sqlite-unopenable", "postgresql-closed-port"],
)
def test_pages_answer_a_clean_503_when_the_database_is_unreachable(
    tmp_path, database_url
):
    pages, lines, stderr = request_pages(tmp_path, database_url)
    for path in ["/", "/dashboard/2021/", "/accounts/login/", "/admin/"]:
        page = pages[path]
        assert page["status"] == 503, path
        assert page["type"] == "text/html; charset=utf-8"
        assert page["retry_after"] == "60"
        assert page["language"] == "fr"  # the visitor's language
        assert '<html lang="fr">' in page["body"]
        assert "<h1>" in page["body"]
        assert "Traceback" not in page["body"]
        assert "OperationalError" not in page["body"]
    assert pages["POST /accounts/login/"]["status"] == 503
    assert (pages["/healthz"]["status"], pages["/healthz"]["body"]) == (
        503,
        "database unavailable\n",
    )
    logged = [line for line in lines if line["message"] == "database unavailable"]
    assert [line["path"] for line in logged] == [
        "/",
        "/dashboard/2021/",
        "/accounts/login/",
        "/admin/",
        "/accounts/login/",
    ]
    assert {line["level"] for line in logged} == {"ERROR"}
    assert {line["status_code"] for line in logged} == {503}
    assert {line["error"] for line in logged} == {"django.db.utils.OperationalError"}
    assert all(line["reason"] for line in logged)  # why it cannot connect
    # One line a request: Django's own "Service Unavailable" line is not repeated.
    assert [line for line in lines if line["logger"] == "django.request"] == [
        line for line in lines if line.get("path") == "/healthz"
    ]
    assert "Traceback" not in stderr


@pytest.mark.django_db
def test_a_database_lost_during_a_view_answers_503(manager_client, monkeypatch):
    def lost():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(registry, "years_with_data", lost)
    response = manager_client.get("/")
    assert response.status_code == 503
    assert b"Service unavailable" in response.content


@pytest.mark.django_db
def test_other_database_errors_stay_server_errors(manager_client, monkeypatch):
    def broken():
        raise IntegrityError("a bug, not an outage")

    monkeypatch.setattr(registry, "years_with_data", broken)
    manager_client.raise_request_exception = False
    assert manager_client.get("/").status_code == 500
