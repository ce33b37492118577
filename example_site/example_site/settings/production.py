"""Production profile: every secret and address comes from the environment.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL``, ``REDIS_URL``
(the shared cache: rate limits, login locks and sessions must hold across processes and hosts;
without it the settings refuse to load).

Optional: ``CSRF_TRUSTED_ORIGINS``; ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``; ``REDIS_KEY_PREFIX``;
``SECURE_SSL_REDIRECT`` (``0`` only when the proxy itself redirects every plain-HTTP request);
``SECURE_HSTS_SECONDS``, ``SECURE_HSTS_INCLUDE_SUBDOMAINS``, ``SECURE_HSTS_PRELOAD``;
``EGOV_ENCRYPT_EXPORTS`` (``0`` turns the encrypted exports off); ``EGOV_ADMIN_PATH`` and
``EGOV_ADMIN_ALLOWED_NETWORKS`` (base settings); ``STATIC_ROOT`` (where ``collectstatic``
writes); ``LOG_LEVEL``.

Object storage (several hosts, ``docs/reference/files.md``): ``EGOV_S3_BUCKET`` puts the private
files in that bucket (private: no public ACL, signed URLs only), with ``AWS_S3_ENDPOINT_URL``
(an S3-compatible store's address), ``AWS_S3_REGION_NAME``, ``AWS_S3_ADDRESSING_STYLE``
(``path`` for most non-AWS stores), ``EGOV_S3_PRIVATE_PREFIX`` (default ``private``) and the
credentials ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` (read by boto3 itself);
``EGOV_PRIVATE_DOWNLOADS`` (``stream``, the default, or ``signed_url``) and
``EGOV_PRIVATE_SIGNED_URL_SECONDS`` (60). ``EGOV_S3_MEDIA_BUCKET`` (optional, another bucket)
holds the public media (``default``: Wagtail's images and documents).

``docs/howto/deploy-ko.md`` says what the web server in front must do (TLS, ``X-Forwarded-Proto``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE, STATIC_ROOT, STORAGES


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production.")
    return value


def _flag(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# --- HTTPS only (KISA 데이터 평문 전송). TLS ends at the web server in front (nginx), which
# sets X-Forwarded-Proto; it must overwrite any such header sent by the client.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
# Values the HSTS preload list accepts: one year or more, every subdomain, the preload token.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- The client's address (rate limits, login lock, audit log, admin networks). gunicorn
# listens on the loopback only, behind nginx on the same machine, which appends the address it
# saw to X-Forwarded-For: one proxy, at 127.0.0.1. With a load balancer in front of nginx, set
# EGOV_TRUSTED_PROXY_COUNT=2 and add the balancer's address to EGOV_TRUSTED_PROXIES
# (docs/reference/production.md, "Behind a load balancer").
EGOV_TRUSTED_PROXY_COUNT = int(os.environ.get("EGOV_TRUSTED_PROXY_COUNT", "1"))
EGOV_TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get("EGOV_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if p.strip()
]

# --- Cookies: sent over HTTPS only, out of reach of scripts, not sent by other sites' forms.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Shared state on Redis: cache, rate limits, login locks' companions and sessions.
REDIS_URL = _required("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "egov"),
        "TIMEOUT": 300,
    },
    # Rendered fragments keyed by their state (EGOV_FRAGMENT_CACHE): any process may serve them, so
    # they are kept in each process, without a round trip to Redis.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
EGOV_FRAGMENT_CACHE = "fragments"
# Sessions in the database, read through the cache (docs/concepts/decisions.md: a Redis restart
# or eviction signs nobody out and loses no verified budget-vote step; logout deletes both).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A remembered admin login lasts a working day at most; without "remember me" the session ends
# with the browser (Wagtail), and the idle timeout applies either way.
SESSION_COOKIE_AGE = 12 * 3600
# The package's system check refuses a per-process cache (egov_core.E004).
EGOV_REQUIRE_SHARED_CACHE = True

# --- Personal-data exports are password-encrypted .xlsx (KISA/개인정보 안전성 확보조치).
EGOV_ENCRYPT_EXPORTS = _flag("EGOV_ENCRYPT_EXPORTS", True)

# --- Static files: content-hashed names (cache them forever) served by WhiteNoise, compressed.
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STATIC_ROOT = os.environ.get("STATIC_ROOT") or STATIC_ROOT
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Files on S3-compatible object storage, for several hosts (docs/reference/files.md, "Object
# storage"). The private bucket is the owner's alone (no ACL given to anyone: default_acl None),
# every URL of it is signed and short; downloads still go through the permission-checked view.
EGOV_PRIVATE_DOWNLOADS = os.environ.get("EGOV_PRIVATE_DOWNLOADS", "stream")
EGOV_PRIVATE_SIGNED_URL_SECONDS = int(os.environ.get("EGOV_PRIVATE_SIGNED_URL_SECONDS", "60"))
_S3_OPTIONS = {
    "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
    "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
    "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
    "signature_version": "s3v4",
    "file_overwrite": False,
}
if os.environ.get("EGOV_S3_BUCKET"):
    STORAGES["egov_private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_OPTIONS,
            "bucket_name": os.environ["EGOV_S3_BUCKET"],
            "location": os.environ.get("EGOV_S3_PRIVATE_PREFIX", "private"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": EGOV_PRIVATE_SIGNED_URL_SECONDS,
            "object_parameters": {"CacheControl": "no-store"},
        },
    }
if os.environ.get("EGOV_S3_MEDIA_BUCKET"):
    # Public media: pages link to these files for a long time (and cache the links), so their
    # URLs are not signed; the bucket's policy lets anyone read only its images/ folder (public
    # renditions), as nginx does for MEDIA_ROOT locally.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_OPTIONS,
            "bucket_name": os.environ["EGOV_S3_MEDIA_BUCKET"],
            "default_acl": None,
            "querystring_auth": False,
            "custom_domain": os.environ.get("EGOV_S3_MEDIA_DOMAIN") or None,
        },
    }

# --- E-mail.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logs: one JSON object per line on standard error, no query strings, no request objects;
# the "personal_data" filter is the hook for egov_plugin.core's masking filter
# (EGOV_LOG_MASKING_FILTER). Django's mail_admins handler is not used: error mails would carry
# request data to mailboxes outside the access log's controls.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "egov_plugin.core.jsonlog.personal_data_filter"}},
    "formatters": {"json": {"()": "egov_plugin.core.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "egov_plugin": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
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
