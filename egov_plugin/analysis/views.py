"""Admin screens of the opinion analysis.

Who may see them: staff who may see opinions (``egov_consultations.view_opinion``: the 관리자
and 정책 담당 roles). The screens show counts only — no names or contacts — so looking at them
is not audited; downloading the report workbook is. Uploading and deleting reference
populations need their own model permissions.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from egov_plugin.consultations.channels import Channel
from egov_plugin.consultations.lookups import consultation_pages
from egov_plugin.core import audit
from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES
from egov_plugin.people.groups import get_groups
from egov_plugin.people.models import Region

from . import breakdowns, charts, keywords, representativeness, similarity, trends
from .models import KeywordAnalysis, ReferencePopulation
from .population import PopulationError, read_population, store_population
from .report import write_report

NAMESPACE = "egov_analysis"
VIEW_OPINIONS = "egov_consultations.view_opinion"


def can_analyse(user):
    """Whether ``user`` may open the analysis screens."""
    return bool(user and user.is_active and user.has_perm(VIEW_OPINIONS))


def analysis_url(page):
    return reverse(f"{NAMESPACE}:consultation", args=[page.pk])


class _AnalysisMixin(WagtailAdminTemplateMixin):
    header_icon = "table"
    #: Further permissions, beyond seeing opinions, that a view needs.
    extra_permissions = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not can_analyse(user) or not all(user.has_perm(p) for p in self.extra_permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{NAMESPACE}:index"), "label": _("Opinion analysis")}
        ]


class ConsultationListView(_AnalysisMixin, TemplateView):
    """Every consultation with its opinion count and whether its keywords are computed."""

    template_name = "egov_analysis/index.html"
    page_title = _("Opinion analysis")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(_("Trends"), url=reverse(f"{NAMESPACE}:trends"), icon_name="history")
        ]
        if self.request.user.has_perm("egov_analysis.view_referencepopulation"):
            buttons.append(
                HeaderButton(
                    _("Reference populations"),
                    url=reverse(f"{NAMESPACE}:populations"),
                    icon_name="group",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = list(consultation_pages().specific())
        counts = dict(
            breakdowns.counted_opinions()
            .values_list("page_id")
            .annotate(n=Count("pk"))
            .values_list("page_id", "n")
        )
        states = dict(KeywordAnalysis.objects.values_list("page_id", "state"))
        labels = dict(KeywordAnalysis.State.choices)
        for page in pages:
            page.opinion_count = counts.get(page.pk, 0)
            state = states.get(page.pk)
            page.keyword_state = labels[state] if state else _("Not computed")
        pages.sort(key=lambda p: p.opens_at, reverse=True)
        context["pages"] = pages
        return context


def _group_labels():
    """Labels of the keyword groups (``gender:F`` → "Gender: Female")."""
    labels = {}
    for code, label in GENDER_CHOICES:
        if code:
            labels[f"gender:{code}"] = (_("Gender"), label)
    for code, label in AGE_BAND_CHOICES:
        labels[f"age_band:{code}"] = (_("Age band"), label)
    for pk, name in Region.objects.values_list("pk", "name"):
        labels[f"region:{pk}"] = (_("Neighbourhood"), name)
    for code, label in Channel.choices:
        labels[f"channel:{code}"] = (pgettext_lazy("opinion channel", "Channel"), label)
    for group in get_groups():
        labels[f"registry:{group.key}"] = (_("Registry group"), group.label)
    return labels


class _ConsultationMixin(_AnalysisMixin):
    def setup(self, request, *args, page_id, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(consultation_pages(), pk=page_id).specific

    @cached_property
    def opinions(self):
        return breakdowns.counted_opinions([self.page.pk])

    @cached_property
    def period(self):
        chosen = self.request.GET.get("period")
        if chosen in ("day", "week"):
            return chosen
        return breakdowns.choose_period(self.page.opens_at, self.page.closes_at)

    @cached_property
    def breakdowns(self):
        return breakdowns.all_breakdowns(self.opinions, self.period)

    @cached_property
    def comparison(self):
        return representativeness.representativeness(
            self.opinions, self.request.GET.get("reference")
        )


class ConsultationAnalysisView(_ConsultationMixin, TemplateView):
    """One consultation: breakdowns, representativeness, keywords and similar consultations."""

    template_name = "egov_analysis/consultation.html"
    page_title = _("Opinion analysis")

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.page.title}]

    @cached_property
    def header_buttons(self):
        query = self.request.GET.urlencode()
        report = reverse(f"{NAMESPACE}:report", args=[self.page.pk])
        return [
            HeaderButton(
                _("Download the report (.xlsx)"),
                url=f"{report}?{query}" if query else report,
                icon_name="download",
            ),
            HeaderButton(
                _("Edit the consultation"),
                url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                icon_name="edit",
            ),
        ]  # fmt: skip

    def keyword_context(self):
        analysis = KeywordAnalysis.objects.filter(page_id=self.page.pk).first()
        context = {"analysis": analysis, "keywords": [], "keyword_chart": None}
        if analysis is None or analysis.state != KeywordAnalysis.State.DONE:
            return context
        rows = keywords.keyword_table(self.page.pk)
        context["keywords"] = rows
        if rows:
            chart_rows = [breakdowns.Row(k.noun, k.noun, k.count) for k in rows[:15]]
            chart = breakdowns.Breakdown("keywords", _("Most frequent nouns"), chart_rows)
            for row, keyword in zip(chart.rows, rows, strict=False):
                # For keywords the share is of opinions that use the noun, not of all nouns.
                row.share = (
                    round(100 * keyword.opinions / analysis.opinion_count, 1)
                    if analysis.opinion_count
                    else 0.0
                )
            context["keyword_chart"] = charts.bar_chart(chart, label_width=110)
        labels = _group_labels()
        context["group_keywords"] = [
            {"kind": labels[key][0], "label": labels[key][1], "nouns": nouns}
            for key, nouns in keywords.group_keywords(self.page.pk).items()
            if key in labels
        ]
        context["similar"] = similarity.similar_consultations(self.page)
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = [(b, charts.chart_for(b)) for b in self.breakdowns]
        # Participants in the comparison's cells plus those who could not be placed: the
        # same count as a separate COUNT(DISTINCT …) over all opinions, without a fourth scan
        # (a person who gave two different neighbourhoods counts in both cells).
        participants = self.comparison.participants + self.comparison.incomplete
        context.update(
            consultation=self.page,
            sections=sections,
            total=self.breakdowns[0].total,
            participants=participants,
            period=self.period,
            comparison=self.comparison,
            reference_choices=representativeness.reference_choices(),
            over_threshold=representativeness.OVER,
            can_edit_stop_words=self.request.user.has_perm("egov_analysis.change_analysissettings"),
            under_threshold=representativeness.UNDER,
            **self.keyword_context(),
        )
        return context


class KeywordsRequestView(_ConsultationMixin, TemplateView):
    """Queue the keyword task for a consultation (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        keywords.request_keywords(self.page.pk)
        messages.success(
            request,
            _("The keywords of “%(title)s” are being computed; reload the page in a minute.")
            % {"title": self.page.title},
        )
        return redirect(analysis_url(self.page) + "#keywords")


class ReportView(_ConsultationMixin, TemplateView):
    """The report workbook (.xlsx), one sheet per breakdown; every download is audited."""

    def get(self, request, *args, **kwargs):
        keyword_rows = keywords.keyword_table(self.page.pk)
        name = f"analysis-{self.page.pk}-{datetime.date.today():%Y%m%d}.xlsx"
        audit.record(
            request,
            audit.Action.EXPORT,
            obj=self.page,
            summary=_("Analysis report: %(title)s") % {"title": self.page.title},
            data={
                "format": "xlsx",
                "file": name,
                "opinions": self.breakdowns[0].total,
                "reference": self.comparison.reference_value,
            },
        )
        output = write_report(self.page, self.breakdowns, self.comparison, keyword_rows)
        return FileResponse(output, as_attachment=True, filename=name)


class TrendsView(_AnalysisMixin, TemplateView):
    """Participation across consultations, by year, neighbourhood and age band."""

    template_name = "egov_analysis/trends.html"
    page_title = _("Participation trends")

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per_year, details = trends.per_year()
        context.update(
            year_chart=charts.bar_chart(per_year, label_width=70),
            years=details,
            matrices=[trends.by_region(), trends.by_age_band()],
        )
        return context


class PopulationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: 주민등록 인구 2025년 6월"),
    )
    reference_date = forms.DateField(label=_("Reference date"), required=False)
    file = forms.FileField(
        label=_("Table (.csv or .xlsx)"),
        help_text=_(
            "First row: 동, 연령대 (or 연령), 성별, 인구수. One row per neighbourhood, age "
            "(band) and sex; single ages are summed into bands."
        ),
    )


class PopulationListView(_AnalysisMixin, TemplateView):
    """The uploaded reference populations, and the upload form."""

    template_name = "egov_analysis/populations.html"
    page_title = _("Reference populations")
    extra_permissions = ("egov_analysis.view_referencepopulation",)

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["populations"] = ReferencePopulation.objects.all()
        user = self.request.user
        context["can_add"] = user.has_perm("egov_analysis.add_referencepopulation")
        context["can_delete"] = user.has_perm("egov_analysis.delete_referencepopulation")
        if context["can_add"] and "form" not in context:
            context["form"] = PopulationForm()
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("egov_analysis.add_referencepopulation"):
            raise PermissionDenied
        form = PopulationForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                cells = read_population(upload.read(), upload.name)
            except PopulationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                population = store_population(
                    cells,
                    name=form.cleaned_data["name"],
                    reference_date=form.cleaned_data["reference_date"],
                    source_file=upload.name,
                    user=request.user,
                )
                messages.success(
                    request,
                    _("Stored “%(name)s”: %(total)d people in %(cells)d cells.")
                    % {"name": population.name, "total": population.total, "cells": len(cells)},
                )
                return redirect(f"{NAMESPACE}:populations")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PopulationDeleteView(_AnalysisMixin, TemplateView):
    """Delete an uploaded reference population (POST only)."""

    http_method_names = ["post"]
    extra_permissions = ("egov_analysis.delete_referencepopulation",)

    def post(self, request, *args, pk, **kwargs):
        population = get_object_or_404(ReferencePopulation, pk=pk)
        name = population.name
        population.delete()
        messages.success(request, _("Deleted “%(name)s”.") % {"name": name})
        return redirect(f"{NAMESPACE}:populations")
