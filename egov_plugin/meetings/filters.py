"""Filters of the meeting listing: the kind of body, one body of each kind, the period."""

import django_filters
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from egov_plugin.people.body_kinds import body_kind_by_key, get_body_kinds

from .models import Meeting


class PeriodFilter(django_filters.DateFromToRangeFilter):
    """A from–to date range (``<name>_from``, ``<name>_to``); either end may be left open."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateRangePickerWidget)
        super().__init__(*args, **kwargs)


class BodyFilter(django_filters.ModelChoiceFilter):
    """One body of a kind (``?organization=<id>``, ``?committee=<id>``)."""

    def filter(self, qs, value):
        return qs.for_body(value) if value else qs


def _kinds(request):
    user = getattr(request, "user", None)
    return get_body_kinds(user) if user is not None else get_body_kinds()


class MeetingFilterSet(WagtailFilterSet):
    """The kind of body, the body (one filter per registered kind, named by its key) and the
    period. Users are offered only the kinds whose bodies they may see."""

    body_type = django_filters.ChoiceFilter(
        label=_("Held by"), choices=[], method="filter_body_type"
    )
    period = PeriodFilter(label=_("Period"), method="filter_period")

    class Meta:
        model = Meeting
        fields = ["body_type", "period"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        kinds = _kinds(request)
        self.filters["body_type"].extra["choices"] = [
            (kind.key, capfirst(kind.model_class._meta.verbose_name_plural)) for kind in kinds
        ]
        period = self.filters.pop("period")
        for kind in kinds:
            body = BodyFilter(label=kind.label, queryset=kind.model_class._default_manager.all())
            body.field_name, body.model, body.parent = kind.key, Meeting, self
            self.filters[kind.key] = body
        self.filters["period"] = period

    def filter_body_type(self, queryset, name, value):
        kind = body_kind_by_key(value)
        return queryset.of_kind(kind) if kind is not None else queryset

    def filter_period(self, queryset, name, value):
        # Dates are the district's local dates (TruncDate uses the current time zone).
        queryset = queryset.alias(day=TruncDate("starts_at"))
        condition = Q()
        if value.start:
            condition &= Q(day__gte=value.start)
        if value.stop:
            condition &= Q(day__lte=value.stop)
        return queryset.filter(condition)
