from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovAnalysisConfig(AppConfig):
    """Consultation analysis, representativeness, keywords, similar consultations and trends."""

    name = "egov_plugin.analysis"
    label = "egov_analysis"
    verbose_name = _("Opinion analysis")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_plugin.people import roles

        perms = [
            f"egov_analysis.{action}_referencepopulation" for action in ("add", "delete", "view")
        ] + ["egov_analysis.change_analysissettings"]
        roles.grant_to_role(roles.POLICY_STAFF, *perms)
        roles.grant_to_role(roles.ADMINISTRATOR, *perms)
