"""Saving a cross-search result as an audience for a later campaign (the outreach app)."""

from django.db import transaction

from egov_plugin.core import audit

from .models import SavedAudience
from .search.people import people_queryset


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
