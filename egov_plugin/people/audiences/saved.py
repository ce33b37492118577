"""Saving criteria's result as an audience, what uses one, and deleting one — each audited.

Other apps say what sends to a saved audience through the ``egov_saved_audience_uses`` hook
(outreach: its campaigns), so this module never names them.
"""

from dataclasses import dataclass

from django.db import transaction
from wagtail import hooks

from egov_plugin.core import audit

from .conditions import people_queryset
from .models import SavedAudience

#: Wagtail hook: ``fn(audience)`` returns the :class:`AudienceUse` s of one app.
USES_HOOK = "egov_saved_audience_uses"

DELETE_PERMISSION = "egov_people.delete_savedaudience"


@dataclass(frozen=True)
class AudienceUse:
    """Something that sends to a saved audience (a campaign), as the audience screens list it."""

    name: str
    status: str = ""
    #: Whether it still reads the audience (then the audience cannot be deleted under it).
    blocks_deletion: bool = False


@transaction.atomic
def save_audience(request, name, criteria):
    """Freeze the people ``criteria`` select now into a :class:`SavedAudience`; audited.

    The ids are resolved at once and kept: the audience a campaign sends to is the one staff
    saw and saved, not whatever the same search finds on the day of sending.
    """
    person_ids = list(people_queryset(criteria).order_by("pk").values_list("pk", flat=True))
    audience = SavedAudience.objects.create(
        name=name,
        criteria=criteria.as_json(),
        person_ids=person_ids,
        size=len(person_ids),
        created_by=request.user if request.user.is_authenticated else None,
    )
    _record(request, audit.Action.CREATE, audience)
    return audience


def _record(request, action, audience):
    """The audit event of saving or deleting ``audience``: its name, criteria and size."""
    audit.record(
        request,
        action,
        obj=audience,
        summary=f"{audience.name} ({audience.size})",
        data={"criteria": audience.criteria, "results": audience.size},
    )


def uses(audience):
    """Every :class:`AudienceUse` of ``audience``, from the apps that register the hook."""
    return [use for fn in hooks.get_hooks(USES_HOOK) for use in fn(audience)]


def blocking_uses(audience):
    """The uses that still read ``audience`` (a campaign not done or cancelled): it cannot be
    deleted under them, or they would send to nobody."""
    return [use for use in uses(audience) if use.blocks_deletion]


def can_delete(user, audience):
    """Whoever saved an audience may delete it; the delete permission (관리자) allows any."""
    if user.has_perm(DELETE_PERMISSION):
        return True
    return audience.created_by_id is not None and audience.created_by_id == user.pk


@transaction.atomic
def delete_audience(request, audience):
    """Delete ``audience``; audited with its name, criteria and size (before the row goes)."""
    _record(request, audit.Action.DELETE, audience)
    audience.delete()
