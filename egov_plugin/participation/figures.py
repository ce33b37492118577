"""Participation figures for the portal's home page, in a few aggregate queries.

Only what the public may see is counted: opinions on closed (expert-only) consultations, on
drafts or restricted pages, and hidden or unconfirmed opinions are left out.
"""

from django.apps import apps
from django.db.models import Count, Q

from egov_plugin.consultations.lookups import consultation_page_models
from egov_plugin.consultations.models import Opinion
from egov_plugin.consultations.visibility import visible_to_public


def participation_figures():
    """``{"consultations", "opinions", "answered", "outcomes", "ballots"}`` (integers)."""
    figures = {"consultations": 0, "outcomes": 0}
    public_ids = []
    for model in consultation_page_models():
        public = visible_to_public(model.objects.all())
        counts = public.aggregate(
            n=Count("pk"), decided=Count("pk", filter=Q(outcome_published=True) & ~Q(outcome=""))
        )
        figures["consultations"] += counts["n"]
        figures["outcomes"] += counts["decided"]
        public_ids.append(public.values("pk"))
    opinions = Opinion.objects.none()
    if public_ids:
        condition = Q()
        for ids in public_ids:
            condition |= Q(page_id__in=ids)
        opinions = Opinion.objects.filter(condition, status=Opinion.Status.PUBLISHED)
    counts = opinions.aggregate(n=Count("pk"), answered=Count("pk", filter=~Q(answer="")))
    figures["opinions"] = counts["n"]
    figures["answered"] = counts["answered"]
    figures["ballots"] = 0
    if apps.is_installed("egov_plugin.budgeting"):
        from egov_plugin.budgeting.models import Ballot

        figures["ballots"] = Ballot.objects.count()
    return figures
