"""The residents' participation hub: 내 참여 (their own records) and the portal's shared blocks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovParticipationConfig(AppConfig):
    """내 참여 (my participation), and the home-page blocks that span several apps."""

    name = "egov_plugin.participation"
    label = "egov_participation"
    verbose_name = _("Residents' participation")
    default_auto_field = "django.db.models.BigAutoField"
