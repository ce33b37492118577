"""Committees, their fields of expertise and their members."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from egov_plugin.core.models import Department
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
from egov_plugin.people.panels import MemberInlinePanel, member_form_for


class CommitteeField(BodyCategory):
    """A field of expertise (분야), e.g. 복지, 교통, 환경: an editable list."""

    class Meta(BodyCategory.Meta):
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")


class Committee(ManagedBody, ClusterableModel):
    """A committee (위원회) of experts, managed as a Wagtail snippet with its members inline."""

    field = models.ForeignKey(
        CommitteeField,
        verbose_name=_("field of expertise"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees",
    )

    base_form_class = ManagedBodyForm

    panels = [
        FieldPanel("name"),
        FieldPanel("field"),
        FieldPanel("department"),
        FieldPanel("description"),
        FieldPanel("is_active"),
        FieldPanel(
            "managers", widget=forms.CheckboxSelectMultiple, permission=ASSIGN_MANAGERS_PERMISSION
        ),
        MemberInlinePanel(
            "memberships",
            heading=_("Members"),
            label=_("Member"),
            form_class=member_form_for("egov_committees.view_member_contacts"),
            panels=[
                FieldPanel("person"),
                FieldPanel("email"),  # stored on the person: see egov_plugin.people.panels
                FieldPanel("contacts_confirmed"),  # only for those who see personal data
                MultiFieldPanel(
                    [FieldPanel("role"), FieldPanel("occupation")],
                    heading=_("Role and occupation"),
                ),
                MultiFieldPanel(
                    [FieldPanel("term_start"), FieldPanel("term_end")], heading=_("Term")
                ),
            ],
        ),
    ]

    class Meta(ManagedBody.Meta):
        verbose_name = _("committee")
        verbose_name_plural = _("committees")


class CommitteeMembership(Membership):
    """A person's seat on a committee: role, occupation (the source's seven groups), term."""

    body_field = "committee"
    contacts_permission = "egov_committees.view_member_contacts"

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    class Occupation(models.TextChoices):
        PROFESSOR = "professor", _("Professor")
        PROFESSIONAL = "professional", _("Professional (lawyer, accountant, doctor …)")
        PUBLIC = "public", _("Teacher, council member, former public servant …")
        ORGANIZATION = "organization", _("Head or member of an organization")
        BUSINESS = "business", _("Company head or executive")
        SELF_EMPLOYED = "self_employed", _("Self-employed, homemaker")
        OTHER = "other", _("Other (researcher, social worker, centre director …)")

    committee = ParentalKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="memberships"
    )
    occupation = models.CharField(
        _("occupation"), max_length=20, choices=Occupation.choices, blank=True
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = membership_ordering("committee")
        constraints = [member_once("committee")]
        permissions = [
            contacts_permission_entry(_("Can see committee members' names and contacts"))
        ]

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})

    @property
    def is_current(self):
        today = timezone.localdate()
        return (self.term_start is None or self.term_start <= today) and (
            self.term_end is None or self.term_end >= today
        )
