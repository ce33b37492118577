"""Four-eyes approval of campaigns: a rule of the site, never a choice of the campaign's author.

Whether a campaign needs a second person's approval is decided when it starts, from the
settings (see ``docs/reference/settings.md``):

- ``EGOV_OUTREACH_APPROVAL_ALL`` (default ``True``): every campaign;
- ``EGOV_OUTREACH_APPROVAL_SMS`` (default ``True``): every campaign that sends SMS;
- ``EGOV_OUTREACH_APPROVAL_OVER`` (default ``None``): every campaign with more recipients than
  this number, over all its channels.

The approver must hold ``egov_outreach.approve_campaign`` and must not be the author, both when
approving and still when the campaign starts (an approval by someone who has since lost the
permission, or by the author, does not count). ``EGOV_OUTREACH_APPROVER_GROUP`` names the
approver role: when set, only members of that group who hold the permission approve.

The author sees who may approve (:func:`approvers`) and asks them (:func:`request_approval`):
an e-mail to each of them, and the campaign waits on their dashboard. With fewer than two
people able to approve, a campaign by the only one of them could never start: the dashboard
and a system check (egov_outreach.W001) say so.

Outcome notices (:mod:`egov_plugin.outreach.outcome`) started by the system itself need no
approval: their text is the system's own (title and link of a published outcome), their
audience only those who asked to be told and agreed to SMS, and the act that triggers them —
publishing the outcome — is already a staff member's authorised decision. Once a person starts
one by hand (one kept as a draft because it could not start), it is a campaign like any other.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import audience
from .conf import app_settings
from .models import Campaign

APPROVE_PERMISSION = "egov_outreach.approve_campaign"

logger = logging.getLogger(__name__)


def approvers(campaign=None):
    """Active users who may approve (``campaign``'s author left out), by name."""
    users = get_user_model().objects.with_perm(APPROVE_PERMISSION, is_active=True)
    group = app_settings.OUTREACH_APPROVER_GROUP
    if group:
        users = users.filter(groups__name=group)
    if campaign is not None and campaign.created_by_id is not None:
        users = users.exclude(pk=campaign.created_by_id)
    return users.distinct().order_by("last_name", "first_name", "username")


def display_name(user):
    """How staff are named to each other: full name, else the login name."""
    return user.get_full_name() or user.get_username()


def in_approver_group(user):
    group = app_settings.OUTREACH_APPROVER_GROUP
    return not group or user.groups.filter(name=group).exists()


def _system_outcome(campaign, user):
    return campaign.kind == Campaign.Kind.OUTCOME and campaign.created_by_id is None and not user


def required(campaign, *, user=None):
    """Whether ``campaign`` needs a second person's approval before it starts.

    ``user`` is who starts it (``None``: the system itself).
    """
    if _system_outcome(campaign, user):
        return False
    if app_settings.OUTREACH_APPROVAL_ALL:
        return True
    if app_settings.OUTREACH_APPROVAL_SMS and campaign.send_sms:
        return True
    limit = app_settings.OUTREACH_APPROVAL_OVER
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
        and in_approver_group(user)
    )


def awaiting(user):
    """Draft campaigns whose author asked for approval and that ``user`` may approve."""
    if not (user.is_active and user.has_perm(APPROVE_PERMISSION) and in_approver_group(user)):
        return Campaign.objects.none()
    return (
        Campaign.objects.filter(status=Campaign.Status.DRAFT, approval_requested_at__isnull=False)
        .exclude(created_by=user)
        .select_related("created_by")
        .order_by("approval_requested_at")
    )


def request_approval(campaign, user):
    """Ask the approvers to approve ``campaign``: returns how many were told by e-mail.

    The campaign is listed on every approver's dashboard from now on; each approver with an
    e-mail address also gets a short notice with the link to its sending page (the admin's
    address, ``WAGTAILADMIN_BASE_URL``: approvers work in the admin, not on the public site).
    """
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError(_("Only a draft campaign waits for approval."))
    people = list(approvers(campaign))
    if not people:
        raise ValidationError(
            _(
                "Nobody else may approve campaigns. Ask an administrator to give a second "
                "person the permission “Can approve outreach campaigns”."
            )
        )
    campaign.approval_requested_by = user
    campaign.approval_requested_at = timezone.now()
    campaign.save(update_fields=["approval_requested_by", "approval_requested_at"])
    return _notify(campaign, user, [p for p in people if p.email])


def _notify(campaign, author, people):
    from wagtail.admin.mail import send_mail

    path = reverse("egov_outreach_campaigns:send", args=[campaign.pk])
    url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Campaign awaiting your approval: %(name)s") % {"name": campaign.name}
        body = _(
            "%(author)s asks you to approve the campaign “%(name)s” before it is sent.\n\n"
            "Check its recipients, cost and message, then approve it here:\n%(url)s\n"
        ) % {"author": display_name(author), "name": campaign.name, "url": url}
    for person in people:
        try:
            send_mail(subject, body, [person.email])
            sent += 1
        except (smtplib.SMTPException, OSError):
            # The dashboard still lists the campaign; the mail server's trouble is logged
            # without the address.
            logger.warning("Approval notice for campaign %s not sent", campaign.pk)
    return sent


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
