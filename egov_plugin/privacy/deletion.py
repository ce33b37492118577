"""Carrying out a resident's deletion request (개인정보의 삭제 요구, 개인정보 보호법 제36조).

:func:`plan` says what would be done (shown on the confirmation page); :func:`carry_out` does it
in one transaction: the person's opinions are anonymized (those linked to them and those given
with their mobile number or e-mail address), their person is deleted with their memberships,
consents and subscription, the request is closed with the counts and its requester's name and
contact are replaced by their masks, and one audit event records it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from egov_plugin.consultations.models import Opinion
from egov_plugin.core import audit
from egov_plugin.core.text import mask_email, mask_name, mask_phone
from egov_plugin.people.groups import get_groups

from .models import DeletionRequest
from .retention import anonymize, identifiable


@dataclass
class Plan:
    """What carrying out a request would change."""

    opinions: int
    memberships: dict  # group label → rows

    @property
    def membership_count(self):
        return sum(self.memberships.values())


def _opinions(person):
    condition = Q(person=person)
    if person.mobile:
        condition |= Q(mobile=person.mobile)
    if person.email:
        condition |= Q(email__iexact=person.email)
    return identifiable(Opinion.objects.filter(condition))


def _memberships(person):
    counts = {}
    for group in get_groups():
        model = apps.get_model(group.model)
        # Every row, current or not: a former membership is personal data too.
        count = model.objects.filter(**{group.person_field: person}).count()
        if count:
            counts[str(group.label)] = count
    return counts


def plan(request_obj):
    """What :func:`carry_out` would change for this request (nothing if no person is set)."""
    person = request_obj.person
    if person is None:
        return Plan(opinions=0, memberships={})
    return Plan(opinions=_opinions(person).count(), memberships=_memberships(person))


def _mask_contact(contact):
    if "@" in contact:
        return mask_email(contact)
    return mask_phone(contact) if contact else ""


@transaction.atomic
def carry_out(request_obj, *, http_request=None, user=None, note=""):
    """Anonymize the opinions, delete the person, close the request; returns the request."""
    request_obj = DeletionRequest.objects.select_for_update().get(pk=request_obj.pk)
    if request_obj.status != DeletionRequest.Status.OPEN:
        raise ValueError("This deletion request was already handled.")
    user = user or getattr(http_request, "user", None)
    person = request_obj.person
    opinions = memberships = 0
    if person is not None:
        memberships = sum(_memberships(person).values())
        opinions = anonymize(_opinions(person))
        request_obj.person_number = person.pk
        audit.record(
            http_request,
            audit.Action.DELETE,
            obj=person,
            user=user,
            summary=_("Deletion request: person removed, %(opinions)d opinions anonymized")
            % {"opinions": opinions},
            reason=_("Deletion request %(number)d") % {"number": request_obj.pk},
            data={
                "deletion_request": request_obj.pk,
                "opinions_anonymized": opinions,
                "memberships_removed": memberships,
            },
        )
        person.delete()
    request_obj.person = None
    request_obj.status = DeletionRequest.Status.DONE
    request_obj.handled_at = timezone.now()
    request_obj.handled_by = user
    request_obj.handled_by_label = user.get_username() if user is not None else ""
    request_obj.opinions_anonymized = opinions
    request_obj.memberships_removed = memberships
    request_obj.outcome = note or _(
        "Carried out: %(opinions)d opinions anonymized, %(memberships)d memberships removed, "
        "the person deleted."
    ) % {"opinions": opinions, "memberships": memberships}
    # The record of the request stays; the data it was about does not.
    request_obj.requester_name = mask_name(request_obj.requester_name)
    request_obj.requester_contact = _mask_contact(request_obj.requester_contact)
    request_obj.save()
    if person is None:
        audit.record(
            http_request,
            audit.Action.EDIT,
            obj=request_obj,
            user=user,
            summary=_("Deletion request closed: no person in the registry"),
            data={"deletion_request": request_obj.pk},
        )
    return request_obj
