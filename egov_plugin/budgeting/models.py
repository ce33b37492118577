"""Participatory-budget votes: the vote page, its projects, ballots, paper counts, code requests.

The page type follows Wagtail's reusable pattern (``FormMixin`` + ``AbstractForm``): the
behaviour and fields live in :class:`BudgetVoteMixin`, and :class:`BudgetVotePage` combines it
with ``Page``. A site whose base page is swapped builds its own page from the mixin.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from egov_plugin.core.dates import local_datetime
from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES
from egov_plugin.people.models import Region

from .admin_forms import BudgetVotePageForm, PaperTallyForm


class BallotRule(models.TextChoices):
    """How many projects a ballot may choose."""

    UP_TO = "up_to", _("Choose up to a maximum number of projects")
    RANGE = "range", _("Choose between a minimum and a maximum number of projects")
    BUDGET = "budget", _("Choose any projects whose total cost stays within the budget")


class VotingStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class BudgetVoteMixin(RoutablePageMixin, models.Model):
    """The fields and the voting flow of a participatory-budget vote page.

    Routes (relative to the page): ``""`` projects, ``verify/`` mobile number, ``verify/code/``
    the code sent by SMS, ``ballot/`` the ballot, ``receipt/`` the voter's receipt and
    ``results/`` the public results. Projects come from :meth:`get_projects` (the ``projects``
    relation by default), as ``FormMixin`` gets its fields from ``get_form_fields``.
    """

    intro = RichTextField(_("introduction"), blank=True)
    total_budget = models.PositiveBigIntegerField(
        _("total budget (won)"),
        help_text=_("The amount the vote decides on; the limit of the 'within budget' rule."),
    )
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    ballot_rule = models.CharField(
        _("ballot rule"), max_length=10, choices=BallotRule.choices, default=BallotRule.UP_TO
    )
    min_choices = models.PositiveSmallIntegerField(
        _("minimum number of projects"),
        default=1,
        help_text=_("Used by the 'between a minimum and a maximum' rule."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of projects"),
        null=True,
        blank=True,
        help_text=_("Used by the 'up to' and 'between' rules."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        default=14,
        help_text=_("Voters confirm that they are at least this old (self-declared)."),
    )
    eligible_regions = ParentalManyToManyField(
        Region,
        verbose_name=_("eligible neighbourhoods"),
        blank=True,
        related_name="+",
        help_text=_("Residents of these neighbourhoods may vote; none chosen: all of them."),
    )
    eligible_population = models.PositiveIntegerField(
        _("eligible residents"),
        null=True,
        blank=True,
        help_text=_("Optional: the number of eligible residents, to show turnout as a rate."),
    )
    show_running_results = models.BooleanField(
        _("show results while the vote is open"),
        default=False,
        help_text=_("Hidden by default, so that running results cannot steer bloc voting."),
    )

    vote_panels = [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Period")),
        MultiFieldPanel(
            [
                FieldPanel("total_budget"),
                FieldPanel("ballot_rule"),
                FieldRowPanel([FieldPanel("min_choices"), FieldPanel("max_choices")]),
            ],
            heading=_("Ballot"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("minimum_age"),
                FieldPanel("eligible_regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("eligible_population"),
                FieldPanel("show_running_results"),
            ],
            heading=_("Eligibility and results"),
        ),
        InlinePanel("projects", heading=_("Projects"), label=_("Project")),
    ]

    class Meta:
        abstract = True

    # --- Behaviour -----------------------------------------------------------------------

    def get_projects(self):
        """The projects on the ballot, in the editor's order."""
        return self.projects.select_related("region")

    def get_regions(self):
        """The neighbourhoods whose residents may vote."""
        chosen = self.eligible_regions.all()
        return chosen if chosen.exists() else Region.objects.all()

    def voting_status(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return VotingStatus.UPCOMING
        if now >= self.closes_at:
            return VotingStatus.CLOSED
        return VotingStatus.OPEN

    def get_status_label(self, now=None):
        return VotingStatus(self.voting_status(now)).label

    def is_open(self, now=None):
        return self.voting_status(now) == VotingStatus.OPEN

    def results_are_public(self, now=None):
        """After the close; while open only when the page allows running results."""
        status = self.voting_status(now)
        return status == VotingStatus.CLOSED or (
            status == VotingStatus.OPEN and self.show_running_results
        )

    def verification_purpose(self):
        """The purpose of the SMS codes of this vote: a code proves a number for one vote."""
        return f"budget:{self.pk}"

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The vote must close after it opens.")
        if self.ballot_rule in (BallotRule.UP_TO, BallotRule.RANGE) and not self.max_choices:
            errors["max_choices"] = _("This rule needs a maximum number of projects.")
        if (
            self.ballot_rule == BallotRule.RANGE
            and self.max_choices
            and self.min_choices > self.max_choices
        ):
            errors["min_choices"] = _("The minimum cannot be larger than the maximum.")
        if self.ballot_rule == BallotRule.BUDGET and not self.total_budget:
            errors["total_budget"] = _("The 'within budget' rule needs a total budget.")
        if errors:
            raise ValidationError(errors)

    # --- Routes (the views live in views.py) ---------------------------------------------

    @path("")
    def index_route(self, request):
        from . import views

        return views.project_list(request, self)

    @path("verify/")
    def verify_route(self, request):
        from . import views

        return views.verify_phone(request, self)

    @path("verify/code/")
    def code_route(self, request):
        from . import views

        return views.verify_code(request, self)

    @path("ballot/")
    def ballot_route(self, request):
        from . import views

        return views.ballot(request, self)

    @path("receipt/")
    def receipt_route(self, request):
        from . import views

        return views.receipt(request, self)

    @path("results/")
    def results_route(self, request):
        from . import views

        return views.public_results(request, self)


class BudgetVotePage(BudgetVoteMixin, Page):
    """A participatory-budget vote (주민참여예산 투표) on the homepage and mobile web."""

    content_panels = Page.content_panels + BudgetVoteMixin.vote_panels
    base_form_class = BudgetVotePageForm

    class Meta:
        verbose_name = _("participatory budget vote")
        verbose_name_plural = _("participatory budget votes")

    def __str__(self):
        return self.title


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

    page = ParentalKey(BudgetVotePage, on_delete=models.CASCADE, related_name="projects")

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
        BudgetVotePage,
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
