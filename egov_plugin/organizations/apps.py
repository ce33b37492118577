from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Shows organization members' names and contacts (like the registry-wide personal-data right,
#: but only for organization members, attendees and participants).
CONTACTS_PERMISSION = "egov_organizations.view_member_contacts"

_MODELS = (
    "organization",
    "organizationkind",
    "organizationmembership",
    "activity",
    "activityphoto",
)


class EgovOrganizationsConfig(AppConfig):
    """Organizations as snippets, their members and activities; a kind of body whose meetings
    the meetings app keeps."""

    name = "egov_plugin.organizations"
    label = "egov_organizations"
    verbose_name = _("E-governance organizations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from egov_plugin.people import roles
        from egov_plugin.people.body_kinds import BodyKind, register_body_kind
        from egov_plugin.people.groups import GroupFilter, PersonGroup, register_group

        from .media_permissions import ensure_media_permissions

        register_group(
            PersonGroup(
                key="organization",
                label=_("Organization member"),
                model="egov_organizations.OrganizationMembership",
                order=20,
                filters=(
                    GroupFilter(
                        key="organization",
                        label=_("Organization"),
                        model="egov_organizations.Organization",
                        lookup="organization",
                    ),
                ),
            )
        )
        # A kind of body: the meetings app (and any other) lists, filters and permits by it.
        register_body_kind(
            BodyKind(
                model="egov_organizations.Organization",
                label=_("Organization"),
                view_permission="egov_organizations.view_organization",
                membership="egov_organizations.OrganizationMembership",
                one_label=_("an organization"),
                order=20,
            )
        )
        all_perms = [
            f"egov_organizations.{action}_{model}"
            for model in _MODELS
            for action in ("add", "change", "delete", "view")
        ]
        roles.grant_to_role(
            roles.ORGANIZATION_STAFF, *all_perms, CONTACTS_PERMISSION, "egov_people.add_person"
        )
        roles.grant_to_role(roles.ADMINISTRATOR, *all_perms, CONTACTS_PERMISSION)
        roles.grant_to_role(
            roles.POLICY_STAFF,
            *(f"egov_organizations.view_{model}" for model in _MODELS),
        )
        # Images and documents are permitted per collection, which group permissions do not
        # cover; like the roles, this runs after every migrate and only ever adds.
        post_migrate.connect(ensure_media_permissions, dispatch_uid="egov_organizations_media")
