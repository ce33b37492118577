"""Settings shared by every profile of the example site.

The database comes from ``DATABASE_URL`` (default: an SQLite file beside ``manage.py``);
background work goes through the django-tasks API with ``django-tasks-db`` as its backend.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from wagtail.embeds.oembed_providers import vimeo, youtube

import egov_plugin

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
    "egov_plugin.meetings",
    "egov_plugin.budgeting",
    "egov_plugin.imports",
    "egov_plugin.insights",
    "egov_plugin.outreach",
    "egov_plugin.analysis",
    "egov_plugin.privacy",
    "egov_plugin.participation",
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
    # 405 for methods other than GET/HEAD/POST; 400 for NUL or broken characters in any field.
    "egov_plugin.core.request_hygiene.RequestHygieneMiddleware",
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
# A form sent without a valid CSRF token: the site's 403 page, saying to reload the form.
CSRF_FAILURE_VIEW = "egov_plugin.core.errors.csrf_failure"

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
                # The footer's 개인정보 처리방침 link (egov_privacy_policy_url).
                "egov_plugin.privacy.context_processors.privacy_policy",
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
# Staff passwords are reset only by an administrator (KISA 취약한 비밀번호 복구 절차): no
# "forgot password" mail that anyone knowing a staff address could trigger.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Staff passwords (KISA 약한 비밀번호 정책): 9+ characters of three kinds or 10+ of two, no
# "1234"/"aaaa" runs (egov_plugin.privacy.passwords), not like the username, not common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 9},
    },
    {
        "NAME": "egov_plugin.privacy.passwords.CharacterClassPasswordValidator",
        "OPTIONS": {"min_length_three": 9, "min_length_two": 10},
    },
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
# egov_plugin's Korean for Wagtail's own admin strings (one vocabulary with the package's:
# docs/concepts/glossary-ko.md). LOCALE_PATHS outranks every app's catalogue, and it is the only
# way to reach the admin's JavaScript strings, which Wagtail reads from wagtail.admin alone.
LOCALE_PATHS = [egov_plugin.WAGTAIL_LOCALE_DIR]
# Dates as Korean offices write them (2026. 12. 2. 07:02), and typed dates such as 2014.01.01
# accepted by every date field and filter.
FORMAT_MODULE_PATH = ["egov_plugin.formats"]

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

# The client's address behind proxies (egov_plugin.core.clientip): the number of proxies in
# front of the site and their addresses; X-Forwarded-For is read from the right only as far as
# they wrote it. Neither set: REMOTE_ADDR (the development server has no proxy).
EGOV_TRUSTED_PROXY_COUNT = int(os.environ.get("EGOV_TRUSTED_PROXY_COUNT", "0"))
EGOV_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("EGOV_TRUSTED_PROXIES", "").split(",") if p.strip()
]

WAGTAIL_SITE_NAME = "성동구 e-거버넌스"
# The residents' pages (egov_core/resident/base.html): title suffix, the KRDS identifier's
# office, the responsible department in the footer (example values of the demo).
EGOV_SITE_NAME = "성동구 e-거버넌스"
EGOV_SITE_OWNER = "서울특별시 성동구"
EGOV_SITE_CONTACT = {
    "department": "성동구청 소통협력과",
    "phone": "02-2286-5114",
    "address": "(04750) 서울특별시 성동구 고산자로 270 성동구청",
    "hours": "평일 09시~18시",
}
# No calls from staff browsers to outside services: avatars from Gravatar would send a hash of
# each staff e-mail address abroad, and the update check calls Wagtail's server (both would also
# break the Content-Security-Policy; the district network often has no internet at all).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Embeds (KISA SSRF): the server fetches oEmbed data only from YouTube's and Vimeo's endpoints,
# for URLs of theirs; any other URL an editor pastes is refused without a request.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
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

# Phone numbers, e-mail addresses and searched-for names are masked in every log line and in
# Django's error reports (egov_plugin.core.logmasking; EGOV_LOG_MASKING_FILTER).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "egov_plugin.core.jsonlog.personal_data_filter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
DEFAULT_EXCEPTION_REPORTER = "egov_plugin.core.logmasking.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = (
    "egov_plugin.core.logmasking.PersonalDataExceptionReporterFilter"
)
