"""Log lines: one JSON object each in production, never any personal data."""

import datetime as dt
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from apps.indicators.registry import registry
from metropolis_kpi.logs import JsonFormatter, PlainFormatter

EMAIL = "jane.doe@example.org"


def make_record(name="apps.example", exc_info=None, **extra):
    record = logging.LogRecord(
        name, logging.INFO, __file__, 1, "hello %s", ("world",), exc_info
    )
    record.__dict__.update(extra)
    return record


def test_a_json_line_holds_time_level_logger_message_and_the_fields():
    line = JsonFormatter().format(
        make_record(run_id=7, files=["members.csv"], rows={"created": 2})
    )
    assert "\n" not in line
    parsed = json.loads(line)
    time = dt.datetime.fromisoformat(parsed.pop("time"))
    assert time.utcoffset() == dt.timedelta(0)
    assert parsed == {
        "level": "INFO",
        "logger": "apps.example",
        "message": "hello world",
        "run_id": 7,
        "files": ["members.csv"],
        "rows": {"created": 2},
    }


def test_fields_that_are_not_plain_data_are_left_out():
    parsed = json.loads(JsonFormatter().format(make_record(thing=object(), ok=1)))
    assert "thing" not in parsed
    assert parsed["ok"] == 1


def test_plain_lines_end_with_the_fields():
    text = PlainFormatter().format(make_record(run_id=7, files=["a.csv"]))
    assert text.endswith(' INFO apps.example hello world run_id=7 files=["a.csv"]')


def raise_with_an_email():
    raise ValueError(f"bad cell {EMAIL}")


def test_an_exception_is_logged_by_type_and_stack_without_its_message():
    try:
        raise_with_an_email()
    except ValueError:
        record = make_record(exc_info=sys.exc_info())
    parsed = json.loads(JsonFormatter().format(record))
    assert parsed["exception"] == "builtins.ValueError"
    assert parsed["stack"][-1].endswith("in raise_with_an_email")
    plain = PlainFormatter().format(record)
    assert "builtins.ValueError (message not logged)" in plain
    assert EMAIL not in json.dumps(parsed)
    assert EMAIL not in plain


def test_a_request_is_logged_by_method_path_and_user_only(rf):
    request = rf.get(f"/dashboard/2021/?q={EMAIL}", HTTP_COOKIE="sessionid=s3cr3t")
    request._cached_user = get_user_model()(pk=42, username="manager")
    line = JsonFormatter().format(
        make_record("django.request", request=request, status_code=500)
    )
    parsed = json.loads(line)
    assert {key: parsed[key] for key in ("method", "path", "user_id")} == {
        "method": "GET",
        "path": "/dashboard/2021/",
        "user_id": 42,
    }
    assert parsed["status_code"] == 500
    assert EMAIL not in line
    assert "s3cr3t" not in line


def test_gunicorn_access_lines_give_method_path_status_and_duration():
    atoms = {"m": "GET", "U": "/healthz", "s": "200", "B": "3", "M": "4"}
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, "", 0, "%(m)s %(U)s %(s)s", (atoms,), None
    )
    parsed = json.loads(JsonFormatter().format(record))
    assert parsed["message"] == "GET /healthz 200"
    assert {
        key: parsed[key]
        for key in ("method", "path", "status_code", "bytes", "duration_ms")
    } == {
        "method": "GET",
        "path": "/healthz",
        "status_code": 200,
        "bytes": 3,
        "duration_ms": 4,
    }


@pytest.mark.django_db
def test_a_server_error_is_logged_without_the_exception_message_or_the_session(
    client, manager, log_lines, monkeypatch
):
    def fail():
        raise RuntimeError(f"cannot count {EMAIL}")

    monkeypatch.setattr(registry, "years_with_data", fail)
    client.force_login(manager)
    client.raise_request_exception = False
    assert client.get("/").status_code == 500
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["level"] == "ERROR"
    assert line["message"] == "Internal Server Error: /"
    assert (line["status_code"], line["method"], line["path"], line["user_id"]) == (
        500,
        "GET",
        "/",
        manager.pk,
    )
    assert line["exception"] == "builtins.RuntimeError"
    everything = json.dumps(log_lines())
    assert EMAIL not in everything
    assert client.cookies[settings.SESSION_COOKIE_NAME].value not in everything


@pytest.mark.django_db
def test_a_refused_request_is_logged_without_its_parameters(manager_client, log_lines):
    response = manager_client.post("/", {"password": "hunter2-secret", "q": EMAIL})
    assert response.status_code == 405
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert (line["level"], line["status_code"]) == ("WARNING", 405)
    assert "hunter2-secret" not in json.dumps(line)
    assert EMAIL not in json.dumps(line)


LOG_A_LINE = (
    "import django, logging; django.setup(); "
    "logging.getLogger('apps.example').info('ran', extra={'run_id': 3})"
)


def log_in_a_fresh_process(tmp_path, **variables):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "LOG_"))
    }
    environment.update(
        {"DJANGO_ENV_FILE": ""},  # not the project's `.env`, a developer's
        **variables,
        DJANGO_SETTINGS_MODULE="metropolis_kpi.settings",
        PYTHONPATH=str(settings.BASE_DIR),
    )
    return subprocess.run(
        [sys.executable, "-c", LOG_A_LINE],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_logs_are_json_by_default(tmp_path):
    result = log_in_a_fresh_process(tmp_path, DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr)
    assert (line["logger"], line["message"], line["run_id"]) == (
        "apps.example",
        "ran",
        3,
    )


def test_debug_logs_are_plain_unless_asked(tmp_path):
    plain = log_in_a_fresh_process(tmp_path, DJANGO_DEBUG="True")
    assert plain.stderr.strip().endswith("INFO apps.example ran run_id=3")
    asked = log_in_a_fresh_process(tmp_path, DJANGO_DEBUG="True", LOG_FORMAT="json")
    assert json.loads(asked.stderr)["run_id"] == 3


def test_an_unknown_log_format_is_refused(tmp_path):
    result = log_in_a_fresh_process(tmp_path, DJANGO_DEBUG="True", LOG_FORMAT="xml")
    assert "LOG_FORMAT must be json or plain" in result.stderr
