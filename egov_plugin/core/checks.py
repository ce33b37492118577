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
