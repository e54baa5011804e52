"""gunicorn's settings for bin/start; GUNICORN_CMD_ARGS overrides any of them."""

import os

from django.conf import settings

# Read lazily: settings.LOGGING below loads this settings module.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metropolis_kpi.settings")

wsgi_app = "metropolis_kpi.wsgi"
bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
# gunicorn's advice: two workers a core, plus one (the cores this process
# may use, which a container may limit).
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or (
    2 * len(os.sched_getaffinity(0)) + 1
)
# An import from the admin page runs within its request.
timeout = 120
# The workers' heartbeat files in memory: a container's disk may stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn's own lines (workers, access log) in the application's format
# (LOG_FORMAT). An access line gives method, path without its query,
# status, bytes and milliseconds: no client address, no user agent.
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
_logging = settings.LOGGING
logconfig_dict = {
    **_logging,
    "loggers": {
        **_logging["loggers"],
        "gunicorn.error": {"handlers": ["console"], "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "propagate": False},
    },
}
