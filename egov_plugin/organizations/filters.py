"""Filters of the member look-up and of the activity listing."""

import django_filters
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from egov_plugin.people.memberships import MemberFilterSet
from egov_plugin.people.models import Region

from .models import Activity, Organization, OrganizationKind, OrganizationMembership


class PeriodFilter(django_filters.DateFromToRangeFilter):
    """A from–to date range (``<name>_from``, ``<name>_to``); either end may be left open."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateRangePickerWidget)
        super().__init__(*args, **kwargs)


class OrganizationMemberFilterSet(MemberFilterSet):
    """Organization, kind, neighbourhood, role, with or without e-mail."""

    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"), queryset=Organization.objects.all()
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind of organization"),
        queryset=OrganizationKind.objects.all(),
        field_name="organization__kind",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        queryset=Region.objects.all(),
        field_name="organization__region",
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=OrganizationMembership.Role.choices)

    class Meta:
        model = OrganizationMembership
        fields = ["organization", "kind", "region", "role", "has_email"]


class ActivityFilterSet(WagtailFilterSet):
    """Organization (and its kind and neighbourhood) and the period the activity overlaps."""

    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"), queryset=Organization.objects.all()
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind of organization"),
        queryset=OrganizationKind.objects.all(),
        field_name="organization__kind",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        queryset=Region.objects.all(),
        field_name="organization__region",
    )
    period = PeriodFilter(label=_("Period"), method="filter_period")

    class Meta:
        model = Activity
        fields = ["organization", "kind", "region", "period"]

    def filter_period(self, queryset, name, value):
        # An activity of several days is in the period if any of its days is: it starts
        # before the period ends and ends (or, without an end date, starts) after it begins.
        if value.start:
            queryset = queryset.alias(last_day=Coalesce("end_date", "start_date")).filter(
                last_day__gte=value.start
            )
        if value.stop:
            queryset = queryset.filter(start_date__lte=value.stop)
        return queryset
