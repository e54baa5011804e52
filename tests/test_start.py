"""The container's start command (bin/start) and its healthcheck (bin/healthcheck).

bin/start runs here as in the image: migrations, roles, then gunicorn,
against a throwaway SQLite file and bound to 127.0.0.1 on a free port.
"""

import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings

pytestmark = pytest.mark.server

HOST = "kpi.example.org"  # the only allowed host, as in production


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(port, **variables):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "LOG_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SECRET_KEY="start-test-" + "x" * 50,
        PARTICIPANT_HASH_KEY="start-test-participant-key",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_DEBUG="False",  # whatever a local .env says
        LOG_FORMAT="json",
        # No collected static files here (the image collects them at build).
        PYTHONWARNINGS="ignore:No directory at",
        PYTHON=sys.executable,
        PORT=str(port),
        **variables,
    )
    return env


def healthz_status(port) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz", headers={"Host": HOST})
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def healthcheck(port) -> int:
    return subprocess.run(
        [str(settings.BASE_DIR / "bin" / "healthcheck")],
        env=environment(port),
        capture_output=True,
        check=False,
        timeout=10,
    ).returncode


def test_bin_start_migrates_and_serves_healthz(tmp_path):
    port = free_port()
    database = tmp_path / "db.sqlite3"
    env = environment(
        port,
        DATABASE_URL=f"sqlite:///{database}",
        GUNICORN_CMD_ARGS=f"--bind 127.0.0.1:{port} --workers 1",
    )
    with (tmp_path / "out").open("w+") as out, (tmp_path / "err").open("w+") as err:
        server = subprocess.Popen(
            [str(settings.BASE_DIR / "bin" / "start")],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 20
            while healthz_status(port) != 200:
                assert server.poll() is None, err.read()
                assert time.monotonic() < deadline, "no /healthz within 20 s"
                time.sleep(0.2)
            assert healthcheck(port) == 0
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    assert server.returncode == 0, stderr
    assert "Applying indicators." in stdout  # the migrations ran
    with sqlite3.connect(database) as db:
        groups = {name for (name,) in db.execute("SELECT name FROM auth_group")}
    assert groups == {"Managers", "Secretariat"}
    lines = [json.loads(line) for line in stderr.splitlines()]
    booted = [line for line in lines if line["logger"] == "gunicorn.error"]
    assert any(
        re.match(r"Booting worker with pid: \d+", line["message"]) for line in booted
    )
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert {(line["method"], line["path"], line["status_code"]) for line in access} == {
        ("GET", "/healthz", 200)
    }
    assert all(isinstance(line["duration_ms"], int) for line in access)


def test_the_healthcheck_fails_when_nothing_answers():
    assert healthcheck(free_port()) == 1


def test_the_image_runs_these_scripts():
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    assert re.search(r'^CMD \["/app/bin/start"\]$', dockerfile, re.MULTILINE)
    assert re.search(r'^\s+CMD \["/app/bin/healthcheck"\]$', dockerfile, re.MULTILINE)
    for script in ("start", "healthcheck"):
        assert os.access(settings.BASE_DIR / "bin" / script, os.X_OK)
