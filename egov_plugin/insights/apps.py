from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Opens the dashboard, the cross-search and the person page. What a user then sees of people
#: still depends on the personal-data and member-contacts permissions.
USE_INSIGHTS = "egov_insights.use_insights"


class EgovInsightsConfig(AppConfig):
    """The e-governance dashboard, cross-search, person page, exports and saved audiences."""

    name = "egov_plugin.insights"
    label = "egov_insights"
    verbose_name = _("E-governance insights")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_plugin.people import roles

        # Every staff role works from this screen; masking, not access, is what differs.
        for role in (
            roles.ADMINISTRATOR,
            roles.POLICY_STAFF,
            roles.COMMITTEE_STAFF,
            roles.ORGANIZATION_STAFF,
        ):
            roles.grant_to_role(
                role,
                USE_INSIGHTS,
                "egov_people.add_savedaudience",
                "egov_people.view_savedaudience",
            )
        # Anyone deletes the audiences they saved; a 관리자 may delete anyone's.
        roles.grant_to_role(roles.ADMINISTRATOR, "egov_people.delete_savedaudience")
