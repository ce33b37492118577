"""The dashboard as the first item of the "e-거버넌스" menu group, and its URLs."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from egov_plugin.core.menu import EGOV_MENU_HOOK

from . import views
from .exports import PeopleExportView
from .permissions import can_use_insights


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_insights(request.user)


class InsightsViewSet(ViewSet):
    """Dashboard and cross-search, person page, export of people, saving an audience."""

    name = "egov_insights"
    url_prefix = "egov/dashboard"
    icon = "home"
    menu_label = _("Dashboard")
    # First in the group: the screen staff start their day on.
    menu_order = 10
    menu_hook = EGOV_MENU_HOOK
    menu_item_class = InsightsMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.InsightsIndexView.as_view(), name="index"),
            path("people/<int:pk>/", views.PersonView.as_view(), name="person"),
            path("export/", PeopleExportView.as_view(), name="export"),
            path("audience/", views.SaveAudienceView.as_view(), name="save_audience"),
        ]


@hooks.register("register_admin_viewset")
def register_insights():
    return InsightsViewSet()
