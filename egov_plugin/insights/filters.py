"""The cross-search form and the criteria it yields (one query plus filters).

The form only parses; :class:`Criteria` carries what was asked, in a shape the sections, the
audit event, the export and saved audiences all share. Bad input never raises: a value that
cannot match (a neighbourhood id that does not exist, a date range that ends before it starts)
becomes a *problem*, and a search with a problem has no results and says why.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.search import normalize_query, split_terms
from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES
from egov_plugin.people.groups import get_group, get_groups
from egov_plugin.people.models import Region

CONSENT_CHOICES = [
    ("sms", _("Agrees to SMS")),
    ("email", _("Agrees to e-mail")),
]

#: Filters that describe a person; the text sections (activities, minutes) cannot use them.
PERSON_FILTERS = ("group", "age_band", "gender", "consent")

#: Query-string keys of the form (everything else, e.g. a table's page or sort, is not a filter).
FILTER_KEYS = (
    "group",
    "region",
    "age_band",
    "gender",
    "committee_field",
    "organization",
    "consent",
    "date_from",
    "date_to",
)

#: Characters of the query that are searched; the rest is cut off.
MAX_QUERY_LENGTH = 200

_PHONE_CHARACTERS = set("0123456789+-.() ")


class CrossSearchForm(forms.Form):
    """One search box and the filters beside it (all optional)."""

    # A longer query is cut to MAX_QUERY_LENGTH (see Criteria), not refused: the browser stops
    # typing at the limit, and a pasted paragraph still searches its first words.
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200, "type": "search"}),
    )
    group = forms.ChoiceField(label=_("Group"), required=False)
    region = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Region.objects.all(), required=False
    )
    age_band = forms.ChoiceField(
        label=_("Age band"), required=False, choices=[("", "---------"), *AGE_BAND_CHOICES]
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "---------"), *GENDER_CHOICES]
    )
    consent = forms.ChoiceField(
        label=_("Consent"), required=False, choices=[("", "---------"), *CONSENT_CHOICES]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "---------")] + [
            (g.key, g.label) for g in get_groups()
        ]
        # Committees and organizations are separate apps a site may leave out.
        if apps.is_installed("egov_plugin.committees"):
            self.fields["committee_field"] = forms.ModelChoiceField(
                label=_("Committee field"),
                queryset=apps.get_model("egov_committees", "CommitteeField").objects.all(),
                required=False,
            )
        if apps.is_installed("egov_plugin.organizations"):
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("Organization"),
                queryset=apps.get_model("egov_organizations", "Organization").objects.all(),
                required=False,
            )
        self.order_fields(["q", *FILTER_KEYS])


@dataclass
class Criteria:
    """What a cross-search asks for. Empty values mean "no filter"."""

    query: str = ""
    filters: dict = field(default_factory=dict)
    #: Human-readable reasons why nothing can match (then every section is empty).
    problems: list = field(default_factory=list)

    @classmethod
    def from_request(cls, data):
        """Parse a query dict (``request.GET``); returns ``(criteria, form)``."""
        form = CrossSearchForm(data)
        form.is_valid()  # errors are turned into problems below, never raised
        cleaned = getattr(form, "cleaned_data", {})
        filters = {}
        for key in FILTER_KEYS:
            value = cleaned.get(key)
            if value not in (None, ""):
                filters[key] = value
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
        if "group" in filters and get_group(filters["group"]) is None:
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
