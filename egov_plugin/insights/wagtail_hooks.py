"""The dashboard as the first item of the "e-거버넌스" menu group, and its URLs."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from egov_plugin.core.menu import OUTREACH, REGISTRY, menu_hook_for

from . import audience_views, views
from .exports import PeopleExportView
from .permissions import can_use_insights


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_insights(request.user)


class InsightsViewSet(ViewSet):
    """Dashboard and cross-search, person page, export of people, saved audiences."""

    name = "egov_insights"
    url_prefix = "egov/dashboard"
    icon = "home"
    menu_label = _("Dashboard")
    # First in the group: the screen staff start their day on.
    menu_order = 10
    menu_hook = menu_hook_for(REGISTRY)
    menu_item_class = InsightsMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.InsightsIndexView.as_view(), name="index"),
            path("people/<int:pk>/", views.PersonView.as_view(), name="person"),
            path("export/", PeopleExportView.as_view(), name="export"),
            path("audience/", views.SaveAudienceView.as_view(), name="save_audience"),
            path("audiences/", audience_views.AudienceIndexView.as_view(), name="audiences"),
            path(
                "audiences/<int:pk>/",
                audience_views.AudienceDetailView.as_view(),
                name="audience",
            ),
            path(
                "audiences/<int:pk>/delete/",
                audience_views.AudienceDeleteView.as_view(),
                name="delete_audience",
            ),
        ]


class AudiencesMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return can_use_insights(user) and user.has_perm(audience_views.VIEW_AUDIENCES)


@hooks.register(menu_hook_for(OUTREACH))
def register_audiences_menu_item():
    return AudiencesMenuItem(
        _("Saved audiences"),
        reverse_lazy("egov_insights:audiences"),
        name="egov-saved-audiences",
        icon_name="group",
        order=11,
    )


@hooks.register("register_admin_viewset")
def register_insights():
    return InsightsViewSet()
