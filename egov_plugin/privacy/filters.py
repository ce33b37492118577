"""Filters of the access-record and permission-change screens."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from egov_plugin.core.models import AuditEvent
from egov_plugin.people.models import Person

from .models import PermissionChange

#: At most this many people match a person search (the filter is a list of their numbers).
PERSON_MATCHES = 200


class AccessRecordFilterSet(WagtailFilterSet):
    """Actor (username), action, person (number, or a name / mobile / e-mail search), period."""

    actor = django_filters.CharFilter(
        label=_("Staff member (username)"), field_name="actor_label", lookup_expr="iexact"
    )
    action = django_filters.MultipleChoiceFilter(
        label=_("Action"), choices=AuditEvent.Action.choices, widget=forms.CheckboxSelectMultiple
    )
    person = django_filters.CharFilter(
        label=_("Person"),
        method="filter_person",
        help_text=_("The person's number, or a name, mobile number or e-mail address."),
    )
    timestamp = django_filters.DateFromToRangeFilter(
        label=_("Period"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "person", "timestamp"]

    def filter_person(self, queryset, name, value):
        value = value.strip()
        number = value.lstrip("#")
        if number.isdigit() and (value.startswith("#") or len(number) != 4):
            # A number: the person's id (found even after the person was deleted).
            return queryset.filter(person_id=int(number))
        matches = list(Person.objects.search(value).values_list("pk", flat=True)[:PERSON_MATCHES])
        if number.isdigit():
            # Four digits are the last digits of a mobile number, as in every people search,
            # or a person's number: both are listed.
            return queryset.filter(Q(person_id__in=matches) | Q(person_id=int(number)))
        return queryset.filter(person_id__in=matches)


class PermissionChangeFilterSet(WagtailFilterSet):
    """Kind, who changed, whose rights, period."""

    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=PermissionChange.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    actor = django_filters.CharFilter(
        label=_("Changed by (username)"), field_name="actor_label", lookup_expr="iexact"
    )
    user = django_filters.CharFilter(
        label=_("Account (username)"), field_name="target_user_label", lookup_expr="iexact"
    )
    group = django_filters.CharFilter(
        label=pgettext_lazy("staff group", "Group"), field_name="target_group", lookup_expr="iexact"
    )
    at = django_filters.DateFromToRangeFilter(label=_("Period"), widget=DateRangePickerWidget)

    class Meta:
        model = PermissionChange
        fields = ["kind", "actor", "user", "group", "at"]
