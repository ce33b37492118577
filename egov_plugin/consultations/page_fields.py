"""The fields of a consultation page, as an abstract model any page class can add, and the
consultation's status computed from them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock

from .page_forms import ConsultationPageForm
from .visibility import ConsultationPageManager


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
