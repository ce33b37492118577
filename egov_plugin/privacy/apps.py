from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovPrivacyConfig(AppConfig):
    """Access-record review, permission-change log, retention, deletion requests, login controls."""

    name = "egov_plugin.privacy"
    label = "egov_privacy"
    verbose_name = _("Privacy controls")
    default_auto_field = "django.db.models.BigAutoField"
