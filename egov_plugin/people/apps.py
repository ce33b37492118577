from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .conf import app_settings


class EgovPeopleConfig(AppConfig):
    """Regions (행정동), people, subscriber profiles and consent records."""

    name = "egov_plugin.people"
    label = "egov_people"
    verbose_name = _("E-governance people")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import PersonGroup, register_group

        # Not limited to this app's signal: the permissions of apps migrated after this one must
        # exist before they can be granted, so every app's post_migrate re-checks (idempotent).
        post_migrate.connect(_ensure_roles, dispatch_uid="egov_people_roles")

        register_group(
            PersonGroup(
                key="subscriber",
                label=_("E-communication subscriber"),
                model="egov_people.SubscriberProfile",
                extra={"withdrawn_at__isnull": True},
                order=10,
            )
        )


def _ensure_roles(sender, using="default", **kwargs):
    from .roles import ensure_roles

    if app_settings.CREATE_STAFF_ROLES:
        ensure_roles()
