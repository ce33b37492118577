"""Campaigns and their frozen deliveries (one row per campaign, person and channel)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov_plugin.core.models import MadeByStaff


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Campaign(MadeByStaff):
    """A message to an audience over SMS and/or e-mail.

    ``audience`` holds the people filters (the keys of
    :func:`egov_plugin.people.audiences.criteria.audience_keys`, values as ids);
    ``saved_audience_id`` a saved cross-search result instead. Consent for the channel is always
    required; the ``consent`` filter only narrows further.
    """

    class Kind(models.TextChoices):
        MESSAGE = "message", pgettext_lazy("campaign kind", "Message")
        CONSENT_RENEWAL = "consent_renewal", _("Consent renewal")
        OUTCOME = "outcome", _("Consultation outcome")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.MESSAGE,
        help_text=_(
            "A consent renewal goes only to people whose consent is old, and {link} becomes "
            "each person's own page where they confirm or withdraw it."
        ),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("linked page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    send_sms = models.BooleanField(_("send by SMS"), default=True)
    send_email = models.BooleanField(_("send by e-mail"), default=False)
    message = models.TextField(
        _("message"), help_text=_("Merge fields: {name}, {region} and {link}.")
    )
    sms_title = models.CharField(_("SMS title (LMS)"), max_length=100, blank=True)
    email_subject = models.CharField(_("e-mail subject"), max_length=200, blank=True)
    advertising = models.BooleanField(
        _("advertising"), default=False, help_text=_("Adds the (광고) prefix required by law.")
    )
    consent_wording = models.TextField(
        _("consent wording"),
        blank=True,
        help_text=_("Consent renewal: the exact text people agree to, recorded with their answer."),
    )
    consent_version = models.CharField(_("consent wording version"), max_length=50, blank=True)
    audience = models.JSONField(_("audience filters"), default=dict, blank=True)
    saved_audience_id = models.PositiveIntegerField(_("saved audience"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Whether a campaign needs approval is a rule of the site, decided when it starts
    # (egov_plugin.outreach.approval), not a field its author could untick.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # The author asked the approvers (egov_plugin.outreach.approval.request_approval): the
    # campaign is listed on their dashboard until someone approves it or it changes.
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approval_requested_at = models.DateTimeField(_("approval asked"), null=True, blank=True)
    # created_by, created_by_label: MadeByStaff.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]
        permissions = [("approve_campaign", _("Can approve outreach campaigns"))]
        constraints = [
            # A consultation's outcome is announced by SMS once, however often it is published.
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(kind="outcome"),
                name="egov_outreach_one_outcome_notice_per_page",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def locked(self):
        """Once sending has started, message and audience stay as they were sent."""
        return self.status not in (self.Status.DRAFT, self.Status.APPROVED)

    @property
    def channels(self):
        return [
            c for c, on in ((Channel.SMS, self.send_sms), (Channel.EMAIL, self.send_email)) if on
        ]

    @property
    def tag(self):
        """The ``?ch=`` tag on the campaign's link, kept with opinions given after following it."""
        return f"campaign-{self.pk}"


class Delivery(models.Model):
    """One message to one person over one channel, frozen when the campaign starts.

    The unique constraint is what makes a restarted start or a re-run task harmless: a person
    can never be queued twice for the same campaign and channel.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey(
        "egov_people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(
        pgettext_lazy("delivery", "channel"), max_length=10, choices=Channel.choices
    )
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    provider_id = models.CharField(_("provider id"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # When the provider's delivery report said the phone received it (see reports.py).
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # The batch that holds the row while it is being sent (see sending.claim), and when the
    # hold was taken: a hold older than OUTREACH_CLAIM_SECONDS belongs to a worker that died,
    # and its batch is checked with the provider before anything is sent again.
    claim = models.CharField(_("claim"), max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "channel"], name="egov_outreach_one_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "channel", "status"]),
            # Delivery reports look for recent SMS still "sent".
            models.Index(fields=["status", "sent_at"], name="egov_outreach_report_idx"),
        ]

    def __str__(self):
        # Shown wherever a delivery is listed (the insights person page): the campaign, the
        # channel and where it stands — never the address it went to.
        return f"{self.campaign} · {self.get_channel_display()} · {self.get_status_display()}"


class ShortLink(models.Model):
    """``/s/<code>`` on the public base URL: a campaign's link short enough for one SMS.

    One per campaign and target (every recipient of a campaign gets the same link, as with the
    long one); the target is a path on this site, so a short link can never send anyone
    elsewhere. Codes are random (:mod:`egov_plugin.outreach.shortlinks`), not counted up, so
    one campaign's link does not reveal the next one's.
    """

    code = models.CharField(_("code"), max_length=16, unique=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="short_links"
    )
    target = models.CharField(_("target"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # How many times the link was followed (no one's identity: residents are not tracked).
    hits = models.PositiveIntegerField(_("times followed"), default=0)

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target"], name="egov_outreach_one_short_link_per_target"
            )
        ]

    def __str__(self):
        return self.code
