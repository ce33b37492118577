"""``/healthz``, the JSON log formatter and the shared-cache check, in process."""

import io
import json
import logging

import pytest
from django.core.checks import run_checks
from django.test import Client, RequestFactory

from egov_plugin.core import health
from egov_plugin.core.jsonlog import JsonFormatter, personal_data_filter


@pytest.mark.django_db
def test_healthz_answers_before_host_check_and_without_session(settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    response = Client().get("/healthz", HTTP_HOST="10.0.0.5")  # a probe by IP address
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert not response.cookies
    assert Client().get("/", HTTP_HOST="10.0.0.5").status_code == 400  # everything else checks


@pytest.mark.django_db
def test_healthz_says_error_without_the_reason(settings, caplog):
    settings.EGOV_HEALTH_PROBES = {
        "database": "egov_plugin.core.health.probe_databases",
        "broken": "tests.production.test_health_and_logs.broken_probe",
    }
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "broken": "error"}}
    assert "redis.internal" not in response.content.decode()
    assert "redis.internal" in caplog.text  # the reason is in the log, for operators


def broken_probe():
    raise ConnectionError("cannot reach redis.internal:6379")


@pytest.mark.django_db
def test_tasks_probe_reaches_the_database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    health.probe_tasks()  # one query on the queue's table
    settings.TASKS = {"default": {"BACKEND": "tests.production.test_health_and_logs.Unknown"}}
    with pytest.raises(RuntimeError, match="no health probe"):
        health.probe_tasks()


from django_tasks.backends.dummy import DummyBackend  # noqa: E402


class Unknown(DummyBackend):
    """A backend of a kind the probe does not know: it must say so, not pass."""


def _format(record_kwargs):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(personal_data_filter())
    logger = logging.getLogger(record_kwargs.pop("logger", "egov_test"))
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    args = record_kwargs.pop("args", ())
    logger.info(record_kwargs.pop("msg"), *args, extra=record_kwargs.pop("extra", None))
    return json.loads(stream.getvalue())


def test_json_log_of_a_request_keeps_the_path_not_the_query():
    request = RequestFactory().get("/admin/egov/people/?q=010-2345-6789&email=kim@example.com")
    line = _format(
        {
            "msg": "Internal Server Error: %s",
            "args": (request.path,),
            "extra": {"request": request, "status_code": 500},
        }
    )
    assert line["path"] == "/admin/egov/people/"
    assert line["method"] == "GET"
    assert line["status_code"] == 500
    assert line["level"] == "INFO" and "time" in line
    assert "2345-6789" not in json.dumps(line) and "kim@example.com" not in json.dumps(line)


def test_gunicorn_access_record_without_request_line_or_referer_query():
    atoms = {
        "h": "10.0.0.9",
        "m": "GET",
        "U": "/consultations/",
        "q": "q=010-2345-6789",
        "r": "GET /consultations/?q=010-2345-6789 HTTP/1.1",
        "s": "200",
        "B": 512,
        "D": 12500,
        "f": "https://gu.example.org/admin/egov/people/?q=%EA%B9%80%EB%AF%BC%EC%88%98",
        "a": "Mozilla/5.0",
    }
    line = _format({"logger": "gunicorn.access", "msg": "%(r)s", "args": (atoms,)})
    assert line["message"] == "GET /consultations/ 200"
    assert line["path"] == "/consultations/" and line["duration_ms"] == 12.5
    assert line["referer"] == "https://gu.example.org/admin/egov/people/"
    assert "2345-6789" not in json.dumps(line) and "%EA" not in json.dumps(line)


def test_shared_cache_is_required_when_the_site_says_so(settings):
    settings.EGOV_REQUIRE_SHARED_CACHE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "egov_core.E004" in [m.id for m in run_checks()]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
        }
    }
    assert "egov_core.E004" not in [m.id for m in run_checks()]
    settings.EGOV_REQUIRE_SHARED_CACHE = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "egov_core.E004" not in [m.id for m in run_checks()]
