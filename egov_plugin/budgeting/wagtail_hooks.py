from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import Ballot
from .viewsets import BudgetVoteAdminViewSet, PaperTallyViewSet


@hooks.register("register_admin_viewset")
def register_budgeting_viewsets():
    return [BudgetVoteAdminViewSet(), PaperTallyViewSet()]


@hooks.register("before_delete_page")
def keep_votes_with_ballots(request, page):
    # Cast ballots are the record of the vote: a page that has them is unpublished, not deleted
    # (the database protects them too; this turns its refusal into a message).
    pages = page.get_descendants(inclusive=True)
    if Ballot.objects.filter(page__in=pages).exists():
        messages.error(
            request,
            _("“%(title)s” holds a vote with cast ballots, which are kept: unpublish it instead.")
            % {"title": page.title},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("egov_demo_data", order=40)
def demo_budget_votes(*, scale, rng, stdout):
    from .demo import create_votes

    create_votes(scale=scale, rng=rng, stdout=stdout)
