"""``/healthz``: is this web process able to serve (database, cache, task queue reachable)?

:class:`HealthCheckMiddleware` answers ``EGOV_HEALTH_PATH`` before any other middleware runs, so
a load balancer's probe costs one query per database, one cache round trip and one look at each
task backend: no session, no login, no template, no host check (probes often address a web host
by its IP, which is not in ``ALLOWED_HOSTS``), no HTTPS redirect (probes come over the internal
network in plain HTTP). The answer names only the probes and ``ok``/``error``: never an exception
text, a host name or any personal data; failures go to the ``egov_plugin.health`` logger.

Probes are the callables named in ``EGOV_HEALTH_PROBES`` (``name`` → dotted path). Each one
returns normally when its service answers and raises otherwise. A site (or the RQ backend's
helper) adds one by extending the setting.
"""

import json
import logging
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse
from django.utils.module_loading import import_string

from .conf import egov_settings

logger = logging.getLogger("egov_plugin.health")


def probe_databases():
    """Run ``SELECT 1`` on every configured database."""
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def probe_cache():
    """Write and read back a short-lived key in every configured cache."""
    from django.conf import settings

    for alias in settings.CACHES:
        cache = caches[alias]
        key = f"egov:healthz:{uuid.uuid4().hex}"
        cache.set(key, "1", timeout=10)
        found = cache.get(key)
        cache.delete(key)
        if found != "1" and not cache.__class__.__name__ == "DummyCache":
            raise RuntimeError(f"cache {alias!r} did not return what was written")


def probe_tasks():
    """Reach the store of every django-tasks backend.

    ``django_tasks_db`` keeps its queue in the database: one indexed query on its table;
    ``django_tasks_rq`` keeps each queue on a Redis server, which is pinged. A
    backend that runs tasks in the request (immediate, dummy) has nothing to reach. Any other
    backend is asked through its own ``egov_health_check()`` when it has one; otherwise, for a
    backend with a Redis connection (``connection.ping``), that connection is pinged.
    """
    from django_tasks import task_backends

    for backend in task_backends.all():
        name = f"{type(backend).__module__}.{type(backend).__qualname__}"
        if name.startswith("django_tasks_db."):
            from django_tasks_db.models import DBTaskResult

            list(DBTaskResult.objects.values_list("pk", flat=True)[:1])
        elif name.startswith("django_tasks.backends."):
            continue
        elif name.startswith("django_tasks_rq."):
            import django_rq

            # Every queue the backend serves may live on its own Redis (RQ_QUEUES).
            for queue in backend.queues or ["default"]:
                django_rq.get_connection(queue).ping()
        elif callable(getattr(backend, "egov_health_check", None)):
            backend.egov_health_check()
        elif callable(getattr(getattr(backend, "connection", None), "ping", None)):
            backend.connection.ping()
        else:
            raise RuntimeError(f"no health probe for the task backend {name}")


def run_probes():
    """``{name: "ok" | "error"}`` for every probe in ``EGOV_HEALTH_PROBES``."""
    results = {}
    for name, path in egov_settings.HEALTH_PROBES.items():
        try:
            import_string(path)()
        except Exception:
            # The reason goes to the log (for operators), never into the public answer.
            logger.exception("health probe %s failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results


def health_response():
    """The ``/healthz`` answer: 200 when every probe passed, 503 otherwise, as JSON."""
    checks = run_probes()
    healthy = all(value == "ok" for value in checks.values())
    body = json.dumps({"status": "ok" if healthy else "error", "checks": checks})
    response = HttpResponse(body, status=200 if healthy else 503, content_type="application/json")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """Answer ``GET``/``HEAD`` of ``EGOV_HEALTH_PATH`` (default ``/healthz``); put it FIRST in
    ``MIDDLEWARE`` so that nothing else (host check, HTTPS redirect, session) runs for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = egov_settings.HEALTH_PATH
        if path and request.path_info == path and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
