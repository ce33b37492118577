"""The analysis screens in the "e-거버넌스" menu, and a button on every consultation page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button

from egov_plugin.consultations.models import ConsultationFields
from egov_plugin.core.menu import ANALYSIS, menu_hook_for

from . import views


class AnalysisMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_analyse(request.user)


class AnalysisViewSet(ViewSet):
    """Per-consultation analysis and report, trends, reference populations."""

    name = views.NAMESPACE
    url_prefix = "egov/analysis"
    icon = "table"
    menu_label = _("Opinion analysis")
    menu_order = 320
    menu_hook = menu_hook_for(ANALYSIS)
    menu_item_class = AnalysisMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.ConsultationListView.as_view(), name="index"),
            path("trends/", views.TrendsView.as_view(), name="trends"),
            path("populations/", views.PopulationListView.as_view(), name="populations"),
            path(
                "populations/<int:pk>/delete/",
                views.PopulationDeleteView.as_view(),
                name="population_delete",
            ),
            path("<int:page_id>/", views.ConsultationAnalysisView.as_view(), name="consultation"),
            path("<int:page_id>/report/", views.ReportView.as_view(), name="report"),
            path("<int:page_id>/keywords/", views.KeywordsRequestView.as_view(), name="keywords"),
        ]


@hooks.register("register_admin_viewset")
def register_analysis():
    return AnalysisViewSet()


class TrendsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_analyse(request.user)


@hooks.register(menu_hook_for(ANALYSIS))
def trends_menu_item():
    return TrendsMenuItem(
        _("Participation trends"),
        reverse(f"{views.NAMESPACE}:trends"),
        icon_name="history",
        order=321,
    )


def _analysis_button(page, user, priority):
    if not issubclass(page.specific_class or type(page), ConsultationFields):
        return
    if views.can_analyse(user):
        yield Button(
            _("Analysis"), url=views.analysis_url(page), icon_name="table", priority=priority
        )


@hooks.register("register_page_listing_more_buttons")
def analysis_listing_button(page, user, next_url=None):
    yield from _analysis_button(page, user, priority=47)


@hooks.register("register_page_header_buttons")
def analysis_header_button(page, user, view_name, next_url=None):
    yield from _analysis_button(page, user, priority=57)
