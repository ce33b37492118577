from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovBudgetingConfig(AppConfig):
    """Participatory-budget votes: the vote page, verified ballots, paper ballots, results."""

    name = "egov_plugin.budgeting"
    label = "egov_budgeting"
    verbose_name = _("E-governance participatory budgeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_plugin.people import roles

        # Staff who run votes: results, fraud signals and paper ballots. Ballots themselves
        # are only ever viewed (they are final once cast), so there is no change permission.
        permissions = [
            "egov_budgeting.view_ballot",
            "egov_budgeting.view_coderequest",
            "egov_budgeting.add_papertally",
            "egov_budgeting.change_papertally",
            "egov_budgeting.delete_papertally",
            "egov_budgeting.view_papertally",
        ]
        roles.grant_to_role(roles.POLICY_STAFF, *permissions)
        roles.grant_to_role(roles.ADMINISTRATOR, *permissions)
