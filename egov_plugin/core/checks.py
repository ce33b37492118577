"""System checks of the package's settings."""

from django.core.checks import Error, register

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
                id="egov_core.E002",
            )
        ]
    return []
