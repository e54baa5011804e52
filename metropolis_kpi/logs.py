"""Log lines as one JSON object each (production) or as plain text.

Both formats carry the record's extra fields (run id, counts, duration…)
and neither carries an exception's message or a request's cookies, headers
or parameters: a message may quote a cell's value or a participant's
e-mail, so an exception is logged by its type and its stack only.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from collections.abc import Mapping
from typing import Any

# Attributes every LogRecord has; anything else was given through `extra`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}
# gunicorn's access atoms worth a field: method, path (no query), status,
# response bytes, duration in milliseconds.
_ACCESS_ATOMS = {
    "m": "method",
    "U": "path",
    "s": "status_code",
    "B": "bytes",
    "M": "duration_ms",
}


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _request_fields(request: Any) -> dict[str, Any]:
    """Return what a log may say of a request: method, path and user id.

    The user is read only if the request already loaded it (Django keeps it
    in `_cached_user`): a log line must not query the database.
    """
    fields = {
        "method": getattr(request, "method", None),
        "path": getattr(request, "path", None),
    }
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        fields["user_id"] = user.pk
    return fields


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """Return a record's extra fields that are safe and JSON-serialisable."""
    fields: dict[str, Any] = {}
    if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
        for atom, name in _ACCESS_ATOMS.items():
            # An access log's atoms are strings or numbers (gunicorn's glogging).
            value: Any = record.args.get(atom)
            fields[name] = int(value) if str(value).isdigit() else value
    for name, value in vars(record).items():
        if name in _RECORD_ATTRIBUTES or name.startswith("_"):
            continue
        if name == "request":
            fields.update(_request_fields(value))
        elif _is_plain(value):
            fields[name] = value
    return fields


def exception_fields(record: logging.LogRecord) -> dict[str, Any]:
    """Return an exception's type and stack, without its message."""
    if not record.exc_info or record.exc_info[0] is None:
        return {}
    kind, _, tb = record.exc_info
    return {
        "exception": f"{kind.__module__}.{kind.__qualname__}",
        "stack": [
            f"{frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(tb)
        ],
    }


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, then the fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = {**record_fields(record), **exception_fields(record)}
        for name, value in fields.items():
            line.setdefault(name, value)
        return json.dumps(line, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    """`time LEVEL logger message key=value…`, for a person reading a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = record_fields(record)
        if fields:
            text += " " + " ".join(
                f"{name}={json.dumps(value, ensure_ascii=False)}"
                for name, value in fields.items()
            )
        exception = exception_fields(record)
        if exception:
            text += "\n" + "\n".join(
                [f"{exception['exception']} (message not logged)", *exception["stack"]]
            )
        return text

    def formatException(self, ei) -> str:
        return ""  # replaced by the type and stack above, never the message

    def formatStack(self, stack_info: str) -> str:
        return ""


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """Return the LOGGING dictionary: every logger to stderr in one format."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": JsonFormatter},
            "plain": {"()": PlainFormatter},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format}
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own console handler (debug only) would print its lines a
        # second time, in its own format.
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            # Failed sign-ins and lockouts are warnings; axes' other news is noise.
            "axes": {"level": "WARNING"},
            # WeasyPrint reports each step of a PDF, and each CSS property of
            # the screen's stylesheet it skips: only its errors matter.
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
        },
    }
