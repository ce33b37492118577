"""The smallest site that uses the installed egov_plugin wheel (CI checks `check` and `migrate`).

Copied by .ci/run into a temporary folder outside the repository, so the package is imported
from the wheel and not from the source tree.
"""

import os

SECRET_KEY = "ci-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "minimal_urls"
INSTALLED_APPS = [
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
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.sites",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tables2",
    "django_tasks",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(os.path.dirname(__file__), "minimal.sqlite3"),
    }
}
STATIC_URL = "/static/"
USE_TZ = True
LANGUAGE_CODE = "ko-kr"
TIME_ZONE = "Asia/Seoul"
WAGTAIL_SITE_NAME = "minimal"
WAGTAILADMIN_BASE_URL = "http://localhost"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "egov_sending", "egov_imports", "egov_analysis"],
    }
}
# Private files (docs/reference/files.md): Wagtail's document view and private renditions.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_RENDITION_STORAGE = "egov_plugin.core.private_media.RenditionStorage"
