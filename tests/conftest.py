import io
import json
import logging

import hypothesis
import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from apps.indicators.roles import MANAGERS, SECRETARIAT, setup_roles
from metropolis_kpi.logs import JsonFormatter
from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """On SQLite, the test database is a file, not Django's in-memory default.

    With an in-memory database the browser tests' live server shares the
    test's one connection between its threads, and two threads using one
    SQLite connection can deadlock: one waits for the interpreter's lock
    inside a Python function of a query (a month truncated), the other holds
    that lock waiting for the connection. With a file each thread has its own
    connection, as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(autouse=True)
def _english_unless_asked():
    # A request in another language leaves it active in the thread.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def roles(db):
    setup_roles()


@pytest.fixture
def manager(roles):
    user = UserFactory(username="manager", is_staff=True)
    user.groups.add(Group.objects.get(name=MANAGERS))
    return user


@pytest.fixture
def secretariat(roles):
    user = UserFactory(username="secretariat", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def log_lines():
    """Capture every log line, formatted as in production (JSON), as dicts."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


# Generated inputs are the same on every run (CI must not be flaky), and
# nothing is kept between runs in a .hypothesis folder.
hypothesis.settings.register_profile(
    "project",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=25,
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ],
)
hypothesis.settings.load_profile("project")
