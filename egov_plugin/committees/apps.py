from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovCommitteesConfig(AppConfig):
    """Committees as snippets, their members, and the member look-up by e-mail."""

    name = "egov_plugin.committees"
    label = "egov_committees"
    verbose_name = _("E-governance committees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_plugin.core.menu import COMMITTEES
        from egov_plugin.people import roles
        from egov_plugin.people.body_kinds import BodyKind, register_body_kind
        from egov_plugin.people.groups import GroupFilter, PersonGroup, register_group

        register_group(
            PersonGroup(
                key="committee",
                label=_("Committee member"),
                model="egov_committees.CommitteeMembership",
                order=30,
                filters=(
                    GroupFilter(
                        key="committee_field",
                        label=_("Committee field"),
                        model="egov_committees.CommitteeField",
                        lookup="committee__field",
                    ),
                ),
            )
        )
        # A kind of body: the meetings app (and any other) lists, filters and permits by it;
        # its meetings are listed under 위원회 too.
        register_body_kind(
            BodyKind(
                model="egov_committees.Committee",
                label=_("Committee"),
                view_permission="egov_committees.view_committee",
                membership="egov_committees.CommitteeMembership",
                one_label=_("a committee"),
                menu_area=COMMITTEES,
                order=30,
            )
        )
        committee_perms = [
            f"egov_committees.{action}_{model}"
            for model in ("committee", "committeefield", "committeemembership")
            for action in ("add", "change", "delete", "view")
        ]
        roles.grant_to_role(
            roles.COMMITTEE_STAFF,
            *committee_perms,
            "egov_committees.view_member_contacts",
            "egov_people.add_person",
            "egov_core.view_department",
        )
        roles.grant_to_role(
            roles.ADMINISTRATOR, *committee_perms, "egov_committees.view_member_contacts"
        )
        roles.grant_to_role(
            roles.POLICY_STAFF,
            "egov_committees.view_committee",
            "egov_committees.view_committeemembership",
        )
