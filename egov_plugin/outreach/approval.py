"""Four-eyes approval of campaigns: a rule of the site, never a choice of the campaign's author.

Whether a campaign needs a second person's approval is decided when it starts, from the
settings (see ``docs/reference/settings.md``):

- ``EGOV_OUTREACH_APPROVAL_ALL`` (default ``True``): every campaign;
- ``EGOV_OUTREACH_APPROVAL_SMS`` (default ``True``): every campaign that sends SMS;
- ``EGOV_OUTREACH_APPROVAL_OVER`` (default ``None``): every campaign with more recipients than
  this number, over all its channels.

The approver must hold ``egov_outreach.approve_campaign`` and must not be the author, both when
approving and still when the campaign starts (an approval by someone who has since lost the
permission, or by the author, does not count).

Outcome notices (:mod:`egov_plugin.outreach.outcome`) started by the system itself need no
approval: their text is the system's own (title and link of a published outcome), their
audience only those who asked to be told and agreed to SMS, and the act that triggers them —
publishing the outcome — is already a staff member's authorised decision. Once a person starts
one by hand (one kept as a draft because it could not start), it is a campaign like any other.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from egov_plugin.core.conf import egov_settings

from . import audience
from .models import Campaign

APPROVE_PERMISSION = "egov_outreach.approve_campaign"


def _system_outcome(campaign, user):
    return campaign.kind == Campaign.Kind.OUTCOME and campaign.created_by_id is None and not user


def required(campaign, *, user=None):
    """Whether ``campaign`` needs a second person's approval before it starts.

    ``user`` is who starts it (``None``: the system itself).
    """
    if _system_outcome(campaign, user):
        return False
    if egov_settings.OUTREACH_APPROVAL_ALL:
        return True
    if egov_settings.OUTREACH_APPROVAL_SMS and campaign.send_sms:
        return True
    limit = egov_settings.OUTREACH_APPROVAL_OVER
    if limit is not None and sum(audience.counts(campaign).values()) > limit:
        return True
    return False


def may_approve(campaign, user):
    """Whether ``user`` may approve ``campaign``: the permission, and not its author."""
    return bool(
        user
        and user.is_active
        and user.has_perm(APPROVE_PERMISSION)
        and user.pk != campaign.created_by_id
    )


def approve(campaign, user):
    """Approve ``campaign`` as ``user``; refused for its author and without the permission."""
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError(_("Only a draft campaign can be approved."))
    if campaign.created_by_id is not None and campaign.created_by_id == user.pk:
        raise ValidationError(_("A campaign must be approved by someone other than its author."))
    if not may_approve(campaign, user):
        raise PermissionDenied
    campaign.status = Campaign.Status.APPROVED
    campaign.approved_by = user
    campaign.approved_at = timezone.now()
    campaign.save(update_fields=["status", "approved_by", "approved_at"])


def approval_holds(campaign):
    """Whether the campaign's approval (if any) still counts: given by someone other than the
    author who still holds the approval permission."""
    approver = campaign.approved_by
    return (
        campaign.status == Campaign.Status.APPROVED
        and approver is not None
        and may_approve(campaign, approver)
    )


def check_start(campaign, *, user=None):
    """Raise ``ValidationError`` if approval forbids starting ``campaign`` now (by ``user``)."""
    if approval_holds(campaign):
        return
    if campaign.status == Campaign.Status.APPROVED:
        # Back to draft, so that someone who may approve it can do so again.
        Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.APPROVED).update(
            status=Campaign.Status.DRAFT, approved_by=None, approved_at=None
        )
        campaign.status, campaign.approved_by, campaign.approved_at = (
            Campaign.Status.DRAFT,
            None,
            None,
        )
        raise ValidationError(
            _(
                "The approval of this campaign no longer counts (the approver is its author or "
                "no longer may approve): it must be approved again."
            )
        )
    if required(campaign, user=user):
        raise ValidationError(_("This campaign must be approved before it starts."))
