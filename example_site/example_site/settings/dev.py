"""Development and demo profile: debug on, console e-mail, local SQLite by default."""

from urllib.parse import urlsplit

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "django-insecure-egov-example-site-dev-only"  # noqa: S105 - dev profile only
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
# scripts/demo serves on the computer's network address so that phones can follow the links.
if urlsplit(EGOV_PUBLIC_BASE_URL).hostname:  # noqa: F405
    ALLOWED_HOSTS.append(urlsplit(EGOV_PUBLIC_BASE_URL).hostname)  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
