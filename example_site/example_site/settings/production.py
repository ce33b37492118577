"""Production profile: every secret and address comes from the environment.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL``.
Optional: ``EMAIL_URL``-style settings (``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``), ``REDIS_URL`` (cache and rate limits).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Tasks on Redis (RQ): with REDIS_URL, background work goes to RQ queues that workers on any
# number of hosts consume; run at least one worker per queue so a keyword analysis never delays
# a campaign (docs/reference/settings.md, "Task queues"). Without it, django-tasks-db (base).
if os.environ.get("REDIS_URL"):
    from .base import INSTALLED_APPS, TASK_QUEUE_NAMES

    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        name: {"URL": os.environ.get("RQ_REDIS_URL", os.environ["REDIS_URL"]),
               "DEFAULT_TIMEOUT": int(os.environ.get("RQ_JOB_TIMEOUT", "3600"))}
        for name in TASK_QUEUE_NAMES
    }  # fmt: skip
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUE_NAMES}}
