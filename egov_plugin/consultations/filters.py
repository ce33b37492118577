"""Filters of the admin's opinion listing, and the selection they and its search make (which
the bulk actions and the export use too)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from egov_plugin.core import search

from .channels import Channel
from .lookups import consultation_pages
from .models import Opinion


def _consultations(request):
    return consultation_pages().order_by("-pk")


class OpinionFilterSet(WagtailFilterSet):
    """Consultation, status, channel, and whether the department has answered."""

    page = django_filters.ModelChoiceFilter(label=_("Consultation"), queryset=_consultations)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Opinion.Status.choices)
    channel = django_filters.ChoiceFilter(
        label=pgettext_lazy("opinion channel", "Channel"), choices=Channel.choices
    )
    answered = django_filters.ChoiceFilter(
        label=_("Answer"),
        choices=[("yes", _("Answered")), ("no", _("Not answered"))],
        method="filter_answered",
    )

    class Meta:
        model = Opinion
        fields = ["page", "status", "channel", "answered"]

    def filter_answered(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(answer="")
        if value == "no":
            return queryset.filter(answer="")
        return queryset


def opinion_queryset(request):
    """Opinions selected by the listing's filters and search in ``request.GET``.

    Used by "select all" in bulk actions too, so they act on what the listing showed.
    """
    queryset = Opinion.objects.select_related("page")
    filterset = OpinionFilterSet(request.GET, queryset=queryset, request=request)
    if filterset.is_valid():
        queryset = filterset.qs
    return search.search(queryset, ["text"], request.GET.get("q"))
