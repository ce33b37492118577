"""Staff roles (Django groups) with the permissions each one needs.

Each egov app adds the permissions its screens need with :func:`grant_to_role` in its
``AppConfig.ready()``. :func:`ensure_roles` runs after every ``migrate`` (and from
``manage.py egov_setup_roles``): it creates missing groups and adds missing permissions, and
never takes away a permission an administrator granted.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "관리자"
POLICY_STAFF = "정책 담당"
COMMITTEE_STAFF = "위원회 담당"
ORGANIZATION_STAFF = "단체 담당"

#: Role name → description (for docs and the command's output).
ROLES = {
    ADMINISTRATOR: _("Runs the system: every screen, personal data, the audit log."),
    POLICY_STAFF: _("Runs consultations; sees the registry masked."),
    COMMITTEE_STAFF: _("Manages committees and their members."),
    ORGANIZATION_STAFF: _("Manages organizations, their members, activities and meetings."),
}

_BASE = ["wagtailadmin.access_admin"]

_role_permissions = {
    ADMINISTRATOR: _BASE
    + [
        "egov_people.add_person",
        "egov_people.change_person",
        "egov_people.delete_person",
        "egov_people.view_person",
        "egov_people.view_personal_data",
        "egov_people.add_region",
        "egov_people.change_region",
        "egov_people.view_region",
        "egov_core.view_auditevent",
    ],
    POLICY_STAFF: _BASE + ["egov_people.view_person", "egov_people.view_region"],
    COMMITTEE_STAFF: _BASE + ["egov_people.view_person", "egov_people.view_region"],
    ORGANIZATION_STAFF: _BASE + ["egov_people.view_person", "egov_people.view_region"],
}


#: Wagtail page permissions each role holds on the whole page tree (consultation and vote pages
#: are pages: the staff who run them must be able to add, edit and publish them).
_page_permissions = {
    ADMINISTRATOR: ["add_page", "change_page", "publish_page", "delete_page", "lock_page"],
    POLICY_STAFF: ["add_page", "change_page", "publish_page"],
}


def grant_to_role(role, *permissions):
    """Declare that ``role`` needs these permissions (``"app_label.codename"``)."""
    _role_permissions.setdefault(role, list(_BASE)).extend(permissions)


def role_permissions(role):
    return list(dict.fromkeys(_role_permissions.get(role, [])))


def ensure_roles():
    """Create the role groups and add the permissions they lack; returns the names created."""
    created = []
    for role in _role_permissions:
        group, was_created = Group.objects.get_or_create(name=role)
        if was_created:
            created.append(role)
        wanted = {tuple(label.split(".", 1)) for label in role_permissions(role)}
        perms = [
            perm
            for perm in Permission.objects.filter(
                codename__in={codename for _, codename in wanted}
            ).select_related("content_type")
            if (perm.content_type.app_label, perm.codename) in wanted
        ]
        group.permissions.add(*perms)
        _grant_page_permissions(group, _page_permissions.get(role, []))
    return created


def _grant_page_permissions(group, codenames):
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node() if codenames else None
    if root is None:
        return
    for perm in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
