"""gunicorn configuration of the example site (production profile).

Run from anywhere: ``gunicorn -c example_site/gunicorn.conf.py`` (``scripts/serve`` does).
Every value can be changed by the environment variable named beside it; gunicorn's own
``GUNICORN_CMD_ARGS`` also works. docs/howto/deploy-ko.md explains the choices.

- Sync workers behind nginx: nginx buffers slow clients, so a worker is busy only while Django
  works. ``WEB_CONCURRENCY`` workers (default: 2 per core + 1).
- ``timeout`` kills a worker stuck longer than 30 s (large exports run as background tasks, not
  in requests); ``max_requests`` recycles workers to bound memory growth.
- Logs: JSON lines on standard error through egov_plugin.core.jsonlog — the access record keeps
  method, path (never the query string), status, size and duration.
- Before any worker starts, Django's system checks run: an error (e.g. a per-process cache in
  production, egov_core.E002) stops the server instead of serving with limits that do not hold.
"""

import multiprocessing
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings.production")

chdir = str(HERE)
wsgi_app = "example_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100
# The proxies whose X-Forwarded-Proto gunicorn believes: the one that connects to gunicorn (nginx
# on this machine). gunicorn does not rewrite REMOTE_ADDR from X-Forwarded-For; the client's
# address is found by egov_plugin.core.clientip from EGOV_TRUSTED_PROXY_COUNT/_PROXIES.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "egov-web"
# gunicorn's run-time control socket (one per user by default) is not used: systemd or
# scripts/serve manage the process, and two servers on one machine would share the path.
control_socket_disable = True

# Plain-text fallback when logconfig_dict is replaced: no %(r)s / %(q)s (request line, query).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(D)sus'
accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "egov_plugin.core.jsonlog.personal_data_filter"}},
    "formatters": {"json": {"()": "egov_plugin.core.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["personal_data"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {
            "handlers": ["console"],
            "level": "INFO" if os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1" else "WARNING",
            "propagate": False,
        },
    },
}


def on_starting(server):
    """Run Django's system checks once in the master; any error stops the server."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check", fail_level="ERROR")
