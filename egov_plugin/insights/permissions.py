"""Who may open the insights screens, and whose contacts each viewer sees in clear."""

from django.core.exceptions import PermissionDenied

from egov_plugin.core.text import mask_email, mask_name, mask_phone
from egov_plugin.people.bodies import visible_member_ids
from egov_plugin.people.permissions import can_view_personal_data

from .apps import USE_INSIGHTS


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

    The registry-wide personal-data right shows everyone; a body's staff see the confirmed
    members of the bodies they manage (``people.bodies``), not every member of every body of
    that kind. Built once per request: the visible members are read once, not per row.
    """

    def __init__(self, user):
        self.all_visible = can_view_personal_data(user)
        self.member_ids = set() if self.all_visible else visible_member_ids(user)

    def visible(self, person):
        return self.all_visible or person.pk in self.member_ids

    def name(self, person):
        return person.name if self.visible(person) else mask_name(person.name)

    def mobile(self, person):
        mobile = person.mobile or ""
        return mobile if self.visible(person) else mask_phone(mobile)

    def email(self, person):
        return person.email if self.visible(person) else mask_email(person.email)
