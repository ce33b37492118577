"""Organizations, their kinds and members; activities with photos."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultipleChooserPanel
from wagtail.images import get_image_model_string
from wagtail.models import Orderable

from egov_plugin.people.bodies import (
    ASSIGN_MANAGERS_PERMISSION,
    BodyCategory,
    ManagedBody,
    ManagedBodyForm,
    Membership,
    contacts_permission_entry,
    member_once,
    membership_ordering,
)
from egov_plugin.people.models import Person, Region
from egov_plugin.people.panels import member_form_for

from .apps import CONTACTS_PERMISSION
from .forms import ActivityForm
from .panels import UniqueMemberInlinePanel


class OrganizationKind(BodyCategory):
    """A kind of organization (주민자치회, 통장협의회, 새마을부녀회 …): an editable list."""

    class Meta(BodyCategory.Meta):
        verbose_name = _("kind of organization")
        verbose_name_plural = _("kinds of organization")


class Organization(ManagedBody, ClusterableModel):
    """A residents' organization (주민 단체) of a neighbourhood, managed as a Wagtail snippet
    with its members inline."""

    kind = models.ForeignKey(
        OrganizationKind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
        help_text=_("Leave empty for an organization of the whole district."),
    )
    # The office's own telephone or address, not a person's: shown to anyone who sees the
    # organization, so it is plain text and not masked.
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Telephone number or e-mail address of the organization's office."),
    )
    # Marks what ``egov_demo_data`` created, so that a new demo run replaces only its own rows.
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    base_form_class = ManagedBodyForm

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region")]),
        FieldPanel("description"),
        FieldPanel("contact"),
        FieldPanel("is_active"),
        FieldPanel(
            "managers", widget=forms.CheckboxSelectMultiple, permission=ASSIGN_MANAGERS_PERMISSION
        ),
        UniqueMemberInlinePanel(
            "memberships",
            heading=pgettext_lazy("organization", "Members"),
            label=pgettext_lazy("organization", "Member"),
            form_class=member_form_for(CONTACTS_PERMISSION),
            panels=[
                FieldPanel("person"),
                FieldPanel("email"),  # stored on the person: see egov_plugin.people.panels
                FieldPanel("contacts_confirmed"),  # only for those who see personal data
                FieldRowPanel([FieldPanel("role"), FieldPanel("joined_on")]),
            ],
        ),
    ]

    class Meta(ManagedBody.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")


class OrganizationMembership(Membership):
    """A person's membership of an organization: role and the date they joined."""

    body_field = "organization"
    contacts_permission = CONTACTS_PERMISSION

    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        VICE_PRESIDENT = "vice_president", _("Vice president")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", pgettext_lazy("organization", "Member")

    organization = ParentalKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("organization member")
        verbose_name_plural = _("organization members")
        ordering = membership_ordering("organization")
        constraints = [member_once("organization")]
        permissions = [
            contacts_permission_entry(_("Can see organization members' names and contacts"))
        ]


class Activity(ClusterableModel):
    """What an organization did: when, where, who took part, with photos."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    start_date = models.DateField(_("date"), db_index=True)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Only for an activity over several days."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participant_count = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        help_text=_("Everyone who took part, members or not."),
    )
    participants = ParentalManyToManyField(
        Person,
        verbose_name=_("participating members"),
        blank=True,
        related_name="organization_activities",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    base_form_class = ActivityForm

    panels = [
        FieldPanel("organization"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Date")),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("participant_count")]),
        FieldPanel("participants"),
        MultipleChooserPanel(
            "photos", chooser_field_name="image", heading=_("Photos"), label=_("Photo")
        ),
    ]

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="egov_activity_ends_after_start",
                violation_error_message=_("The activity cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.start_date:%Y-%m-%d} {self.title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The activity cannot end before it starts.")})

    @property
    def last_date(self):
        """The activity's last day (its only day when it has no end date)."""
        return self.end_date or self.start_date


class ActivityPhoto(Orderable):
    """A photo of an activity: a Wagtail image with the alternative text screen readers need."""

    activity = ParentalKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text
