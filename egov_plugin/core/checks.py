"""System checks of the package's settings."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.urls import NoReverseMatch, reverse

from .conf import egov_settings
from .spreadsheets import encryption_available


@register()
def check_export_encryption(app_configs, **kwargs):
    """``EGOV_ENCRYPT_EXPORTS`` needs ``msoffcrypto-tool`` (the ``encryption`` extra)."""
    if egov_settings.ENCRYPT_EXPORTS and not encryption_available():
        return [
            Error(
                "EGOV_ENCRYPT_EXPORTS is on but msoffcrypto-tool is not installed, so no export "
                "of personal data could be written.",
                hint="pip install 'egov_plugin[encryption]', or set EGOV_ENCRYPT_EXPORTS = False.",
                id="egov_core.E001",
            )
        ]
    return []


@register()
def check_task_queues(app_configs, **kwargs):
    """The default task backend must accept every queue the package enqueues to."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.exceptions import InvalidTaskBackendError

    from .queues import queue_names

    try:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    except InvalidTaskBackendError:
        return []  # django-tasks reports a missing or broken TASKS setting itself
    missing = [name for name in queue_names() if backend.queues and name not in backend.queues]
    if not missing:
        return []
    wanted = sorted(set(backend.queues) | set(missing))
    return [
        Error(
            f"The task backend {DEFAULT_TASK_BACKEND_ALIAS!r} does not accept the queues "
            f"{', '.join(missing)}, so campaigns, imports or keyword analyses could not be queued.",
            hint=f'Add them to TASKS["{DEFAULT_TASK_BACKEND_ALIAS}"]["QUEUES"] (for example '
            f"{wanted!r}), or rename the package's queues with EGOV_TASK_QUEUES.",
            id="egov_core.E002",
        )
    ]


@register()
def check_private_storage(app_configs, **kwargs):
    """Private files must not lie where a URL serves them, and must be downloadable."""
    from django.core.files.storage import FileSystemStorage

    from .storage import is_inside, private_storage

    problems = []
    storage = private_storage()
    if isinstance(storage, FileSystemStorage):
        for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
            if is_inside(storage.location, getattr(settings, setting, None)):
                problems.append(
                    Error(
                        f"The private files' directory {storage.location} is inside {setting}, "
                        "so the web server may serve them to anyone.",
                        hint="Set EGOV_PRIVATE_ROOT (or the 'egov_private' storage) to a "
                        "directory outside MEDIA_ROOT and STATIC_ROOT.",
                        id="egov_core.E003",
                    )
                )
    try:
        reverse("egov_files:download", args=["x", 1])
    except NoReverseMatch:
        problems.append(
            Warning(
                "The file downloads (egov_plugin.core.urls) are not in the site's URLs, so "
                "mail attachments and other private files cannot be downloaded.",
                hint='Add path("egov-files/", include("egov_plugin.core.urls")) to the '
                "site's urls.py, before Wagtail's own.",
                id="egov_core.W001",
            )
        )
    return problems


@register()
def check_private_media_settings(app_configs, **kwargs):
    """Private Wagtail documents and photos need Wagtail's serve view and our renditions."""
    from django.apps import apps

    problems = []
    if apps.is_installed("wagtail.documents") and (
        getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) != "serve_view"
    ):
        problems.append(
            Warning(
                "WAGTAILDOCS_SERVE_METHOD is not 'serve_view': links to documents of private "
                "collections (meeting papers) may point at the storage and skip the "
                "permission check.",
                hint='Set WAGTAILDOCS_SERVE_METHOD = "serve_view".',
                id="egov_core.W002",
            )
        )
    rendition_storage = "egov_plugin.core.private_media.RenditionStorage"
    if apps.is_installed("wagtail.images") and (
        getattr(settings, "WAGTAILIMAGES_RENDITION_STORAGE", None) != rendition_storage
    ):
        problems.append(
            Warning(
                "Renditions of photos in private collections are stored as public files.",
                hint=f'Set WAGTAILIMAGES_RENDITION_STORAGE = "{rendition_storage}".',
                id="egov_core.W003",
            )
        )
    return problems


#: Cache backends that live inside one server process: counters kept there are per process.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register()
def check_shared_cache(app_configs, **kwargs):
    """With ``EGOV_REQUIRE_SHARED_CACHE``, the default cache must be shared between processes.

    The rate limits (opinions, SMS codes) and the login lock count in the cache; in a
    per-process cache each of N server processes keeps its own count, so every limit is
    multiplied by N (and by the number of hosts).
    """
    from django.conf import settings

    if not egov_settings.REQUIRE_SHARED_CACHE:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The default cache ({backend}) is kept per process, so every rate limit "
                "would multiply by the number of server processes.",
                hint="Use a shared cache, e.g. Redis (set REDIS_URL for the example site).",
                id="egov_core.E004",
            )
        ]
    return []


@register()
def check_public_url(app_configs, **kwargs):
    """The public base URL must be one residents can open, and agree with Wagtail's ``Site``."""
    from django.db import DatabaseError

    from . import public_url

    configured = (egov_settings.PUBLIC_BASE_URL or "").strip().rstrip("/")
    try:
        # Without the setting the address is the default Site's: a fresh database has none yet.
        base = public_url.base_url()
        site_root = _default_site_root()
    except DatabaseError:
        return []
    problems = []
    found = public_url.problem(base) if base else None
    if found is not None:
        problems.append(
            Warning(
                found[1],
                hint="Set EGOV_PUBLIC_BASE_URL = 'https://…' and run "
                "'manage.py egov_public_url https://…' to write the Site record to match.",
                id="egov_core.W004",
            )
        )
    if configured and site_root is not None and site_root != configured:
        problems.append(
            Warning(
                f"EGOV_PUBLIC_BASE_URL is {configured} but the default Wagtail Site is "
                f"{site_root}: Wagtail's own links (the sitemap, 'view live') would differ "
                "from the links residents are sent.",
                hint=f"Run 'manage.py egov_public_url {configured}'.",
                id="egov_core.W005",
            )
        )
    return problems


def _default_site_root():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site is not None else None
