"""The cross-search form: one search box and the audience filters beside it.

The filters, their keys and what they select live in ``egov_plugin.people.audiences``; this
form adds the search box and the registration-date range. :func:`parse` turns a query string
into :class:`~egov_plugin.people.audiences.criteria.Criteria`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov_plugin.people.audiences.criteria import MAX_QUERY_LENGTH, Criteria
from egov_plugin.people.audiences.forms import AudienceFieldsMixin


class CrossSearchForm(AudienceFieldsMixin, forms.Form):
    """One search box and the filters beside it (all optional)."""

    audience_dates = True

    # A longer query is cut to MAX_QUERY_LENGTH (see Criteria), not refused: the browser stops
    # typing at the limit, and a pasted paragraph still searches its first words.
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_QUERY_LENGTH, "type": "search"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["q", *self.audience_field_names()])


def parse(data):
    """``(criteria, form)`` of a cross-search query dict (``request.GET``)."""
    return Criteria.from_request(data, CrossSearchForm)
