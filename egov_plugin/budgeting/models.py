"""Participatory-budget votes: the concrete vote page, built from the page mixin
(``pages.py``); projects, ballots, paper counts and code requests live in ``records.py`` and are
importable from here too.

The layers import one way: ``records`` ← ``views`` ← ``pages`` ← ``models``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .admin_forms import BudgetVotePageForm
from .pages import BudgetVoteMixin
from .records import (
    AbstractBudgetProject,
    Ballot,
    BallotChoice,
    BallotRule,
    BudgetProject,
    CodeRequest,
    PaperTally,
    PaperTallyLine,
    VotingStatus,
)

__all__ = [
    "AbstractBudgetProject",
    "Ballot",
    "BallotChoice",
    "BallotRule",
    "BudgetProject",
    "BudgetVoteMixin",
    "BudgetVotePage",
    "CodeRequest",
    "PaperTally",
    "PaperTallyLine",
    "VotingStatus",
]


class BudgetVotePage(BudgetVoteMixin, Page):
    """A participatory-budget vote (주민참여예산 투표) on the homepage and mobile web."""

    content_panels = Page.content_panels + BudgetVoteMixin.vote_panels
    base_form_class = BudgetVotePageForm

    class Meta:
        verbose_name = _("participatory budget vote")
        verbose_name_plural = _("participatory budget votes")

    def __str__(self):
        return self.title
