"""The registry's admin screens, inside the "e-거버넌스" menu group."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from egov_plugin.core.menu import REGISTRY, menu_hook_for

from . import views
from .models import Person, Region


class PersonViewSet(ModelViewSet):
    """List, search, inspect, add, edit and delete people."""

    model = Person
    icon = "group"
    menu_label = _("People")
    menu_order = 100
    menu_hook = menu_hook_for(REGISTRY)
    name = "egov_people"
    url_prefix = "egov/people"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    index_view_class = views.PersonIndexView
    inspect_view_class = views.PersonInspectView
    add_view_class = views.PersonCreateView
    edit_view_class = views.PersonEditView
    delete_view_class = views.PersonDeleteView
    form_fields = [
        "name",
        "gender",
        "age_band",
        "birth_year",
        "region",
        "mobile",
        "email",
        "memo",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "paper-consent/<str:pk>/",
                views.PaperConsentView.as_view(),
                name="paper_consent",
            ),
        ]


class RegionViewSet(ModelViewSet):
    """The district's neighbourhoods (행정동)."""

    model = Region
    icon = "site"
    menu_label = _("Neighbourhoods")
    menu_order = 900
    menu_hook = menu_hook_for(REGISTRY)
    name = "egov_regions"
    url_prefix = "egov/regions"
    list_display = ["name", "official_name", "short_name", "code"]
    form_fields = ["name", "official_name", "short_name", "code", "sort_order"]
    copy_view_enabled = False


class BodyCategoryViewSet(SnippetViewSet):
    """The editable list of a kind of body's categories (a committee's field of expertise, a
    kind of organization): name and order. Subclasses set ``model``, the menu and the URL."""

    icon = "tag"
    list_display = ["name", "sort_order"]
    copy_view_enabled = False
