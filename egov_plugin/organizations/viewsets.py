"""Admin screens of the organizations app, inside the "e-거버넌스" menu group."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from egov_plugin.core.listings import YesNoColumn
from egov_plugin.core.menu import ORGANIZATIONS, menu_hook_for
from egov_plugin.people.memberships import MemberViewSet
from egov_plugin.people.viewsets import BodyCategoryViewSet

from . import views
from .models import Activity, Organization, OrganizationKind, OrganizationMembership


def _yes_no(field_name):
    # 예 / 아니요 rather than "True" / "False" (Wagtail shows a boolean field's str()).
    field = Organization._meta.get_field(field_name)
    return YesNoColumn(field_name, label=field.verbose_name, sort_key=field_name)


class OrganizationViewSet(SnippetViewSet):
    """Organizations (snippets), their members inline."""

    model = Organization
    icon = "globe"
    menu_label = _("Organizations")
    menu_order = 300
    menu_hook = menu_hook_for(ORGANIZATIONS)
    url_prefix = "egov/organizations"
    index_view_class = views.OrganizationIndexView
    list_display = [
        "name",
        "kind",
        "region",
        Column(
            "member_count", label=pgettext_lazy("organization", "Members"), sort_key="member_count"
        ),
        _yes_no("is_active"),
    ]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name", "description"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["name", "kind", "region", "description", "contact", "is_active"]


class OrganizationKindViewSet(BodyCategoryViewSet):
    """Kinds of organization (주민자치회, 통장협의회 …), an editable list."""

    model = OrganizationKind
    menu_label = _("Kinds of organization")
    menu_order = 930
    menu_hook = menu_hook_for(ORGANIZATIONS)
    url_prefix = "egov/organization-kinds"


class OrganizationMemberViewSet(MemberViewSet):
    """One listing of all organization members: look-up by name, e-mail or mobile, export."""

    model = OrganizationMembership
    menu_label = _("Organization members")
    menu_order = 310
    menu_hook = menu_hook_for(ORGANIZATIONS)
    name = "egov_organization_members"
    url_prefix = "egov/organization-members"
    index_view_class = views.OrganizationMemberIndexView
    export_view_class = views.OrganizationMemberExportView


class ActivityViewSet(SnippetViewSet):
    """Activities with photos: listed by organization, period and content."""

    model = Activity
    icon = "calendar-check"
    menu_label = _("Activities")
    menu_order = 320
    menu_hook = menu_hook_for(ORGANIZATIONS)
    url_prefix = "egov/activities"
    index_view_class = views.ActivityIndexView
    add_view_class = views.ActivityCreateView
    list_per_page = 50
    copy_view_enabled = False
    # A read-only page for those who may only look (정책 담당); participants' names stay out.
    inspect_view_enabled = True
    inspect_view_fields = [
        "organization", "start_date", "end_date", "title", "description", "place",
        "participant_count",
    ]  # fmt: skip
