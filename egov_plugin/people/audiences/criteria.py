"""What an audience asks for: a query and filters, and the keys those filters may have.

The keys are written here once. The cross-search (``egov_insights``) offers all of them; a
campaign's audience (``egov_outreach``) the same without the registration dates. Registered
groups add their own keys (:class:`~egov_plugin.people.groups.GroupFilter`), so the lists are
functions, read after every app is ready.

Bad input never raises: a value that cannot match (a neighbourhood id that does not exist, a
date range that ends before it starts) becomes a *problem*, and criteria with a problem select
nobody and say why.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.search import normalize_query, split_terms

from ..groups import get_group, get_group_filters

#: The filters every audience has, before the registered groups' filters.
BASE_KEYS = ("group", "region", "age_band", "gender")
CONSENT_KEY = "consent"
#: When the person was registered (the cross-search only).
DATE_KEYS = ("date_from", "date_to")

#: Characters of the query that are searched; the rest is cut off.
MAX_QUERY_LENGTH = 200

_PHONE_CHARACTERS = set("0123456789+-.() ")


def group_filter_keys():
    """The keys the registered groups add (``organization``, ``committee_field``, ...)."""
    return [group_filter.key for _group, group_filter in get_group_filters()]


def audience_keys():
    """The keys a campaign's audience may hold, in form order."""
    return [*BASE_KEYS, *group_filter_keys(), CONSENT_KEY]


def filter_keys():
    """The keys of a cross-search (everything else in a query string is not a filter)."""
    return [*audience_keys(), *DATE_KEYS]


def registry_keys():
    """The filters answered from the registry only: a record that keeps its own copy of the
    person's region, age band and gender (an opinion) still needs the registry for these."""
    return ["group", *group_filter_keys(), CONSENT_KEY]


def group_keys(value):
    """The group keys of a ``group`` filter: a list (several groups ticked) or, as audiences
    saved before groups could be combined hold it, one key."""
    if value in (None, "", []):
        return []
    return [value] if isinstance(value, str) else list(value)


def unknown_groups(value):
    """The keys of a ``group`` filter that no registered group answers (its app was removed)."""
    return [key for key in group_keys(value) if get_group(key) is None]


@dataclass
class Criteria:
    """What a cross-search or an audience asks for. Empty values mean "no filter"."""

    query: str = ""
    filters: dict = field(default_factory=dict)
    #: Human-readable reasons why nothing can match (then nobody is selected).
    problems: list = field(default_factory=list)

    @classmethod
    def from_request(cls, data, form_class):
        """Parse a query dict (``request.GET``) with ``form_class`` (a form built with
        :class:`~egov_plugin.people.audiences.forms.AudienceFieldsMixin`, and a ``q`` field
        when it searches text); returns ``(criteria, form)``."""
        form = form_class(data)
        form.is_valid()  # errors are turned into problems below, never raised
        cleaned = getattr(form, "cleaned_data", {})
        filters = form.audience_values()
        problems = []
        for name in form.errors:
            label = form.fields[name].label if name in form.fields else name
            problems.append(
                _("%(field)s: %(value)s cannot match anything.")
                # A NUL character cannot be stored or shown; it is what made the value invalid.
                % {"field": label, "value": data.get(name, "").replace("\x00", "")}
            )
        date_from, date_to = filters.get("date_from"), filters.get("date_to")
        if date_from and date_to and date_to < date_from:
            problems.append(_("The date range ends before it starts, so nothing falls inside it."))
        if "group" in filters and unknown_groups(filters["group"]):
            problems.append(_("There is no such group."))
        query = normalize_query(cleaned.get("q") or "")[:MAX_QUERY_LENGTH]
        return cls(query=query, filters=filters, problems=problems), form

    # What kind of query this is --------------------------------------------------------------

    @property
    def terms(self):
        return split_terms(self.query)

    @property
    def has_text(self):
        return bool(self.terms)

    @property
    def only_punctuation(self):
        """Something was typed, but nothing in it can be searched for."""
        return bool(self.query) and not self.terms

    @property
    def is_short(self):
        """One character: too common to search text with, so it searches names only."""
        return len(self.terms) == 1 and len(self.terms[0]) == 1

    @property
    def is_contact(self):
        """An e-mail part or a phone number (not four digits, which may also be a year):
        it identifies people, so only people and their opinions are searched."""
        if "@" in self.query:
            return True
        digits = [ch for ch in self.query if ch.isdigit()]
        return bool(digits) and set(self.query) <= _PHONE_CHARACTERS and len(digits) >= 5

    @property
    def is_empty(self):
        """No query and no filter: the dashboard is shown instead of results."""
        return not self.has_text and not self.filters and not self.problems

    def active(self, names):
        """The active filters among ``names``."""
        return [name for name in names if name in self.filters]

    # Date range as aware datetimes (so indexes on timestamps can be used) -------------------

    def datetime_range(self):
        """``(start, end)``: start of ``date_from``, start of the day after ``date_to``."""

        def at_midnight(day):
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

        start = self.filters.get("date_from")
        end = self.filters.get("date_to")
        return (
            at_midnight(start) if start else None,
            at_midnight(end + datetime.timedelta(days=1)) if end else None,
        )

    def as_json(self):
        """The query and filters as plain JSON (for audit events and saved audiences)."""
        data = {"q": self.query}
        for key, value in self.filters.items():
            if hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            data[key] = value
        return data
