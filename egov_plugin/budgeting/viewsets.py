"""Admin screens of the budgeting app, in the "e-거버넌스" menu group."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from egov_plugin.core.listings import AbsoluteUpdatedAtColumn
from egov_plugin.core.menu import BUDGETING, menu_hook_for

from . import admin_views
from .models import PaperTally


class BallotViewersMenuItem(MenuItem):
    """Shown to staff who may see ballots (and so the results)."""

    def is_shown(self, request):
        return request.user.has_perm("egov_budgeting.view_ballot")


class BudgetVoteAdminViewSet(ViewSet):
    """Votes, their results (with the audited export), fraud signals and paper-ballot upload."""

    name = admin_views.URL_NAMESPACE
    url_prefix = "egov/budget-votes"
    icon = "tasks"
    menu_label = _("Budget votes")
    menu_order = 400
    menu_hook = menu_hook_for(BUDGETING)
    menu_item_class = BallotViewersMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.VoteIndexView.as_view(), name="index"),
            path("<int:page_id>/", admin_views.ResultsView.as_view(), name="results"),
            path(
                "<int:page_id>/export/",
                admin_views.ResultsExportView.as_view(index_url_name=f"{self.name}:index"),
                name="export",
            ),
            path("<int:page_id>/signals/", admin_views.SignalsView.as_view(), name="signals"),
            path(
                "<int:page_id>/paper/upload/",
                admin_views.PaperUploadView.as_view(),
                name="paper_upload",
            ),
            path(
                "<int:page_id>/paper/template/",
                admin_views.PaperTemplateView.as_view(),
                name="paper_template",
            ),
        ]


class PaperTallyViewSet(ModelViewSet):
    """Paper-ballot counts per vote and neighbourhood, typed in one by one."""

    model = PaperTally
    icon = "doc-full"
    menu_label = _("Paper ballots")
    menu_order = 410
    menu_hook = menu_hook_for(BUDGETING)
    name = "egov_paper_ballots"
    url_prefix = "egov/paper-ballots"
    copy_view_enabled = False
    list_filter = ["page", "region"]
    search_backend_name = None

    list_display = [
        "page",
        "region",
        Column("voters", label=_("Paper ballots"), sort_key="voters"),
        AbsoluteUpdatedAtColumn(),
    ]
