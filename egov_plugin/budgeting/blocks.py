"""A StreamField block for any site's home page: open and upcoming participatory-budget votes.

One query per budget-vote page model (usually one); ballots are counted in a subquery.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import get_page_models

from egov_plugin.core.dday import dday_label

from .models import Ballot, BudgetVoteMixin


def vote_page_models():
    """Every concrete page model of a budget vote."""
    return [m for m in get_page_models() if issubclass(m, BudgetVoteMixin) and not m._meta.abstract]


def current_votes(limit, now=None):
    """Live public votes that are open or not open yet: open first (nearest close), then
    upcoming (nearest opening), with ``ballot_count``, ``is_open_now`` and ``dday``."""
    now = now or timezone.now()
    ballots = (
        Ballot.objects.filter(page_id=OuterRef("pk"))
        .order_by()
        .values("page_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = []
    for model in vote_page_models():
        queryset = (
            model.objects.live()
            .public()
            .filter(closes_at__gt=now)
            .annotate(
                ballot_count=Coalesce(Subquery(ballots, output_field=IntegerField()), Value(0))
            )
            .order_by("opens_at", "pk")
        )
        found.extend(queryset[:limit])
    for page in found:
        page.is_open_now = page.opens_at <= now
        page.dday = dday_label(page.closes_at if page.is_open_now else page.opens_at, now)
    found.sort(key=lambda p: (not p.is_open_now, p.closes_at if p.is_open_now else p.opens_at))
    return found[:limit]


class BudgetVotesBlock(blocks.StructBlock):
    """주민참여예산 투표: votes open now and coming soon."""

    heading = blocks.CharBlock(label=_("Heading"), default="주민참여예산 투표")
    limit = blocks.IntegerBlock(label=_("How many"), default=3, min_value=1, max_value=12)

    class Meta:
        label = _("Budget votes")
        icon = "tasks"
        template = "egov_budgeting/blocks/votes.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["votes"] = current_votes(value["limit"])
        return context
