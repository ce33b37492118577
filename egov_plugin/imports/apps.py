from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bulk uploads of people, members and opinions (spreadsheets and mail), and exports."""

    name = "egov_plugin.imports"
    label = "egov_imports"
    verbose_name = _("Imports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_plugin.people import roles

        from . import files

        files.register()

        # Uploads create and change people: the administrator role runs them; staff of
        # committees and organizations upload their own members.
        permissions = ["egov_imports.add_importjob", "egov_imports.view_importjob"]
        roles.grant_to_role(roles.ADMINISTRATOR, *permissions, "egov_imports.change_importjob")
        roles.grant_to_role(roles.COMMITTEE_STAFF, *permissions)
        roles.grant_to_role(roles.ORGANIZATION_STAFF, *permissions)
        roles.grant_to_role(roles.POLICY_STAFF, *permissions)
