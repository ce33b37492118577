from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovAnalysisConfig(AppConfig):
    """Consultation analysis, representativeness, keywords, similar consultations and trends."""

    name = "egov_plugin.analysis"
    label = "egov_analysis"
    verbose_name = _("Opinion analysis")
    default_auto_field = "django.db.models.BigAutoField"
