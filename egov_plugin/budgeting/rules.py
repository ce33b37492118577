"""The ballot rules: how many projects, or how much of the budget, one ballot may choose."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .records import BallotRule


class RuleViolation(ValueError):
    """A ballot that breaks the vote's rule; ``message`` says how, for the voter."""

    def __init__(self, code, message):
        super().__init__(code)
        self.code = code
        self.message = message


def format_won(amount):
    """``1234500`` → ``"1,234,500원"`` (the unit as Korean readers write it)."""
    return _("%(amount)s won") % {"amount": f"{amount:,}"}


def describe(page):
    """The rule in one sentence, for the ballot's instructions."""
    if page.ballot_rule == BallotRule.UP_TO:
        return ngettext(
            "Choose up to %(max)d project.", "Choose up to %(max)d projects.", page.max_choices
        ) % {"max": page.max_choices}
    if page.ballot_rule == BallotRule.RANGE:
        return _("Choose at least %(min)d and at most %(max)d projects.") % {
            "min": page.min_choices,
            "max": page.max_choices,
        }
    return _("Choose any projects whose total cost is at most %(budget)s.") % {
        "budget": format_won(page.total_budget)
    }


def check_choices(page, projects):
    """Raise :class:`RuleViolation` unless ``projects`` (a list) is a valid ballot for ``page``."""
    count = len(projects)
    if count == 0:
        raise RuleViolation("empty", _("Choose at least one project."))
    if page.ballot_rule == BallotRule.UP_TO and count > page.max_choices:
        raise RuleViolation(
            "too_many",
            ngettext(
                "You chose %(count)d projects; you may choose at most %(max)d project.",
                "You chose %(count)d projects; you may choose at most %(max)d projects.",
                page.max_choices,
            )
            % {"count": count, "max": page.max_choices},
        )
    if page.ballot_rule == BallotRule.RANGE:
        if count < page.min_choices:
            raise RuleViolation(
                "too_few",
                _("You chose %(count)d; choose at least %(min)d projects.")
                % {"count": count, "min": page.min_choices},
            )
        if count > page.max_choices:
            raise RuleViolation(
                "too_many",
                _("You chose %(count)d projects; you may choose at most %(max)d.")
                % {"count": count, "max": page.max_choices},
            )
    if page.ballot_rule == BallotRule.BUDGET:
        total = sum(project.cost for project in projects)
        if total > page.total_budget:
            raise RuleViolation(
                "over_budget",
                _(
                    "The projects you chose cost %(total)s in all, more than the budget of "
                    "%(budget)s. Remove a project and try again."
                )
                % {"total": format_won(total), "budget": format_won(page.total_budget)},
            )
