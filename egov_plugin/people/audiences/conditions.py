"""Which people criteria select: the query (name, contact) and the person filters.

The cross-search's people section, its export, saved audiences and campaign audiences all go
through these functions, so they always agree on who "the result" is.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import Q

from egov_plugin.core.search import caseless

from ..groups import get_group, get_group_filters
from ..models import Person, mobile_digits, person_filter
from . import reach
from .criteria import Criteria, audience_keys, group_keys, unknown_groups


def query_condition(criteria):
    """A ``Q`` for the query part, or ``None`` when there is no text to search for."""
    if not criteria.has_text:
        return None
    if criteria.is_short:
        # One character would match half the registry by e-mail; names are what people mean.
        return caseless(Q(name__icontains=criteria.terms[0]))
    if criteria.is_contact or criteria.query.strip("0123456789-+.() ") == "":
        # A number or an address is one value: its spaces and dashes are not term separators.
        return caseless(person_filter(criteria.query))
    # Several words: every word must be in the name or the e-mail address (AND, like core).
    return caseless(reduce(and_, (person_filter(term) for term in criteria.terms)))


def consent_condition(channel, prefix=""):
    """A ``Q`` for "may be sent ``channel``" (applied through ``prefix``, e.g. ``"person__"``):
    the one reach rule of :mod:`.reach`, for subscribers and members alike.

    A subscriber's profile flags follow their newest consent record (``people.consent``), so
    for them the flags answer the rule without the per-person subquery; only people without a
    subscription (members) are asked of their records. Over the whole registry this keeps the
    filter an index look-up for the 78,785 subscribers.
    """
    flag = "sms_consent" if channel == "sms" else "email_consent"
    subscribed = Q(**{f"{prefix}subscriber__isnull": False})
    by_flags = Q(**{f"{prefix}subscriber__{flag}": True,
                    f"{prefix}subscriber__withdrawn_at__isnull": True})  # fmt: skip
    by_records = ~subscribed & reach.reachable_condition(channel, prefix)
    return reach.address_condition(channel, prefix) & ((subscribed & by_flags) | by_records)


def filter_condition(criteria, prefix=""):
    """A ``Q`` for the person filters (applied through ``prefix``, e.g. ``"person__"``)."""
    f = criteria.filters
    conditions = []
    # Memberships are matched with IN (subquery), not a correlated EXISTS: both databases then
    # start from the (few) members of a body instead of probing every person of the registry
    # (SQLite: 450 ms → under 1 ms for a committee field). Through a relation the key is the
    # foreign key itself ("person__in"), not a join.
    key = prefix.removesuffix("__") + "__in" if prefix else "pk__in"
    groups = [get_group(k) for k in group_keys(f.get("group"))]
    if groups:
        # Members of any of the ticked groups, each person once (one IN per group, OR-ed).
        conditions.append(reduce(or_, (Q(**{key: g.members()}) for g in groups)))
    for name in ("region", "age_band", "gender"):
        if name in f:
            conditions.append(Q(**{f"{prefix}{name}": f[name]}))
    # What the registered groups add: "members of this organization", "of a committee in ...".
    for group, group_filter in get_group_filters():
        if group_filter.key in f:
            members = group.members(**{group_filter.lookup: f[group_filter.key]})
            conditions.append(Q(**{key: members}))
    if f.get("consent") in ("sms", "email"):
        conditions.append(consent_condition(f["consent"], prefix))
    start, end = criteria.datetime_range()
    if start:
        conditions.append(Q(**{f"{prefix}created_at__gte": start}))
    if end:
        conditions.append(Q(**{f"{prefix}created_at__lt": end}))
    return reduce(and_, conditions) if conditions else None


def people_queryset(criteria):
    """The people a cross-search selects (ordered by name), ``none()`` when it cannot match."""
    people = Person.objects.all()
    if criteria.problems:
        return people.none()
    condition = query_condition(criteria)
    if condition is not None:
        # The partial-number search compares against the number without dashes.
        people = people.annotate(mobile_digits=mobile_digits()).filter(condition)
    filters = filter_condition(criteria)
    if filters is not None:
        people = people.filter(filters)
    return people.order_by("name", "pk")


def filtered_people(filters):
    """The people a campaign audience's filters (``{key: id or value}``) select.

    A filter this site no longer knows (its group's app was removed since) selects nobody,
    never everybody.
    """
    data = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    people = Person.objects.all()
    if set(data) - set(audience_keys()):
        return people.none()
    if "group" in data and unknown_groups(data["group"]):
        return people.none()
    condition = filter_condition(Criteria(filters=data))
    return people.filter(condition) if condition is not None else people
