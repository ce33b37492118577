"""Consultation pages, opinions, expert invitations and the consent wording setting."""

import hashlib

import swapper
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES

from .channels import Channel
from .page_forms import ConsultationPageForm
from .pages import ConsultationIndexMixin, ConsultationMixin
from .visibility import ConsultationPageManager

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class Status(models.TextChoices):
    """Where a consultation stands, from its dates and its outcome."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    DECIDED = "decided", _("Outcome published")


class ConsultationFields(models.Model):
    """The seed's project information, as an abstract model any page class can add.

    Sites that swap Wagtail's base page (``WAGTAIL_PAGE_MODEL``) build their own concrete page
    from this and :class:`~egov_plugin.consultations.pages.ConsultationMixin`, as
    ``ConsultationPage`` does with Wagtail's ``Page``.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        CLOSED = "closed", _("Closed: invited experts only")

    class Moderation(models.TextChoices):
        IMMEDIATE = "immediate", _("Publish opinions at once")
        REVIEW = "review", _("Publish opinions after review")

    class IdentityCheck(models.TextChoices):
        NONE = "none", _("None")
        EMAIL = "email", _("Confirm by e-mail")
        SMS = "sms", _("Code by SMS")

    department = models.ForeignKey(
        "egov_core.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = StreamField(
        [
            ("text", blocks.RichTextBlock(label=_("Text"))),
            ("image", ImageBlock(label=_("Image"))),
            ("document", DocumentChooserBlock(label=_("Document"))),
            ("embed", EmbedBlock(label=_("Embed"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )
    registered_on = models.DateField(_("registration date"), default=timezone.localdate)
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))
    regions = ParentalManyToManyField(
        "egov_people.Region", verbose_name=_("target neighbourhoods"), blank=True, related_name="+"
    )
    policy_fields = ParentalManyToManyField(
        "egov_committees.CommitteeField", verbose_name=_("fields"), blank=True, related_name="+"
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.IMMEDIATE
    )
    identity_check = models.CharField(
        _("identity check for opinions"),
        max_length=10,
        choices=IdentityCheck.choices,
        default=IdentityCheck.NONE,
    )
    outcome = RichTextField(_("outcome (반영 결과)"), blank=True)
    outcome_published = models.BooleanField(
        _("publish the outcome"),
        default=False,
        help_text=_("Publishing the page with this ticked e-mails everyone who asked to be told."),
    )
    outcome_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    #: ``.visible_to_public()`` is the rule every public list of consultations goes through.
    objects = ConsultationPageManager()

    #: The editor's form (its ``close_early`` box is in ``consultation_panels``).
    base_form_class = ConsultationPageForm

    class Meta:
        abstract = True

    consultation_panels = [
        FieldPanel("department"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("registered_on"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel([FieldPanel("regions"), FieldPanel("policy_fields")], heading=_("Targets")),
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("moderation"), FieldPanel("identity_check")],
            heading=_("Participation"),
        ),
        MultiFieldPanel(
            [FieldPanel("outcome"), FieldPanel("outcome_published"), FieldPanel("close_early")],
            heading=_("Outcome"),
        ),
    ]

    @property
    def status(self):
        now = timezone.now()
        if self.outcome_published and self.outcome:
            return Status.DECIDED
        if now < self.opens_at:
            return Status.UPCOMING
        if now < self.closes_at:
            return Status.OPEN
        return Status.CLOSED

    def get_status_display(self):
        return self.status.label


class ConsultationPage(ConsultationMixin, ConsultationFields, Page):  # noqa: DJ008 - Page.__str__
    """A policy or project put to residents (the seed's project information)."""

    content_panels = Page.content_panels + ConsultationFields.consultation_panels
    # A copy is a new consultation: its outcome is not yet decided nor anyone told of it.
    exclude_fields_in_copy = ["outcome", "outcome_published", "outcome_notified_at"]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["egov_consultations.ConsultationIndexPage"]
    subpage_types = []
    template = "egov_consultations/consultation_page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")


class ConsultationIndexPage(ConsultationIndexMixin, Page):
    """Lists consultations, open first, filterable and searchable."""

    intro = RichTextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["egov_consultations.ConsultationPage"]
    template = "egov_consultations/consultation_index_page.html"

    class Meta:
        verbose_name = _("consultation index")


class Opinion(models.Model):
    """An opinion on a consultation, with a snapshot of who gave it and through which channel.

    Gender, age band and neighbourhood are copied at the time of the opinion so that analyses of
    old consultations do not shift when a person moves or ages.
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    Channel = Channel

    class Stance(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")
        NEUTRAL = "neutral", _("Neutral")

    page = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "egov_people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    # What the resident gave, kept as given (the person record may change later).
    name = models.CharField(_("name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=1, choices=GENDER_CHOICES, blank=True)
    age_band = models.CharField(_("age band"), max_length=4, choices=AGE_BAND_CHOICES, blank=True)
    region = models.ForeignKey(
        "egov_people.Region",
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outside_district = models.BooleanField(_("lives outside the district"), default=False)
    mobile = models.CharField(_("mobile number"), max_length=13, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    text = models.TextField(_("opinion"))
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.HOMEPAGE
    )
    channel_detail = models.CharField(_("channel detail"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    consent_version = models.CharField(_("consent wording version"), max_length=50, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    notify_outcome = models.BooleanField(_("wants to be told the outcome"), default=False)
    answer = models.TextField(_("official answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    # Duplicate detection: the same contact may not give the same text twice on one page.
    contact_key = models.CharField(max_length=254, blank=True, editable=False)
    text_hash = models.CharField(max_length=64, blank=True, editable=False)
    import_job_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "status", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact_key", "text_hash"],
                condition=~models.Q(contact_key=""),
                name="egov_opinion_not_twice",
            )
        ]

    def __str__(self):
        from egov_plugin.core.text import mask_name

        return f"{mask_name(self.name)}: {self.text[:30]}"

    def save(self, *args, **kwargs):
        self.contact_key = self.mobile or self.email.lower()
        self.text_hash = self.hash_text(self.text)
        super().save(*args, **kwargs)

    @staticmethod
    def hash_text(text):
        """The duplicate-detection hash: whitespace and case do not make a new opinion."""
        return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()


class ExpertInvitation(models.Model):
    """A personal invitation to a closed expert review, sent by e-mail with a signed link."""

    page = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "egov_people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="expert_invitations",
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    invited_by = models.CharField(_("invited by"), max_length=150, blank=True)
    expires_at = models.DateTimeField(_("link expires"))
    opened_at = models.DateTimeField(_("link opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "person"], name="egov_invitation_once")
        ]

    def __str__(self):
        return f"{self.page} · {self.person}"


@register_setting(icon="doc-full")
class ConsultationSettings(BaseGenericSetting):
    """Texts an administrator edits: the consent wording residents agree to, and its version."""

    consent_text = models.TextField(
        _("consent wording"),
        default=(
            "1. 수집·이용 목적: 정책 의견 수렴 및 처리 결과 안내\n"
            "2. 수집 항목: 성명, 성별, 연령대, 거주 행정동, 휴대전화번호 또는 이메일\n"
            "3. 보유·이용 기간: 해당 정책 종료 후 3년\n"
            "4. 동의를 거부할 권리가 있으며, 동의하지 않으면 의견을 등록할 수 없습니다."
        ),
        help_text=_(
            "Purpose, items collected, retention period, the right to refuse and what "
            "refusing means (개인정보보호법 제15조)."
        ),  # fmt: skip
    )
    consent_version = models.CharField(_("consent wording version"), max_length=50, default="1")
    opinion_max_length = models.PositiveIntegerField(
        _("longest opinion (characters)"), default=2000
    )

    panels = [
        FieldPanel("consent_text"),
        FieldPanel("consent_version"),
        FieldPanel("opinion_max_length"),
    ]

    class Meta:
        verbose_name = _("consultation settings")
