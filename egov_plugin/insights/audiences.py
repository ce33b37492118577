"""How the saved-audience screens describe an audience: its criteria as staff read them, and
the cross-search that runs it again. Saving, using and deleting one live in
``egov_plugin.people.audiences.saved``."""

import datetime

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .filters import CrossSearchForm


def describe_criteria(criteria):
    """``[(label, value), ...]``: the query and filters of a saved audience, as staff read them
    (a neighbourhood by its name, a gender by its label). A filter whose object has since been
    deleted says so instead of failing."""
    form = CrossSearchForm()
    rows = []
    for key, raw in (criteria or {}).items():
        if raw in ("", None, []):
            continue
        field = form.fields.get(key)
        if field is None:
            rows.append((key, str(raw)))
            continue
        if isinstance(raw, list):
            choices = dict(getattr(field, "choices", ()))
            value = ", ".join(str(choices.get(item, item)) for item in raw)
        elif hasattr(field, "queryset"):
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
        if isinstance(value, list):
            data.setlist(key, [str(item) for item in value])
        elif value not in ("", None):
            data[key] = str(value)
    return data.urlencode()
