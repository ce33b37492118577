"""Counting a vote: tallies per project (online, paper, total), turnout, breakdowns, checks.

Everything is counted by the database from the stored ballots each time (no running counters
that could drift), and :attr:`Results.checks` proves the counts agree with each other: the
breakdowns add up to the voters, no project has more votes than voters, and no counted ballot
breaks the rule of the vote.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES
from egov_plugin.people.models import Region

from .conf import app_settings
from .records import Ballot, BallotChoice, BallotRule, PaperTally, PaperTallyLine


@dataclass
class Row:
    """One line of a tally: online and paper counts of something (a project, a neighbourhood)."""

    key: object
    label: str
    online: int = 0
    offline: int = 0

    @property
    def total(self):
        return self.online + self.offline


@dataclass
class ProjectRow(Row):
    project: object = None
    rank: int = 0
    #: Share of all voters (online and paper) who chose the project, in percent.
    share: float = 0.0
    #: Within the budget when funded in rank order (projects that no longer fit are skipped).
    funded: bool = False


@dataclass
class Check:
    """One consistency check of the count, shown on the results screens."""

    label: str
    ok: bool
    detail: str


@dataclass
class Results:
    """The count of one vote. Age band and gender come from online ballots only."""

    page: object
    online_voters: int
    offline_voters: int
    numbers: int
    projects: list
    by_region: list
    by_age_band: list
    by_gender: list
    project_by_region: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)

    @property
    def total_voters(self):
        return self.online_voters + self.offline_voters

    @property
    def turnout_rate(self):
        """Voters as a percentage of the eligible residents, when the page gives their number."""
        population = self.page.eligible_population
        return round(100 * self.total_voters / population, 2) if population else None

    @property
    def breakdowns(self):
        """The online-only breakdowns, with their captions, small cells suppressed."""
        return [
            (_("Voters by age band"), suppress_small_cells(self.by_age_band)),
            (_("Voters by gender"), suppress_small_cells(self.by_gender)),
        ]

    @property
    def all_checks_pass(self):
        return all(check.ok for check in self.checks)


class SmallCell:
    """A count below the small-cell threshold: shown as "5명 미만", never as its number."""

    def __init__(self, k):
        self.k = k

    def __str__(self):
        return _("fewer than %(k)s") % {"k": self.k}


def suppress_small_cells(rows, k=None):
    """Copies of ``rows`` whose online count from 1 to k-1 is a :class:`SmallCell`.

    Age band and gender of a handful of ballots, next to the neighbourhood and the time, point
    at the voter: such cells are not shown (``EGOV_SMALL_CELL_K``). Zero stays zero.
    """
    k = app_settings.SMALL_CELL_K if k is None else k
    return [replace(row, online=SmallCell(k)) if 0 < row.online < k else row for row in rows]


def _rows(choices, online, offline=None):
    offline = offline or {}
    return [Row(key, str(label), online.get(key, 0), offline.get(key, 0)) for key, label in choices]


def compute_results(page):
    """Count ``page``'s online ballots and paper tallies."""
    ballots = Ballot.objects.filter(page_id=page.pk)
    totals = ballots.aggregate(voters=Count("id"), numbers=Count("phone_hash", distinct=True))
    online_voters, numbers = totals["voters"], totals["numbers"]
    tallies = PaperTally.objects.filter(page_id=page.pk)
    offline_voters = tallies.aggregate(n=Sum("voters"))["n"] or 0

    choices = BallotChoice.objects.filter(ballot__page_id=page.pk)
    lines = PaperTallyLine.objects.filter(tally__page_id=page.pk)
    online_by_project = dict(choices.values_list("project_id").annotate(n=Count("id")).order_by())
    offline_by_project = dict(lines.values_list("project_id").annotate(n=Sum("votes")).order_by())

    projects = [
        ProjectRow(
            p.pk,
            p.title,
            online_by_project.get(p.pk, 0),
            offline_by_project.get(p.pk, 0),
            project=p,
        )
        for p in page.get_projects()
    ]
    _rank(projects, online_voters + offline_voters, page.total_budget)

    online_by_region = dict(ballots.values_list("region_id").annotate(n=Count("id")).order_by())
    offline_by_region = dict(tallies.values_list("region_id", "voters"))
    # Every neighbourhood that has votes is listed, even if it has since left the eligible ones,
    # so that the rows always add up to the voters.
    shown = set(online_by_region) | set(offline_by_region)
    shown |= set(page.get_regions().values_list("pk", flat=True))
    regions = [r for r in Region.objects.all() if r.pk in shown]
    by_region = _rows([(r.pk, r.name) for r in regions], online_by_region, offline_by_region)

    by_age = _rows(
        AGE_BAND_CHOICES,
        dict(ballots.values_list("age_band").annotate(n=Count("id")).order_by()),
    )
    by_gender = _rows(
        GENDER_CHOICES,
        dict(ballots.values_list("gender").annotate(n=Count("id")).order_by()),
    )

    matrix = {}
    for project_id, region_id, n in (
        choices.values_list("project_id", "ballot__region_id").annotate(n=Count("id")).order_by()
    ):
        matrix.setdefault((project_id, region_id), [0, 0])[0] = n
    for project_id, region_id, n in (
        lines.values_list("project_id", "tally__region_id").annotate(n=Sum("votes")).order_by()
    ):
        matrix.setdefault((project_id, region_id), [0, 0])[1] = n

    results = Results(
        page=page,
        online_voters=online_voters,
        offline_voters=offline_voters,
        numbers=numbers,
        projects=projects,
        by_region=by_region,
        by_age_band=by_age,
        by_gender=by_gender,
        project_by_region=matrix,
    )
    results.checks = _checks(results, ballots, tallies)
    return results


def _rank(projects, voters, budget):
    projects.sort(key=lambda row: (-row.total, row.project.sort_order or 0, row.key))
    remaining = budget
    for rank, row in enumerate(projects, start=1):
        row.rank = rank
        row.share = round(100 * row.total / voters, 1) if voters else 0.0
        if row.total and row.project.cost <= remaining:
            row.funded = True
            remaining -= row.project.cost


def _checks(results, ballots, tallies):
    voters = results.online_voters
    checks = [
        Check(
            _("One ballot per verified number"),
            results.numbers == voters,
            _("%(ballots)d ballots from %(numbers)d different numbers")
            % {"ballots": voters, "numbers": results.numbers},
        )
    ]
    for label, rows in (
        (_("Neighbourhoods add up to the voters"), results.by_region),
        (_("Age bands add up to the online voters"), results.by_age_band),
        (_("Genders add up to the online voters"), results.by_gender),
    ):
        online = sum(row.online for row in rows)
        offline = sum(row.offline for row in rows)
        expected_offline = results.offline_voters if rows is results.by_region else 0
        checks.append(
            Check(
                label,
                online == voters and offline == expected_offline,
                _("%(sum)d counted, %(voters)d voters")
                % {"sum": online + offline, "voters": voters + expected_offline},
            )
        )
    most = max((row.online for row in results.projects), default=0)
    over_paper = (
        PaperTallyLine.objects.filter(tally__in=tallies)
        .filter(votes__gt=F("tally__voters"))
        .count()
    )
    checks.append(
        Check(
            _("No project has more votes than voters"),
            most <= voters and over_paper == 0,
            _("most online votes for one project: %(most)d of %(voters)d voters")
            % {"most": most, "voters": voters},
        )
    )
    broken = _ballots_breaking_rule(results.page, ballots)
    checks.append(
        Check(
            _("Every counted ballot keeps the rule"),
            broken == 0,
            _("%(broken)d ballots break the rule") % {"broken": broken},
        )
    )
    return checks


def _ballots_breaking_rule(page, ballots):
    annotated = ballots.annotate(n=Count("choices"), cost=Sum("choices__project__cost"))
    bad = Q(n=0)
    if page.ballot_rule in (BallotRule.UP_TO, BallotRule.RANGE) and page.max_choices:
        bad |= Q(n__gt=page.max_choices)
    if page.ballot_rule == BallotRule.RANGE:
        bad |= Q(n__lt=page.min_choices)
    if page.ballot_rule == BallotRule.BUDGET:
        bad |= Q(cost__gt=page.total_budget)
    return annotated.filter(bad).count()
