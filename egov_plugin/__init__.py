"""egov_plugin: an e-governance system for Korean district offices, as a Wagtail package."""

__version__ = "0.1.0"

from pathlib import Path as _Path

#: Korean overrides of Wagtail's own admin strings; a site adds it to ``LOCALE_PATHS``
#: (docs/howto/korean-admin.md).
WAGTAIL_LOCALE_DIR = str(_Path(__file__).resolve().parent / "wagtail_locale")
