"""What a participatory-budget vote stores beside its page: projects, ballots and their
choices, paper counts and code requests, and the choices of the ballot rule and the voting
status. Below the page mixin (``pages.py``) and the views it routes to, which use them, and the
concrete page model (``models.py``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from egov_plugin.core.dates import local_datetime
from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES
from egov_plugin.people.models import Region

from .admin_forms import PaperTallyForm


class BallotRule(models.TextChoices):
    """How many projects a ballot may choose."""

    UP_TO = "up_to", _("Choose up to a maximum number of projects")
    RANGE = "range", _("Choose between a minimum and a maximum number of projects")
    BUDGET = "budget", _("Choose any projects whose total cost stays within the budget")


class VotingStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AbstractBudgetProject(Orderable):
    """A project on the ballot: what it is, what it costs and where."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = RichTextField(_("description"), blank=True)
    cost = models.PositiveBigIntegerField(_("cost (won)"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty for a project of the whole district."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("cost"), FieldPanel("region")]),
        FieldPanel("image"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.title


class BudgetProject(AbstractBudgetProject):
    """A project of a :class:`BudgetVotePage`."""

    page = ParentalKey(
        "egov_budgeting.BudgetVotePage", on_delete=models.CASCADE, related_name="projects"
    )

    class Meta(AbstractBudgetProject.Meta):
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")


class Ballot(models.Model):
    """One verified voter's ballot: final once cast.

    The voter's number is kept only as a keyed hash (see :func:`voting.phone_hash`), enough to
    enforce one ballot per number per vote in the database and no more: a ballot names no one.
    """

    page = models.ForeignKey(
        Page, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="budget_ballots"
    )
    phone_hash = models.CharField(_("number (hashed)"), max_length=64)
    region = models.ForeignKey(
        Region, verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    age_band = models.CharField(_("age band"), max_length=4, choices=AGE_BAND_CHOICES)
    gender = models.CharField(_("gender"), max_length=1, choices=GENDER_CHOICES, blank=True)
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)
    receipt_code = models.CharField(_("receipt code"), max_length=12, unique=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    device_id = models.CharField(_("device"), max_length=64, blank=True)
    projects = models.ManyToManyField(
        "egov_budgeting.BudgetProject", through="BallotChoice", related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        default_permissions = ("view",)
        constraints = [
            # The rule "one ballot per verified number per vote" is the database's to keep:
            # two submissions at the same moment cannot both pass a check made in Python.
            models.UniqueConstraint(
                fields=["page", "phone_hash"], name="egov_budgeting_one_ballot_per_number"
            )
        ]
        indexes = [
            models.Index(fields=["page", "cast_at"]),
            models.Index(fields=["page", "ip_address", "cast_at"]),
            models.Index(fields=["page", "device_id", "cast_at"]),
        ]

    def __str__(self):
        return self.receipt_code

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A ballot is final once cast."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A ballot is final once cast."))


class BallotChoice(models.Model):
    """A project chosen on a ballot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(
        BudgetProject, on_delete=models.PROTECT, related_name="ballot_choices"
    )

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "project"], name="egov_budgeting_project_once_per_ballot"
            )
        ]

    def __str__(self):
        return f"{self.ballot_id} → {self.project_id}"


class PaperTally(ClusterableModel):
    """Paper ballots counted in one neighbourhood: how many voters, and votes per project."""

    page = models.ForeignKey(
        "egov_budgeting.BudgetVotePage",
        verbose_name=_("vote"),
        on_delete=models.PROTECT,
        related_name="paper_tallies",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    voters = models.PositiveIntegerField(
        _("paper ballots"), help_text=_("The number of paper ballots (voters) counted.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    base_form_class = PaperTallyForm
    panels = [
        FieldPanel("page"),
        FieldPanel("region"),
        FieldPanel("voters"),
        FieldPanel("note"),
        InlinePanel("lines", heading=_("Votes per project"), label=_("Project")),
    ]

    class Meta:
        verbose_name = _("paper ballot count")
        verbose_name_plural = _("paper ballot counts")
        ordering = ["page", "region__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "region"], name="egov_budgeting_one_paper_tally_per_region"
            )
        ]

    def __str__(self):
        return f"{self.page.title} · {self.region}"


class PaperTallyLine(models.Model):
    """Votes for one project on the paper ballots of one neighbourhood."""

    tally = ParentalKey(PaperTally, on_delete=models.CASCADE, related_name="lines")
    project = models.ForeignKey(
        BudgetProject,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="paper_lines",
    )
    votes = models.PositiveIntegerField(_("votes"))

    panels = [FieldPanel("project"), FieldPanel("votes")]

    class Meta:
        verbose_name = _("paper votes for a project")
        verbose_name_plural = _("paper votes per project")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["tally", "project"], name="egov_budgeting_paper_line_once_per_project"
            )
        ]

    def __str__(self):
        return f"{self.project}: {self.votes}"


class CodeRequest(models.Model):
    """A request for a verification code on a vote, kept for the fraud signals.

    The number is kept hashed like on ballots; ``outcome`` is ``sent`` or the rule that refused.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="budget_code_requests")
    phone_hash = models.CharField(_("number (hashed)"), max_length=64)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    device_id = models.CharField(_("device"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, default="sent")

    class Meta:
        verbose_name = _("code request")
        verbose_name_plural = _("code requests")
        default_permissions = ("view",)
        indexes = [models.Index(fields=["page", "ip_address", "requested_at"])]

    def __str__(self):
        return f"{local_datetime(self.requested_at)} {self.ip_address or ''} {self.outcome}"
