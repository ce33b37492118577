"""Filters of the committee member look-up."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.people.memberships import MemberFilterSet

from .models import Committee, CommitteeField, CommitteeMembership


class CommitteeMemberFilterSet(MemberFilterSet):
    """Committee, field, occupation, current or ended term, with or without e-mail."""

    committee = django_filters.ModelChoiceFilter(
        label=_("Committee"), queryset=Committee.objects.all()
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of expertise"),
        queryset=CommitteeField.objects.all(),
        field_name="committee__field",
    )
    occupation = django_filters.ChoiceFilter(
        label=_("Occupation"), choices=CommitteeMembership.Occupation.choices
    )
    term = django_filters.ChoiceFilter(
        label=_("Term"),
        choices=[("current", _("Current")), ("ended", _("Ended"))],
        method="filter_term",
    )

    class Meta:
        model = CommitteeMembership
        fields = ["committee", "field", "occupation", "term", "has_email"]

    def filter_term(self, queryset, name, value):
        today = timezone.localdate()
        ended = Q(term_end__lt=today)
        if value == "current":
            return queryset.exclude(ended).exclude(term_start__gt=today)
        if value == "ended":
            return queryset.filter(ended)
        return queryset
