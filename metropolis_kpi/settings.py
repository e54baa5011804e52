"""Settings of Metropolis KPI, read from environment variables (and `.env`)."""

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from metropolis_kpi.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.FileAwareEnv()
# Variables the environment leaves unset are read from `.env` in the
# project, or from the file DJANGO_ENV_FILE names (none when it is empty).
if env_file := os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env")):
    environ.FileAwareEnv.read_env(env_file)

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _secret(name: str, development_value: str) -> str:
    """Return a required secret; only a debug run may fall back to a dev value."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return development_value
    raise ImproperlyConfigured(f"Set {name} (required when DJANGO_DEBUG is off).")


SECRET_KEY = _secret("DJANGO_SECRET_KEY", "django-insecure-development-only-key")
# Key of the HMAC that replaces participant identifiers (docs/architecture.md).
PARTICIPANT_HASH_KEY = _secret("PARTICIPANT_HASH_KEY", "development-only-hash-key")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "simple_history",
    "django_countries",  # the countries' names in French and Spanish
    "apps.indicators",
    "apps.imports",
    "apps.members",
    "apps.events",
    "apps.partnerships",
    "apps.publications",
    "apps.programmes",
    "apps.measurements",
    "apps.secretariat",
    "apps.plans",
    "apps.accounts.apps.AxesConfig",  # django-axes, its name translated
    "apps.accounts",  # after axes: its admin.py registers axes' models again
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sees every error response below, the 503 of the next one included.
    "metropolis_kpi.middleware.ApiErrorsMiddleware",
    # Before anything asks the database who the user is.
    "metropolis_kpi.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # An API token in place of a session, on the API and exports: before
    # LoginRequiredMiddleware asks whether someone is signed in, and before
    # the CSRF check, which would refuse a token's write with its HTML page.
    "apps.accounts.middleware.ApiTokenMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the language and the user are known: its 400 page shows both.
    "metropolis_kpi.middleware.RejectNulBytesMiddleware",
    # Django's, which leaves the session alone on pages for anyone.
    "metropolis_kpi.middleware.LoginRequiredMiddleware",
    # Gives the history of records saved during a request its user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a locked-out sign-in into the lockout page; last, as axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "metropolis_kpi.urls"
WSGI_APPLICATION = "metropolis_kpi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A reused connection is checked before a request uses it (after a restart
# of the database, it is replaced instead of failing the request).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers don't wait for an import to commit (WAL), and a 64 MiB page
    # cache keeps a large import's indexes in memory.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses any sign-in while its username and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Dates read ISO or day first and shown in words, in every language.
FORMAT_MODULE_PATH = ["metropolis_kpi.formats"]
# The organisation the annual report is about: its name (the report, its PDF
# and the downloads are titled with it), and its logo as a static file path
# (put the file in static/, or a folder in STATICFILES_DIRS).
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Metropolis")
ORGANISATION_LOGO = env.str("ORGANISATION_LOGO", default="img/logo.svg")

# The currency of every amount (funding), as an ISO 4217 code: pages write
# its symbol, exports and the API its code.
CURRENCY = env.str("CURRENCY", default="EUR").strip().upper()
if not re.fullmatch(r"[A-Z]{3}", CURRENCY):
    raise ImproperlyConfigured("CURRENCY must be an ISO 4217 code, such as EUR.")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    (
        "vendor/chartjs-plugin-datalabels",
        BASE_DIR / "node_modules" / "chartjs-plugin-datalabels" / "dist",
    ),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Production hardening; each can be relaxed for a plain-HTTP deployment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool(
    "DJANGO_SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 3600)
# A shared office computer forgets the sign-in when its browser closes.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool(
    "DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True
)
# Behind a reverse proxy (which must set X-Forwarded-For and
# X-Forwarded-Proto), the client's address is the one the proxy saw.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)

# Password guessing: after LOGIN_FAILURE_LIMIT failures in a row, a username
# is locked out from the address that tried it for LOGIN_LOCKOUT_MINUTES (on
# the site's and the admin's sign-in pages alike); a success starts afresh.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "apps.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "apps.accounts.throttling.lockout_response"

# Requests an API token may make a minute; more are answered 429. Counted in
# the cache: set CACHE_URL to a shared cache (dbcache://…, redis://…) when
# more than one process serves, or each process counts apart.
API_TOKEN_REQUESTS_PER_MINUTE = env.int("API_TOKEN_REQUESTS_PER_MINUTE", default=60)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# No inline script anywhere: pages load their code from our static files. An
# inline style needs the request's nonce (the report's page footer has one).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# The origins (scheme://host[:port]) of the sites that may show an embed card
# of the public impact page in a frame, such as the association's website;
# every other page refuses to be framed, by any site. Empty: only this site.
PUBLIC_EMBED_ORIGINS = [
    origin.rstrip("/") for origin in env.list("PUBLIC_EMBED_ORIGINS", default=[])
]
for _origin in PUBLIC_EMBED_ORIGINS:
    if not re.fullmatch(r"https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]+)?", _origin):
        raise ImproperlyConfigured(
            f"PUBLIC_EMBED_ORIGINS: {_origin!r} is not an origin such as "
            "https://www.example.org."
        )

# Seconds an annual import waits for another one to finish before giving up.
IMPORT_LOCK_WAIT = env.float("IMPORT_LOCK_WAIT", default=10)
# The largest upload of annual files, in MB; the files of a zip archive, once
# unzipped, are held to it as well (and so is a zip given to import_annual).
IMPORT_MAX_UPLOAD_MB = env.float("IMPORT_MAX_UPLOAD_MB", default=200)
# Rows of a file held in memory at once (a larger file is read a chunk at a
# time), and errors kept per file (more are only counted).
IMPORT_CHUNK_ROWS = env.int("IMPORT_CHUNK_ROWS", default=100_000)
IMPORT_MAX_ERRORS = env.int("IMPORT_MAX_ERRORS", default=1000)
# The application's own files, kept between runs: a folder of this user's.
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var")))
# Checked uploads wait for their confirmation in the "imports" storage (see
# apps/imports/staging.py). By default a private local folder (0700, files
# 0600, this user's: checked at start); with more than one app server, a
# storage they share: IMPORT_STAGING_STORAGE=s3 (django-storages) or, in
# a settings module of your own, any Django storage as STORAGES["imports"].
# The local folder holds the files' working copies then (docs/operations.md).
IMPORT_STAGING_DIR = env.str("IMPORT_STAGING_DIR", default="") or str(
    DATA_DIR / "imports"
)
IMPORT_STAGING_STORAGE = env.str("IMPORT_STAGING_STORAGE", default="local")
if IMPORT_STAGING_STORAGE == "local":
    # Its location is IMPORT_STAGING_DIR, read at each use.
    STORAGES["imports"] = {"BACKEND": "apps.imports.staging.PrivateFolderStorage"}
elif IMPORT_STAGING_STORAGE == "s3":
    STORAGES["imports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("IMPORT_STAGING_S3_BUCKET"),
            "endpoint_url": env.str("IMPORT_STAGING_S3_ENDPOINT_URL", default="")
            or None,
            "location": env.str("IMPORT_STAGING_S3_PREFIX", default="imports"),
            # No ACL sent: objects are private by default, and a bucket with
            # ACLs disabled (AWS's default) refuses a PUT naming one.
            "file_overwrite": False,
            # A file read back goes to disk past this (as an upload does past
            # FILE_UPLOAD_MAX_MEMORY_SIZE); by default S3Storage keeps it all
            # in memory.
            "max_memory_size": 2_621_440,
        },
    }
else:
    raise ImproperlyConfigured("IMPORT_STAGING_STORAGE must be local or s3.")
# Django's own limits on a request: the form fields besides files (the
# default, 2.5 MB), the files in one upload (a year has about fifteen),
# and the size above which an uploaded file goes to disk, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 50
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_HANDLERS = [
    # Refuses an upload larger than IMPORT_MAX_UPLOAD_MB before reading it.
    "apps.imports.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# One JSON object a line in production (for a log collector), plain text
# when debugging; see metropolis_kpi/logs.py for what a line may hold.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = logging_config(LOG_FORMAT, env.str("LOG_LEVEL", default="INFO"))
