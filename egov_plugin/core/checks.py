"""System checks of the package's settings."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
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
def check_object_storage(app_configs, **kwargs):
    """Private files on object storage (S3) must stay private and be linked only when signed.

    ``egov_core.W007``: the private storage gives its objects a public canned ACL;
    ``egov_core.W008``: its URLs would not be signed (``querystring_auth`` off, or a
    ``custom_domain``, for which django-storages signs nothing); ``egov_core.W009``: it shares
    a bucket and prefix with a ``default`` storage whose URLs are not signed, so a private
    object would have a public URL; ``egov_core.E007``: ``EGOV_PRIVATE_DOWNLOADS`` is neither
    ``"stream"`` nor ``"signed_url"``.
    """
    from .object_storage import DOWNLOAD_MODES, PUBLIC_ACLS, backend_of, is_object_storage
    from .storage import private_storage

    problems = []
    if egov_settings.PRIVATE_DOWNLOADS not in DOWNLOAD_MODES:
        problems.append(
            Error(
                f"EGOV_PRIVATE_DOWNLOADS is {egov_settings.PRIVATE_DOWNLOADS!r}.",
                hint='Set it to "stream" or "signed_url".',
                id="egov_core.E007",
            )
        )
    storage, _ = backend_of(private_storage(), "")
    if not is_object_storage(storage):
        return problems
    where = f"bucket {storage.bucket_name!r}"
    if (storage.default_acl or "") in PUBLIC_ACLS:
        problems.append(
            Warning(
                f"The private files' storage ({where}) stores objects with the public ACL "
                f"{storage.default_acl!r}, so anyone with an object's address can read it.",
                hint='Remove "default_acl" from the "egov_private" storage\'s OPTIONS (the '
                "bucket owner alone may read) and block public access on the bucket.",
                id="egov_core.W007",
            )
        )
    if not storage.querystring_auth or storage.custom_domain:
        problems.append(
            Warning(
                f"URLs of the private files' storage ({where}) are not signed "
                "(querystring_auth is off or custom_domain is set): any link to one would "
                "open it without a permission check, and for ever.",
                hint='Set "querystring_auth": True and a short "querystring_expire" (60), and '
                'no "custom_domain", in the "egov_private" storage\'s OPTIONS.',
                id="egov_core.W008",
            )
        )
    from django.core.files.storage import default_storage

    public, _ = backend_of(default_storage, "")
    if (
        is_object_storage(public)
        and public.bucket_name == storage.bucket_name
        and (public.location or "").strip("/") == (storage.location or "").strip("/")
        and (not public.querystring_auth or public.custom_domain)
    ):
        problems.append(
            Warning(
                f"The private files share {where} and its prefix with the public 'default' "
                "storage, whose URLs are not signed.",
                hint="Keep private files in a bucket of their own (or at least a 'location' "
                "prefix that the bucket's public-read policy does not cover).",
                id="egov_core.W009",
            )
        )
    return problems


@register()
def check_trusted_proxies(app_configs, **kwargs):
    """The trusted-proxy settings of :mod:`egov_plugin.core.clientip` must be usable.

    ``EGOV_TRUSTED_PROXIES`` must list addresses or networks; ``EGOV_TRUST_X_FORWARDED_FOR`` is
    deprecated (it still means one proxy in front) in favour of ``EGOV_TRUSTED_PROXY_COUNT``.
    """
    from .clientip import trusted_networks

    problems = []
    try:
        trusted_networks()
    except ValueError as error:
        problems.append(
            Error(
                f"EGOV_TRUSTED_PROXIES holds something that is not an address or network: {error}",
                hint='List the proxies as addresses or CIDR networks, e.g. ["10.99.0.0/24"].',
                id="egov_core.E005",
            )
        )
    count = egov_settings.TRUSTED_PROXY_COUNT
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        problems.append(
            Error(
                "EGOV_TRUSTED_PROXY_COUNT must be a whole number of proxies (0 or more).",
                id="egov_core.E006",
            )
        )
    if egov_settings.TRUST_X_FORWARDED_FOR:
        problems.append(
            Warning(
                "EGOV_TRUST_X_FORWARDED_FOR is deprecated; it is read as "
                "EGOV_TRUSTED_PROXY_COUNT = 1 (the address the one proxy in front saw).",
                hint="Set EGOV_TRUSTED_PROXY_COUNT to the number of proxies in front of the "
                "site (and/or EGOV_TRUSTED_PROXIES to their addresses), and remove "
                "EGOV_TRUST_X_FORWARDED_FOR.",
                id="egov_core.W004",
            )
        )
    return problems


@register(Tags.database)
def check_public_url(app_configs, **kwargs):
    """The public base URL must be one residents can open, and agree with Wagtail's ``Site``.

    A database check (it reads the default ``Site``): run by ``migrate`` and
    ``check --database default``, like Django's own, not by a plain ``check``.
    """
    from django.db import DatabaseError

    if not kwargs.get("databases"):
        return []

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
                id="egov_core.W010",
            )
        )
    if configured and site_root is not None and site_root != configured:
        problems.append(
            Warning(
                f"EGOV_PUBLIC_BASE_URL is {configured} but the default Wagtail Site is "
                f"{site_root}: Wagtail's own links (the sitemap, 'view live') would differ "
                "from the links residents are sent.",
                hint=f"Run 'manage.py egov_public_url {configured}'.",
                id="egov_core.W011",
            )
        )
    return problems


def _default_site_root():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site is not None else None
