from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class EgovCoreConfig(AppConfig):
    """The base app every other egov app depends on."""

    name = "egov_plugin.core"
    label = "egov_core"
    verbose_name = _("E-governance core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import history
        from .models import AuditEvent

        post_save.connect(
            history.mirror_new_event, sender=AuditEvent, dispatch_uid="egov_audit_history"
        )
        from . import checks  # noqa: F401 - registers the system checks
        from .spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()
