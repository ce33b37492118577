from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovConsultationsConfig(AppConfig):
    """Consultation pages, opinions and their moderation, closed expert reviews."""

    name = "egov_plugin.consultations"
    label = "egov_consultations"
    verbose_name = _("E-governance consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail import hooks

        from egov_plugin.people import roles

        from . import signals  # noqa: F401 - connects the outcome notification

        hooks.register("egov_demo_data", _demo_consultations, order=30)

        perms = [
            f"egov_consultations.{action}_{model}"
            for model in ("opinion", "expertinvitation")
            for action in ("add", "change", "delete", "view")
        ] + ["egov_consultations.change_consultationsettings"]
        roles.grant_to_role(roles.POLICY_STAFF, *perms)
        roles.grant_to_role(roles.ADMINISTRATOR, *perms)


def _demo_consultations(*, scale, rng, stdout):
    from .demo import create_consultations

    create_consultations(scale=scale, rng=rng, stdout=stdout)
