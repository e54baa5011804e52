"""The settings module, loaded in a fresh process with a given environment."""

import json
import os
import subprocess
import sys
import tempfile

from django.conf import settings

PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.DEBUG, s.DATABASES['default']['ENGINE'], "
    "s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS]))"
)


LOGIN_PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
    "s.BEHIND_PROXY, s.SESSION_EXPIRE_AT_BROWSER_CLOSE]))"
)


def load_settings(code=PRINT, **variables):
    with tempfile.TemporaryDirectory() as empty:  # no .env, nothing importable
        return _load_settings(empty, code, **variables)


def _load_settings(cwd, code, **variables):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            (
                "DJANGO_",
                "DATABASE_",
                "PARTICIPANT_",
                "LOGIN_",
                "BEHIND_PROXY",
                "CURRENCY",
            )
        )
    }
    environment.update(
        # The project's `.env`, a developer's, is not read: only `variables`.
        {"DJANGO_ENV_FILE": ""},
        **variables,
        DJANGO_SETTINGS_MODULE="metropolis_kpi.settings",
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_is_off_and_a_secret_key_required_by_default():
    result = load_settings(PYTHONPATH=str(settings.BASE_DIR))
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY (required when DJANGO_DEBUG is off)" in result.stderr


def test_the_participant_hash_key_is_required_without_debug():
    result = load_settings(
        PYTHONPATH=str(settings.BASE_DIR), DJANGO_SECRET_KEY="x" * 50
    )
    assert "Set PARTICIPANT_HASH_KEY" in result.stderr


def test_production_defaults_and_postgresql_url():
    result = load_settings(
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_SECRET_KEY="x" * 50,
        PARTICIPANT_HASH_KEY="y" * 20,
        DATABASE_URL="postgres://kpi:secret@db:5432/kpi",
        DJANGO_ALLOWED_HOSTS="kpi.example.org",
    )
    assert result.stdout.strip() == (
        '[false, "django.db.backends.postgresql", true, ["kpi.example.org"]]'
    )


def test_debug_runs_on_sqlite_with_development_keys():
    result = load_settings(PYTHONPATH=str(settings.BASE_DIR), DJANGO_DEBUG="True")
    assert result.stdout.strip() == (
        '[true, "django.db.backends.sqlite3", false, ["localhost", "127.0.0.1"]]'
    )


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("z" * 50)
    result = load_settings(
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_SECRET_KEY_FILE=str(secret),
        PARTICIPANT_HASH_KEY_FILE=str(secret),
    )
    assert result.returncode == 0, result.stderr


def test_login_throttling_and_sessions_default_to_the_safe_side():
    result = load_settings(
        LOGIN_PRINT, PYTHONPATH=str(settings.BASE_DIR), DJANGO_DEBUG="True"
    )
    assert result.stdout.strip() == "[5, 900.0, false, true]", result.stderr


def test_login_throttling_and_proxy_come_from_the_environment():
    result = load_settings(
        LOGIN_PRINT,
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_DEBUG="True",
        LOGIN_FAILURE_LIMIT="10",
        LOGIN_LOCKOUT_MINUTES="60",
        BEHIND_PROXY="True",
        DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE="False",
    )
    assert result.stdout.strip() == "[10, 3600.0, true, false]", result.stderr


CURRENCY_PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.CURRENCY)"
)


def test_amounts_are_in_euros_unless_told():
    result = load_settings(
        CURRENCY_PRINT, PYTHONPATH=str(settings.BASE_DIR), DJANGO_DEBUG="True"
    )
    assert result.stdout.strip() == "EUR", result.stderr


def test_the_currency_comes_from_the_environment():
    result = load_settings(
        CURRENCY_PRINT,
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_DEBUG="True",
        CURRENCY=" usd ",
    )
    assert result.stdout.strip() == "USD", result.stderr


def test_a_currency_that_is_not_a_code_is_refused():
    result = load_settings(
        CURRENCY_PRINT,
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_DEBUG="True",
        CURRENCY="€",
    )
    assert result.returncode != 0
    assert "CURRENCY must be an ISO 4217 code, such as EUR." in result.stderr


EMBED_PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.PUBLIC_EMBED_ORIGINS))"
)


def test_no_other_site_may_frame_an_embed_card_unless_told():
    result = load_settings(
        EMBED_PRINT,
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_DEBUG="True",
        PUBLIC_EMBED_ORIGINS="",
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_the_embed_origins_come_from_the_environment():
    result = load_settings(
        EMBED_PRINT,
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_DEBUG="True",
        PUBLIC_EMBED_ORIGINS="https://www.example.org/,http://localhost:8001",
    )
    assert result.stdout.strip() == (
        '["https://www.example.org", "http://localhost:8001"]'
    ), result.stderr


def test_an_embed_origin_that_is_not_an_origin_is_refused():
    result = load_settings(
        EMBED_PRINT,
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_DEBUG="True",
        PUBLIC_EMBED_ORIGINS="https://www.example.org; script-src *",
    )
    assert result.returncode != 0
    assert (
        "PUBLIC_EMBED_ORIGINS: 'https://www.example.org; script-src *' is not an "
        "origin such as https://www.example.org."
    ) in result.stderr


def test_the_settings_file_is_dot_env_or_the_one_named(tmp_path):
    """`.env` in the project is read unless DJANGO_ENV_FILE names another
    file, or none (empty): a developer's `.env` never leaks into a process
    told to ignore it (these tests' fresh processes)."""
    named = tmp_path / "settings.env"
    named.write_text("DJANGO_DEBUG=True\n")
    base = {"PYTHONPATH": str(settings.BASE_DIR)}
    result = load_settings(**base, DJANGO_ENV_FILE=str(named))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0] is True  # DEBUG, from the named file
    result = load_settings(**base, DJANGO_ENV_FILE="")
    assert "Set DJANGO_SECRET_KEY" in result.stderr  # no file: DEBUG off


def test_the_staging_storage_of_several_servers_is_django_storages_s3():
    """Its options are S3Storage's (django-storages 1.14, as STORAGES takes
    them); no ACL is sent, which a bucket with ACLs disabled would refuse;
    a file read back spills to disk past Django's own limit for uploads (by
    default S3Storage reads a whole file into memory)."""
    result = load_settings(
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['imports']))",
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_DEBUG="True",
        IMPORT_STAGING_STORAGE="s3",
        IMPORT_STAGING_S3_BUCKET="kpi-uploads",
        IMPORT_STAGING_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "kpi-uploads",
            "endpoint_url": "https://s3.fr-par.scw.cloud",
            "location": "imports",
            "file_overwrite": False,
            "max_memory_size": 2_621_440,
        },
    }
