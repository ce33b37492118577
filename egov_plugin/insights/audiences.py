"""Saved audiences: saving a cross-search result for a later campaign (the outreach app),
describing how one was chosen, and deleting one — each audited."""

import datetime

from django.apps import apps
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from egov_plugin.core import audit

from .models import SavedAudience
from .search.people import people_queryset

#: Campaign statuses in which a campaign still reads its audience (see the outreach app).
CAMPAIGN_ACTIVE_STATUSES = ("draft", "approved", "sending", "paused")


@transaction.atomic
def save_audience(request, name, criteria):
    """Freeze the people ``criteria`` select now into a :class:`SavedAudience`; audited.

    The ids are resolved at once and kept: the audience a campaign sends to is the one staff
    saw and saved, not whatever the same search finds on the day of sending.
    """
    person_ids = list(people_queryset(criteria).order_by("pk").values_list("pk", flat=True))
    audience = SavedAudience.objects.create(
        name=name,
        criteria=criteria.as_json(),
        person_ids=person_ids,
        size=len(person_ids),
        created_by=request.user if request.user.is_authenticated else None,
    )
    audit.record(
        request,
        audit.Action.CREATE,
        obj=audience,
        summary=f"{audience.name} ({audience.size})",
        data={"criteria": audience.criteria, "results": audience.size},
    )
    return audience


def describe_criteria(criteria):
    """``[(label, value), ...]``: the query and filters of a saved audience, as staff read them
    (a neighbourhood by its name, a gender by its label). A filter whose object has since been
    deleted says so instead of failing."""
    from .filters import CrossSearchForm

    form = CrossSearchForm()
    rows = []
    for key, raw in (criteria or {}).items():
        if raw in ("", None):
            continue
        field = form.fields.get(key)
        if field is None:
            rows.append((key, str(raw)))
            continue
        if hasattr(field, "queryset"):
            obj = field.queryset.filter(pk=raw).first() if str(raw).isdigit() else None
            value = str(obj) if obj is not None else _("#%(id)s (no longer exists)") % {"id": raw}
        elif getattr(field, "choices", None):
            value = str(dict(field.choices).get(raw, raw))
        elif isinstance(raw, datetime.date):
            value = raw.isoformat()
        else:
            value = str(raw)
        rows.append((field.label, value))
    return rows


def search_query_string(criteria):
    """The cross-search query string that runs the audience's search again (today's result)."""
    data = QueryDict(mutable=True)
    for key, value in (criteria or {}).items():
        if value not in ("", None):
            data[key] = str(value)
    return data.urlencode()


def campaigns_using(audience):
    """The campaigns that send to ``audience`` (empty when the outreach app is not installed)."""
    if not apps.is_installed("egov_plugin.outreach"):
        return []
    campaign = apps.get_model("egov_outreach", "Campaign")
    return list(campaign.objects.filter(saved_audience_id=audience.pk).order_by("-pk"))


def can_delete(user, audience):
    """Whoever saved an audience may delete it; the delete permission (관리자) allows any."""
    if user.has_perm("egov_insights.delete_savedaudience"):
        return True
    return audience.created_by_id is not None and audience.created_by_id == user.pk


def blocking_campaigns(audience):
    """Campaigns that still read ``audience`` (not done or cancelled): it cannot be deleted
    under them, or they would send to nobody."""
    return [c for c in campaigns_using(audience) if c.status in CAMPAIGN_ACTIVE_STATUSES]


@transaction.atomic
def delete_audience(request, audience):
    """Delete ``audience``; audited with its name, criteria and size."""
    audit.record(
        request,
        audit.Action.DELETE,
        obj=audience,
        summary=f"{audience.name} ({audience.size})",
        data={"criteria": audience.criteria, "results": audience.size},
    )
    audience.delete()
