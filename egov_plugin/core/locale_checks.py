"""System checks that the admin speaks the package's Korean (docs/howto/korean-admin.md).

Two things make Wagtail's own screens follow the glossary: the override catalogue in
``LOCALE_PATHS`` (Wagtail's strings, including those of its scripts), and ``egov_plugin.core``
listed before ``wagtail.admin`` so that its template of Wagtail's dates (absolute, never
"3일 전") is the one found.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def check_wagtail_korean(app_configs, **kwargs):
    """Warn when the Wagtail override catalogue is not in ``LOCALE_PATHS``."""
    import egov_plugin

    wanted = Path(egov_plugin.WAGTAIL_LOCALE_DIR).resolve()
    if any(Path(p).resolve() == wanted for p in getattr(settings, "LOCALE_PATHS", [])):
        return []
    return [
        Warning(
            "Wagtail's admin strings are not overridden with the package's Korean: staff will "
            "read '웨그테일에 로그인', '검사' and English labels.",
            hint="Add egov_plugin.WAGTAIL_LOCALE_DIR to LOCALE_PATHS.",
            id="egov_core.W020",
        )
    ]


@register()
def check_core_before_wagtail_admin(app_configs, **kwargs):
    """Warn when ``egov_plugin.core`` comes after ``wagtail.admin`` in ``INSTALLED_APPS``."""
    apps = list(settings.INSTALLED_APPS)
    if "egov_plugin.core" not in apps or "wagtail.admin" not in apps:
        return []
    if apps.index("egov_plugin.core") < apps.index("wagtail.admin"):
        return []
    return [
        Warning(
            "egov_plugin.core comes after wagtail.admin in INSTALLED_APPS, so the admin shows "
            "relative dates ('3일 전', 'Just now') instead of the package's absolute ones.",
            hint="List the egov_plugin apps before the wagtail apps.",
            id="egov_core.W021",
        )
    ]


@register()
def check_korean_formats(app_configs, **kwargs):
    """Warn when ``FORMAT_MODULE_PATH`` does not name ``egov_plugin.formats``."""
    paths = getattr(settings, "FORMAT_MODULE_PATH", None) or []
    if isinstance(paths, str):
        paths = [paths]
    if "egov_plugin.formats" in paths:
        return []
    return [
        Warning(
            "Dates follow Django's Korean formats (2026년 12월 2일, 오후 7:02) and a period typed "
            "as 2014.01.01 is refused.",
            hint='Set FORMAT_MODULE_PATH = ["egov_plugin.formats"].',
            id="egov_core.W022",
        )
    ]
