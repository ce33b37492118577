from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovCoreConfig(AppConfig):
    """The base app every other egov app depends on."""

    name = "egov_plugin.core"
    label = "egov_core"
    verbose_name = _("E-governance core")
    default_auto_field = "django.db.models.BigAutoField"
