from django.apps import AppConfig, apps
from django.db.models.signals import post_save, pre_save
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
        from . import checks, locale_checks  # noqa: F401 - registers the system checks
        from .spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()

        self._connect_private_media()

    def _connect_private_media(self):
        # Wagtail's images and documents in private collections get random names and
        # checked downloads (egov_plugin.core.private_media), when those apps are installed.
        from . import private_media

        if apps.is_installed("wagtail.images"):
            from wagtail.images import get_image_model

            pre_save.connect(
                private_media.rename_private_file,
                sender=get_image_model(),
                dispatch_uid="egov_private_image_names",
            )
            private_media.register()
        if apps.is_installed("wagtail.documents"):
            from wagtail.documents import get_document_model

            pre_save.connect(
                private_media.rename_private_file,
                sender=get_document_model(),
                dispatch_uid="egov_private_document_names",
            )
            private_media.register_documents()
