"""Who may open the insights screens, and whose contacts each viewer sees in clear."""

from django.core.exceptions import PermissionDenied

from egov_plugin.core.text import mask_email, mask_name, mask_phone
from egov_plugin.people.permissions import can_view_personal_data

from .apps import USE_INSIGHTS

#: Group key → the permission that shows that group's members' names and contacts. The
#: registry-wide personal-data right shows everyone; these show only members of one kind of
#: body (a 위원회 담당 sees committee members, a 단체 담당 organization members).
GROUP_CONTACTS_PERMISSIONS = {
    "committee": "egov_committees.view_member_contacts",
    "organization": "egov_organizations.view_member_contacts",
}


def can_use_insights(user):
    return bool(user and user.is_active and user.has_perm(USE_INSIGHTS))


class InsightsPermissionMixin:
    """Refuses users without the insights permission (and ``extra_permissions``)."""

    extra_permissions = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not can_use_insights(user) or not all(user.has_perm(p) for p in self.extra_permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ContactPolicy:
    """Decides, person by person, whether ``user`` sees names and contacts in clear.

    Built once per request so the permission look-ups are not repeated per row. A person's
    group flags (``in_group_<key>``, see ``people.groups.attach_groups``) must be set.
    """

    def __init__(self, user):
        self.all_visible = can_view_personal_data(user)
        self.visible_groups = {
            key
            for key, permission in GROUP_CONTACTS_PERMISSIONS.items()
            if user is not None and user.is_active and user.has_perm(permission)
        }

    def visible(self, person):
        if self.all_visible:
            return True
        return any(getattr(person, f"in_group_{key}", False) for key in self.visible_groups)

    def name(self, person):
        return person.name if self.visible(person) else mask_name(person.name)

    def mobile(self, person):
        mobile = person.mobile or ""
        return mobile if self.visible(person) else mask_phone(mobile)

    def email(self, person):
        return person.email if self.visible(person) else mask_email(person.email)
