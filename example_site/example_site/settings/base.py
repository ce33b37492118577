"""Settings shared by every profile of the example site.

The database comes from ``DATABASE_URL`` (default: an SQLite file beside ``manage.py``);
background work goes through the django-tasks API with ``django-tasks-db`` as its backend.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    # egov_plugin: every app the package has so far.
    "egov_plugin.core",
    "egov_plugin.people",
    "egov_plugin.committees",
    "egov_plugin.consultations",
    "egov_plugin.organizations",
    "egov_plugin.budgeting",
    "egov_plugin.imports",
    "egov_plugin.insights",
    "egov_plugin.outreach",
    "egov_plugin.analysis",
    "egov_plugin.privacy",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tables2",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # /healthz first: a load balancer's probe needs no session, host check or HTTPS redirect.
    "egov_plugin.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp), relaxed under the admin only as Wagtail needs.
    "egov_plugin.core.csp.AdminAwareCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The admin: only from EGOV_ADMIN_ALLOWED_NETWORKS (when set), never indexed.
    "egov_plugin.privacy.admin_access.AdminAccessMiddleware",
    # Privacy controls: who changed a permission (needs the request), and the admin session
    # ending after EGOV_ADMIN_SESSION_TIMEOUT_MINUTES without activity.
    "egov_plugin.privacy.middleware.CurrentRequestMiddleware",
    "egov_plugin.privacy.middleware.AdminSessionTimeoutMiddleware",
    # One admin session per staff member: a new login signs the older browser out.
    "egov_plugin.privacy.single_session.SingleAdminSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins are locked after EGOV_LOGIN_MAX_FAILURES failures (per username and per IP address)
# for EGOV_LOGIN_LOCK_MINUTES; the admin login form says so (egov_plugin.privacy).
AUTHENTICATION_BACKENDS = ["egov_plugin.privacy.login.LockingModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "egov_plugin.privacy.forms.LockingLoginForm"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean by default: the people who use this are Korean public servants and residents.
LANGUAGE_CODE = "ko-kr"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# Files from outside and files holding personal data (mail attachments, uploads, exports,
# restricted photos' renditions) go to "egov_private": a directory that no URL maps to, read
# only by egov_plugin's permission-checked downloads (docs/concepts/security.md). Several web
# hosts share it (a network directory), or point it at S3 through django-storages with a
# private bucket and short signed URLs. Of MEDIA_ROOT only the renditions of public images
# (MEDIA_URL + "images/") may be served by the web server.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "egov_private": {
        "BACKEND": "egov_plugin.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": os.environ.get("EGOV_PRIVATE_ROOT", BASE_DIR / "private")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work: Wagtail's own tasks use "default"; the package sends, imports and analyses on
# queues of their own (egov_plugin.core.queues), so a keyword job never delays a campaign.
# Embedded profile: django-tasks-db (`manage.py db_worker --queue-name ...`, see scripts/demo).
TASK_QUEUE_NAMES = ["default", "egov_sending", "egov_imports", "egov_analysis"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUE_NAMES}}

# Content-Security-Policy of every page (django-csp 4). Inline <script>/<style> of our templates
# carry nonce="{{ request.csp_nonce }}"; under the admin, EGOV_ADMIN_CSP_REPLACE applies.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# The admin's location (moved off /admin/ with the EGOV_ADMIN_PATH environment variable) and
# the staff networks allowed to reach it (EGOV_ADMIN_ALLOWED_NETWORKS="10.20.0.0/16,...").
EGOV_ADMIN_PATH = os.environ.get("EGOV_ADMIN_PATH", "admin").strip("/") + "/"
EGOV_ADMIN_ALLOWED_NETWORKS = [
    n.strip() for n in os.environ.get("EGOV_ADMIN_ALLOWED_NETWORKS", "").split(",") if n.strip()
]

WAGTAIL_SITE_NAME = "성동구 e-거버넌스"
# No calls from staff browsers to outside services: avatars from Gravatar would send a hash of
# each staff e-mail address abroad, and the update check calls Wagtail's server (both would also
# break the Content-Security-Policy; the district network often has no internet at all).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The address residents open: every link sent out starts with it (egov_plugin.core.public_url).
# Empty: the default Wagtail Site record (``manage.py egov_public_url URL`` writes it).
EGOV_PUBLIC_BASE_URL = os.environ.get("EGOV_PUBLIC_BASE_URL", "")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "hwp", "hwpx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
# Documents are always served by Wagtail's view (never a MEDIA_URL link), which calls the
# before_serve_document hook: egov_plugin checks permission, audits and sends private
# documents (meeting papers) as inert downloads.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Renditions of restricted photos are kept privately and linked through a checked view.
WAGTAILIMAGES_RENDITION_STORAGE = "egov_plugin.core.private_media.RenditionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
