"""Run the benchmarks with production settings (DEBUG off), on a scratch database.

DEBUG on would record every query and render templates with debug
information: the figures would not be those of the deployed application.
"""

from __future__ import annotations

import atexit
import os
import shutil
import warnings
from pathlib import Path

PRODUCTION_LIKE = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "0" * 50,
    "PARTICIPANT_HASH_KEY": "bench-only-participant-key",
    "DJANGO_SECURE_SSL_REDIRECT": "False",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_SETTINGS_MODULE": "metropolis_kpi.settings",
}


def setup(scratch: Path) -> None:
    """Configure and set up Django; SQLite in `scratch` unless DATABASE_URL is set.

    The scratch folder (files, database) is deleted when the benchmark ends.
    """
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    for name, value in PRODUCTION_LIKE.items():
        os.environ.setdefault(name, value)
    import logging

    import django
    from django.test.utils import override_settings

    # WhiteNoise looks for collected static files, which the benchmark needn't.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    logging.disable(logging.INFO)
    # Pages link their static files by name: no collected manifest needed.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        }
    ).enable()
