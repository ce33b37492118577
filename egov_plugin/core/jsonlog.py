"""Structured (JSON) logs that carry no personal data by construction.

:class:`JsonFormatter` (python-json-logger) writes one JSON object per line. What it leaves out is
the point: a request is logged as its method and path, never its query string (admin searches
and resident forms may carry phone numbers there), never the request object itself (its
``repr`` holds the full URL); gunicorn's access records keep the client address, method, path,
status, size and duration, and the referrer without its query. Exception tracebacks are kept
(operators need them) and pass through the personal-data filter below like every message.

:func:`personal_data_filter` is the hook for masking what remains (phone numbers, e-mail
addresses and names inside messages and tracebacks): it returns the filter named by
``EGOV_LOG_MASKING_FILTER`` (a dotted path to a ``logging.Filter`` class), or a filter that lets
everything through when that setting is empty.
"""

import logging
from urllib.parse import urlsplit

from django.utils.module_loading import import_string
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from .conf import egov_settings

#: Record attributes never written out: Django's ``request`` (and ``server_time`` of
#: runserver), gunicorn's ``args`` atoms (their request line holds the query string).
DROPPED = {"request", "server_time", "args"}

#: gunicorn access-log atoms kept, and their names in the JSON line.
ACCESS_ATOMS = {"h": "remote", "m": "method", "U": "path", "s": "status", "B": "bytes"}


def _without_query(url):
    if not url or url == "-":
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path


class JsonFormatter(_JsonFormatter):
    """One JSON object per record: ``time``, ``level``, ``logger``, ``message`` and the safe extras.

    Use in ``LOGGING``: ``{"()": "egov_plugin.core.jsonlog.JsonFormatter"}``.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *DROPPED])
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        super().__init__(*args, **kwargs)

    def format(self, record):
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            return self._format_access(record)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # Django's request loggers: method and path only (the request's repr has the query).
            record.method = getattr(request, "method", "")
            record.path = request.path
        return super().format(record)

    def _format_access(self, record):
        atoms = record.args
        fields = {name: atoms.get(atom) for atom, name in ACCESS_ATOMS.items()}
        try:
            fields["duration_ms"] = round(int(atoms.get("D", 0)) / 1000, 1)
        except (TypeError, ValueError):
            fields["duration_ms"] = None
        fields["referer"] = _without_query(atoms.get("f"))
        fields["user_agent"] = atoms.get("a")
        fields["pid"] = record.process  # which worker process served it
        # A fresh record: gunicorn's own message is built from its format string and may hold
        # the request line; ours is only method, path and status.
        clean = logging.makeLogRecord(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "created": record.created,
                "msecs": record.msecs,
                "msg": "%s %s %s",
                "args": (fields["method"], fields["path"], fields["status"]),
                **fields,
            }
        )
        return super().format(clean)


class _PassThrough(logging.Filter):
    def filter(self, record):
        return True


def personal_data_filter():
    """The masking filter named by ``EGOV_LOG_MASKING_FILTER`` (or one that passes everything).

    Use in ``LOGGING``: ``"filters": {"personal_data": {"()":
    "egov_plugin.core.jsonlog.personal_data_filter"}}`` and list it on every handler.
    """
    path = egov_settings.LOG_MASKING_FILTER
    return import_string(path)() if path else _PassThrough()
