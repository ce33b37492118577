from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = ("meeting", "meetingattachment")


class EgovMeetingsConfig(AppConfig):
    """Meetings with minutes, of any registered kind of body (committees, organizations …)."""

    name = "egov_plugin.meetings"
    label = "egov_meetings"
    verbose_name = _("E-governance meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_delete

        from egov_plugin.people import roles
        from egov_plugin.people.body_kinds import get_body_kinds

        from .media_permissions import ensure_attachment_permissions
        from .models import delete_meetings_of

        all_perms = [
            f"egov_meetings.{action}_{model}"
            for model in _MODELS
            for action in ("add", "change", "delete", "view")
        ]
        # Each role keeps the minutes of the bodies it sees (the views limit them to those).
        for role in (roles.ORGANIZATION_STAFF, roles.COMMITTEE_STAFF, roles.ADMINISTRATOR):
            roles.grant_to_role(role, *all_perms)
        roles.grant_to_role(
            roles.POLICY_STAFF, *(f"egov_meetings.view_{model}" for model in _MODELS)
        )
        # A body's meetings go with it. The kinds are registered by the apps below this one
        # (committees, organizations), whose ready() has run: INSTALLED_APPS lists them first.
        for kind in get_body_kinds():
            pre_delete.connect(
                delete_meetings_of,
                sender=kind.model_class,
                dispatch_uid=f"egov_meetings_of_{kind.model}",
            )
        post_migrate.connect(ensure_attachment_permissions, dispatch_uid="egov_meetings_media")
