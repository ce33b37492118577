"""The dashboard with its cross-search, the person page, and saving a result as an audience.

Each request that searches people writes exactly one audit event (query, filters, number of
people found); the person page writes one "viewed" event.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from egov_plugin.core import audit
from egov_plugin.people.audiences.conditions import people_queryset
from egov_plugin.people.audiences.saved import save_audience
from egov_plugin.people.models import Person

from . import dashboard, filters
from .permissions import ContactPolicy, InsightsPermissionMixin
from .profile import load_person, person_context
from .search.sections import available_sections, run_section


class InsightsIndexView(InsightsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """The dashboard; with a query or a filter, the cross-search results instead."""

    template_name = "egov_insights/index.html"
    page_title = _("E-governance dashboard")
    header_icon = "home"

    @cached_property
    def parsed(self):
        return filters.parse(self.request.GET)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria, form = self.parsed
        context.update(criteria=criteria, form=form, query_string=self.request.GET.urlencode())
        if criteria.is_empty:
            # Nothing to search for: the dashboard's numbers (aggregates, no personal data).
            context.update(dashboard.dashboard_context(self.request), searching=False)
            return context
        policy = ContactPolicy(self.request.user)
        results = [
            run_section(section, self.request, criteria, policy)
            for section in available_sections(self.request.user)
        ]
        people = next((r for r in results if r.key == "people"), None)
        if people is not None:
            data = {
                "query": criteria.query,
                "filters": {k: v for k, v in criteria.as_json().items() if k != "q"},
                "results": people.count,
            }
            if people.more:
                # Counted up to the limit only (see search.sections.COUNT_LIMIT).
                data["more"] = True
            audit.record(self.request, audit.Action.SEARCH, summary=_("Cross-search"), data=data)
        context.update(
            searching=True,
            results=results,
            people_result=people,
            masked=not policy.all_visible,
            nothing_found=not any(r.count for r in results),
        )
        return context


class PersonView(InsightsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """One person: groups, memberships, opinions, consents and what other apps hold."""

    template_name = "egov_insights/person.html"
    header_icon = "user"
    extra_permissions = ("egov_people.view_person",)

    @cached_property
    def person(self):
        try:
            return load_person(self.kwargs["pk"])
        except Person.DoesNotExist as exc:
            raise Http404 from exc

    @cached_property
    def policy(self):
        return ContactPolicy(self.request.user)

    def get_page_title(self):
        return self.policy.name(self.person)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("egov_insights:index"), "label": _("Dashboard")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        context.update(person_context(person, self.request))
        visible = self.policy.visible(person)
        context.update(
            contacts_visible=visible,
            shown_name=self.policy.name(person),
            shown_mobile=self.policy.mobile(person),
            shown_email=self.policy.email(person),
            memo=person.memo if visible else "",
        )
        audit.record(self.request, audit.Action.VIEW, obj=person, summary=str(person))
        return context


class AudienceForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the audience"),
        max_length=200,
        help_text=_("For example: 성수1가1동 SMS 동의 가입자 (2025년 5월)"),
    )


class SaveAudienceView(InsightsPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Save the people of the current result (all pages) as an audience for a campaign."""

    template_name = "egov_insights/save_audience.html"
    form_class = AudienceForm
    page_title = _("Save as audience")
    header_icon = "group"
    extra_permissions = ("egov_people.add_savedaudience", "egov_people.view_person")

    @cached_property
    def criteria(self):
        return filters.parse(self.request.GET)[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            count=people_queryset(self.criteria).count(),
            criteria=self.criteria,
            query_string=self.request.GET.urlencode(),
        )
        return context

    def form_valid(self, form):
        audience = save_audience(self.request, form.cleaned_data["name"], self.criteria)
        messages.success(
            self.request,
            _("Saved the audience “%(name)s” with %(count)d people.")
            % {"name": audience.name, "count": audience.size},
        )
        return redirect(reverse("egov_insights:index") + "?" + self.request.GET.urlencode())
