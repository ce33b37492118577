from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovOutreachConfig(AppConfig):
    """Outreach campaigns: audience, message rules, batch sending, provider backends."""

    name = "egov_plugin.outreach"
    label = "egov_outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps

        from egov_plugin.people import roles

        from . import checks  # noqa: F401 - registers the system checks

        if apps.is_installed("egov_plugin.consultations"):
            from . import signals  # noqa: F401 - SMS notice of a published consultation outcome

        roles.grant_to_role(
            roles.ADMINISTRATOR,
            "egov_outreach.add_campaign",
            "egov_outreach.change_campaign",
            "egov_outreach.view_campaign",
            "egov_outreach.approve_campaign",
        )
        roles.grant_to_role(
            roles.POLICY_STAFF,
            "egov_outreach.add_campaign",
            "egov_outreach.change_campaign",
            "egov_outreach.view_campaign",
        )
