"""The numbers of the dashboard, each block in a fixed number of queries.

Reachability (documented in ``docs/reference/insights.md``):

everyone — subscriber, committee or organization member — can receive SMS when they have a
mobile number and a recorded basis for SMS (their newest consent record grants it; an old
import's subscriber by their profile's flag), e-mail likewise: the rule of
:mod:`egov_plugin.people.audiences.reach`, the one campaigns send by.

Other apps add blocks through the ``egov_insights_dashboard_panels`` hook (see
:func:`extra_panels`): recent imports when ``egov_imports`` is installed, and the outreach app's
recent sends when it exists.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from egov_plugin.people.audiences import reach
from egov_plugin.people.audiences.models import SavedAudience
from egov_plugin.people.groups import get_groups
from egov_plugin.people.models import Person, Region

#: Hook name: functions ``fn(request)`` returning a :class:`Panel` (or ``None`` to show nothing).
DASHBOARD_PANELS_HOOK = "egov_insights_dashboard_panels"


@dataclass
class GroupCount:
    key: str
    label: str
    total: int
    sms: int
    email: int


@dataclass
class Panel:
    """A block another app adds to the dashboard: a heading and a template with its context."""

    heading: str
    template_name: str
    context: dict = field(default_factory=dict)
    order: int = 100


def group_counts():
    """People per registered group, with how many can receive SMS and e-mail (one query each)."""
    counts = []
    for group in get_groups():
        row = Person.objects.filter(group.exists()).aggregate(
            total=Count("pk"),
            sms=Count("pk", filter=reach.reachable_condition(reach.SMS)),
            email=Count("pk", filter=reach.reachable_condition(reach.EMAIL)),
        )
        counts.append(GroupCount(group.key, group.label, **row))
    return counts


def region_counts():
    """``(rows, without_region, largest)``: people per neighbourhood, in the district's order."""
    per_region = dict(
        Person.objects.order_by()
        .values_list("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    rows = [(region, per_region.get(region.pk, 0)) for region in Region.objects.all()]
    largest = max([n for _region, n in rows] or [0])
    return rows, per_region.get(None, 0), largest


def open_consultations(now=None):
    """Consultations open now, with their opinion counts (one query)."""
    if not apps.is_installed("egov_plugin.consultations"):
        return []
    now = now or timezone.now()
    page_model = apps.get_model("egov_consultations", "ConsultationPage")
    opinion = apps.get_model("egov_consultations", "Opinion")

    def count(**extra):
        rows = (
            opinion.objects.filter(page=OuterRef("pk"), **extra)
            .order_by()
            .values("page")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return list(
        page_model.objects.live()
        .filter(opens_at__lte=now, closes_at__gt=now)
        .exclude(Q(outcome_published=True) & ~Q(outcome=""))
        .annotate(opinion_count=count(), pending_count=count(status="pending"))
        .order_by("closes_at")[:20]
    )


def open_votes(now=None):
    """Participatory-budget votes open now, with their ballot counts (one query)."""
    if not apps.is_installed("egov_plugin.budgeting"):
        return []
    now = now or timezone.now()
    vote_model = apps.get_model("egov_budgeting", "BudgetVotePage")
    ballot = apps.get_model("egov_budgeting", "Ballot")
    ballots = (
        ballot.objects.filter(page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        vote_model.objects.live()
        .filter(opens_at__lte=now, closes_at__gt=now)
        .annotate(ballot_count=Coalesce(Subquery(ballots, output_field=IntegerField()), Value(0)))
        .order_by("closes_at")[:20]
    )


def pending_opinions():
    """How many opinions wait for moderation (one query)."""
    if not apps.is_installed("egov_plugin.consultations"):
        return 0
    opinion = apps.get_model("egov_consultations", "Opinion")
    return opinion.objects.filter(status=opinion.Status.PENDING).count()


def recent_imports(limit=5):
    """The newest import jobs, when the imports app is installed (one query)."""
    if not apps.is_installed("egov_plugin.imports"):
        return None
    try:
        job_model = apps.get_model("egov_imports", "ImportJob")
    except LookupError:
        return None
    return list(job_model.objects.order_by("-pk")[:limit])


def recent_audiences(limit=5):
    return list(SavedAudience.objects.select_related("created_by")[:limit])


def extra_panels(request):
    """Blocks other apps add (``egov_insights_dashboard_panels`` hook), e.g. outreach's sends.

    This is the extension point for the outreach app: it registers a function returning a
    :class:`Panel` with its recent campaigns; until it exists, nothing is shown.
    """
    panels = [fn(request) for fn in hooks.get_hooks(DASHBOARD_PANELS_HOOK)]
    return sorted((p for p in panels if p is not None), key=lambda p: p.order)


def dashboard_context(request):
    """Everything the dashboard shows."""
    regions, without_region, largest = region_counts()
    return {
        "group_counts": group_counts(),
        "people_total": Person.objects.count(),
        "region_rows": regions,
        "without_region": without_region,
        "region_max": largest,
        "consultations": open_consultations(),
        "votes": open_votes(),
        "pending_opinions": pending_opinions(),
        "imports": recent_imports(),
        "audiences": recent_audiences(),
        "extra_panels": extra_panels(request),
        "chart": region_chart(regions, largest),
    }


def region_chart(rows, largest, *, bar_height=22, label_width=110, width=520):
    """Bar geometry for the inline SVG chart (computed here so the template stays simple)."""
    usable = width - label_width - 60
    bars = []
    for index, (region, count) in enumerate(rows):
        length = round(usable * count / largest) if largest else 0
        bars.append(
            {
                "label": region.name,
                "count": count,
                "y": index * bar_height,
                "text_y": index * bar_height + bar_height * 0.7,
                "width": length,
                "value_x": label_width + length + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows) * bar_height, bar_height),
        "width": width,
        "label_width": label_width,
        "bar_height": bar_height - 6,
        "title": _("People per neighbourhood"),
    }
