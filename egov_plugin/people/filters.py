"""Filters of the admin people listing."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES

from .groups import get_groups
from .models import Person, Region

CONSENT_CHOICES = [
    ("sms", _("Agrees to SMS")),
    ("email", _("Agrees to e-mail")),
    ("none", _("No consent")),
]


def _group_choices():
    return [(g.key, g.label) for g in get_groups()]


class PersonFilterSet(WagtailFilterSet):
    """Group, neighbourhood, age band, gender and consent."""

    group = django_filters.ChoiceFilter(
        label=_("Group"), choices=_group_choices, method="filter_group"
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"), queryset=Region.objects.all()
    )
    age_band = django_filters.ChoiceFilter(label=_("Age band"), choices=AGE_BAND_CHOICES)
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=[c for c in GENDER_CHOICES if c[0]]
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consent"), choices=CONSENT_CHOICES, method="filter_consent"
    )

    class Meta:
        model = Person
        fields = ["group", "region", "age_band", "gender", "consent"]

    def filter_group(self, queryset, name, value):
        return queryset.in_group(value) if value else queryset

    def filter_consent(self, queryset, name, value):
        active = {"subscriber__withdrawn_at__isnull": True}
        if value == "sms":
            return queryset.filter(subscriber__sms_consent=True, **active)
        if value == "email":
            return queryset.filter(subscriber__email_consent=True, **active)
        if value == "none":
            return queryset.exclude(subscriber__sms_consent=True, **active).exclude(
                subscriber__email_consent=True, **active
            )
        return queryset
