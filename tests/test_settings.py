"""The settings module, loaded in a fresh process with a given environment."""

import json
import os
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings

DEBUG = {"DJANGO_DEBUG": "True"}
PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50, "PARTICIPANT_HASH_KEY": "y" * 20}
# The variables that may reach a process from the developer's shell.
OURS = (
    "DJANGO_",
    "DATABASE_",
    "PARTICIPANT_",
    "LOGIN_",
    "IMPORT_",
    "BEHIND_PROXY",
    "CURRENCY",
)


def load_settings(*expressions: str, **variables: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process with only `variables` set, and
    print the values of `expressions` (on the settings `s`) as JSON."""
    code = (
        "import django, json; django.setup(); "
        "from django.conf import settings as s; "
        f"print(json.dumps([{', '.join(expressions)}]))"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(OURS)
    }
    environment.update(
        # The project's `.env`, a developer's, is not read: only `variables`.
        {"DJANGO_ENV_FILE": ""},
        **variables,
        DJANGO_SETTINGS_MODULE="metropolis_kpi.settings",
        PYTHONPATH=str(settings.BASE_DIR),
    )
    with tempfile.TemporaryDirectory() as empty:  # no .env, nothing importable
        return subprocess.run(
            [sys.executable, "-c", code],
            env=environment,
            cwd=empty,
            capture_output=True,
            text=True,
            check=False,
        )


def values(*expressions: str, **variables: str) -> list:
    result = load_settings(*expressions, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "Set DJANGO_SECRET_KEY (required when DJANGO_DEBUG is off)"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "Set PARTICIPANT_HASH_KEY"),
        ({**DEBUG, "CURRENCY": "€"}, "CURRENCY must be an ISO 4217 code, such as EUR."),
        (
            {**DEBUG, "PUBLIC_EMBED_ORIGINS": "https://www.example.org; script-src *"},
            "PUBLIC_EMBED_ORIGINS: 'https://www.example.org; script-src *' is not "
            "an origin such as https://www.example.org.",
        ),
    ],
    ids=["secret key", "hash key", "currency", "embed origin"],
)
def test_a_missing_or_wrong_setting_stops_the_process_saying_why(variables, expected):
    result = load_settings("s.DEBUG", **variables)
    assert result.returncode != 0
    assert expected in result.stderr


def test_production_defaults_and_postgresql_url():
    found = values(
        "s.DEBUG",
        "s.DATABASES['default']['ENGINE']",
        "s.SECURE_SSL_REDIRECT",
        "s.ALLOWED_HOSTS",
        **PRODUCTION,
        DATABASE_URL="postgres://kpi:secret@db:5432/kpi",
        DJANGO_ALLOWED_HOSTS="kpi.example.org",
    )
    assert found == [False, "django.db.backends.postgresql", True, ["kpi.example.org"]]


LOGIN = (
    "s.AXES_FAILURE_LIMIT",
    "s.AXES_COOLOFF_TIME.total_seconds()",
    "s.BEHIND_PROXY",
    "s.SESSION_EXPIRE_AT_BROWSER_CLOSE",
)


@pytest.mark.parametrize(
    ("expressions", "variables", "expected"),
    [
        (
            (
                "s.DEBUG",
                "s.DATABASES['default']['ENGINE']",
                "s.SECURE_SSL_REDIRECT",
                "s.ALLOWED_HOSTS",
            ),
            {},
            [True, "django.db.backends.sqlite3", False, ["localhost", "127.0.0.1"]],
        ),
        # Login throttling and sessions: the safe side unless told.
        (LOGIN, {}, [5, 900.0, False, True]),
        (
            LOGIN,
            {
                "LOGIN_FAILURE_LIMIT": "10",
                "LOGIN_LOCKOUT_MINUTES": "60",
                "BEHIND_PROXY": "True",
                "DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE": "False",
            },
            [10, 3600.0, True, False],
        ),
        (("s.CURRENCY",), {}, ["EUR"]),
        (("s.CURRENCY",), {"CURRENCY": " usd "}, ["USD"]),
        # No other site may frame an embed card unless told.
        (("s.PUBLIC_EMBED_ORIGINS",), {"PUBLIC_EMBED_ORIGINS": ""}, [[]]),
        (
            ("s.PUBLIC_EMBED_ORIGINS",),
            {"PUBLIC_EMBED_ORIGINS": "https://www.example.org/,http://localhost:8001"},
            [["https://www.example.org", "http://localhost:8001"]],
        ),
    ],
    ids=[
        "debug on sqlite",
        "login defaults",
        "login told",
        "currency default",
        "currency told",
        "embed default",
        "embed told",
    ],
)
def test_in_debug_a_setting_has_its_default_or_the_value_told(
    expressions, variables, expected
):
    assert values(*expressions, **DEBUG, **variables) == expected


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("z" * 50)
    found = values(
        "s.SECRET_KEY",
        DJANGO_SECRET_KEY_FILE=str(secret),
        PARTICIPANT_HASH_KEY_FILE=str(secret),
    )
    assert found == ["z" * 50]


def test_the_settings_file_is_dot_env_or_the_one_named(tmp_path):
    """`.env` in the project is read unless DJANGO_ENV_FILE names another
    file, or none (empty): a developer's `.env` never leaks into a process
    told to ignore it (these tests' fresh processes)."""
    named = tmp_path / "settings.env"
    named.write_text("DJANGO_DEBUG=True\n")
    assert values("s.DEBUG", DJANGO_ENV_FILE=str(named)) == [True]
    result = load_settings("s.DEBUG", DJANGO_ENV_FILE="")
    assert "Set DJANGO_SECRET_KEY" in result.stderr  # no file: DEBUG off


def test_the_staging_storage_of_several_servers_is_django_storages_s3():
    """Its options are S3Storage's (django-storages 1.14, as STORAGES takes
    them); no ACL is sent, which a bucket with ACLs disabled would refuse;
    a file read back spills to disk past Django's own limit for uploads (by
    default S3Storage reads a whole file into memory)."""
    (storage,) = values(
        "s.STORAGES['imports']",
        **DEBUG,
        IMPORT_STAGING_STORAGE="s3",
        IMPORT_STAGING_S3_BUCKET="kpi-uploads",
        IMPORT_STAGING_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "kpi-uploads",
            "endpoint_url": "https://s3.fr-par.scw.cloud",
            "location": "imports",
            "file_overwrite": False,
            "max_memory_size": 2_621_440,
        },
    }
