"""The audience filters as form fields, written once for every form that chooses people.

The cross-search form (``egov_insights``) and a campaign's audience (``egov_outreach``) both
mix :class:`AudienceFieldsMixin` in. The groups registered in ``people.groups`` bring their own
filters, so a new kind of body appears in both forms by registering, not by being named here.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES

from ..filters import CONSENT_CHOICES as PEOPLE_CONSENT_CHOICES
from ..groups import get_group_filters, get_groups
from ..models import Region
from .criteria import audience_keys, filter_keys, group_keys

EMPTY = [("", "---------")]

#: "Agrees to SMS" / "Agrees to e-mail" (the people listing also offers "no consent").
CONSENT_CHOICES = [c for c in PEOPLE_CONSENT_CHOICES if c[0] in ("sms", "email")]


class GroupsField(forms.MultipleChoiceField):
    """The groups ticked. An empty value (``?group=`` from a link) means "no group filter"; one
    group is kept as its key, as audiences stored it before groups could be combined, several
    as a list."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        return [v for v in super().to_python(value) if v != ""]

    def clean(self, value):
        keys = super().clean(value)
        return keys[0] if len(keys) == 1 else keys


def audience_fields(dates=False):
    """``{key: form field}`` for every audience filter, in form order (fresh field objects)."""
    fields = {
        # Several groups may be ticked: a campaign to 단체 회원 and 위원 reaches each person once.
        "group": GroupsField(
            label=_("Group"), required=False, choices=[(g.key, g.label) for g in get_groups()]
        ),
        "region": forms.ModelChoiceField(
            label=_("Neighbourhood"), queryset=Region.objects.all(), required=False
        ),
        "age_band": forms.ChoiceField(
            label=_("Age band"), required=False, choices=EMPTY + list(AGE_BAND_CHOICES)
        ),
        "gender": forms.ChoiceField(
            label=_("Gender"), required=False, choices=EMPTY + list(GENDER_CHOICES)
        ),
    }
    for _group, group_filter in get_group_filters():
        fields[group_filter.key] = forms.ModelChoiceField(
            label=group_filter.label, queryset=group_filter.queryset(), required=False
        )
    fields["consent"] = forms.ChoiceField(
        label=_("Consent"), required=False, choices=EMPTY + CONSENT_CHOICES
    )
    if dates:
        date = forms.DateInput(attrs={"type": "date"})
        fields["date_from"] = forms.DateField(label=_("From"), required=False, widget=date)
        fields["date_to"] = forms.DateField(label=_("Until"), required=False, widget=date)
    return fields


class AudienceFieldsMixin:
    """Adds the audience filters to a form and reads them back.

    A field is named after its filter key with :attr:`audience_field_prefix` before it; a form
    that sets :attr:`audience_label_format` (``"Audience: %(filter)s"``) gets its labels through
    it. Values are read back with :meth:`audience_values` (model objects and dates, for
    :class:`~egov_plugin.people.audiences.criteria.Criteria`) or :meth:`audience_filters`
    (plain ids and values, for JSON).
    """

    audience_field_prefix = ""
    audience_label_format = None
    #: Whether the registration-date range is offered (the cross-search: yes; campaigns: no).
    audience_dates = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, field in audience_fields(dates=self.audience_dates).items():
            if self.audience_label_format:
                field.label = self.audience_label_format % {"filter": field.label}
            self.fields[self.audience_field_prefix + key] = field

    def audience_keys(self):
        """The filter keys this form offers, in order."""
        return filter_keys() if self.audience_dates else audience_keys()

    def audience_field_names(self):
        """The names of the audience fields, in order (for ``order_fields``)."""
        return [self.audience_field_prefix + key for key in self.audience_keys()]

    def audience_values(self):
        """``{key: cleaned value}`` of the filters that were filled in (valid ones only)."""
        cleaned = getattr(self, "cleaned_data", {})
        values = {}
        for key in self.audience_keys():
            value = cleaned.get(self.audience_field_prefix + key)
            if value not in (None, "", []):
                values[key] = value
        return values

    def audience_filters(self):
        """The filters that were filled in as JSON-ready ``{key: id or value}``."""
        return {
            key: value.pk if hasattr(value, "pk") else value
            for key, value in self.audience_values().items()
        }

    def set_audience_initial(self, filters):
        """Show stored filters (``{key: id or value}``) as the fields' initial values."""
        for key in self.audience_keys():
            value = (filters or {}).get(key)
            if value in (None, "", []):
                continue
            name = self.audience_field_prefix + key
            if isinstance(self.fields[name], forms.MultipleChoiceField):
                # Audiences stored before groups could be combined hold one key, not a list.
                value = group_keys(value)
            self.initial[name] = value
