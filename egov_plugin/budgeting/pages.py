"""The participatory-budget vote page's fields and voting flow, as a mixin.

The page type follows Wagtail's reusable pattern (``FormMixin`` + ``AbstractForm``): the
behaviour and fields live in :class:`BudgetVoteMixin`, and
:class:`~egov_plugin.budgeting.models.BudgetVotePage` combines it with ``Page``. A site whose
base page is swapped builds its own page from the mixin. Its routes call the views in
``views.py``, imported here at module level: the views use the records (``records.py``), never
the page models.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from egov_plugin.people.models import Region

from . import views
from .records import BallotRule, VotingStatus


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
        return views.project_list(request, self)

    @path("verify/")
    def verify_route(self, request):
        return views.verify_phone(request, self)

    @path("verify/code/")
    def code_route(self, request):
        return views.verify_code(request, self)

    @path("ballot/")
    def ballot_route(self, request):
        return views.ballot(request, self)

    @path("receipt/")
    def receipt_route(self, request):
        return views.receipt(request, self)

    @path("results/")
    def results_route(self, request):
        return views.public_results(request, self)
