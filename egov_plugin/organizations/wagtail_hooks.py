from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from egov_plugin.committees.models import Committee
from egov_plugin.core.home import add_role_panel
from egov_plugin.core.menu import COMMITTEES, menu_hook_for

from .home_panels import MyOrganizationsPanel
from .viewsets import (
    ActivityViewSet,
    MeetingViewSet,
    OrganizationKindViewSet,
    OrganizationMemberViewSet,
    OrganizationViewSet,
)

register_snippet(OrganizationViewSet)
register_snippet(OrganizationKindViewSet)
register_snippet(ActivityViewSet)
register_snippet(MeetingViewSet)


@hooks.register("register_admin_viewset")
def register_organization_member_lookup():
    return OrganizationMemberViewSet()


class _CommitteeMeetingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("egov_organizations.view_meeting")


@hooks.register(menu_hook_for(COMMITTEES))
def committee_meetings_menu_item():
    """위원회 회의 under 위원회: committee staff keep minutes without going through 단체."""
    url = reverse("wagtailsnippets_egov_organizations_meeting:list") + "?body_type=committee"
    return _CommitteeMeetingsMenuItem(
        pgettext_lazy("menu", "Committee meetings"), url, icon_name="clipboard-list", order=230
    )


@hooks.register("register_snippet_listing_buttons")
def committee_meeting_buttons(snippet, user, next_url=None):
    """Committee rows link to their meetings: the meetings live here, not in committees."""
    if not isinstance(snippet, Committee):
        return []
    query = f"?committee={snippet.pk}"
    meetings = "wagtailsnippets_egov_organizations_meeting"
    buttons = []
    if user.has_perm("egov_organizations.view_meeting"):
        buttons.append(
            Button(_("Meetings"), url=reverse(f"{meetings}:list") + query,
                   icon_name="clipboard-list", priority=40)
        )  # fmt: skip
    if user.has_perm("egov_organizations.add_meeting"):
        buttons.append(
            Button(_("Record a meeting"), url=reverse(f"{meetings}:add") + query,
                   icon_name="plus", priority=41)
        )  # fmt: skip
    return buttons


@hooks.register("egov_demo_data", order=20)
def demo_organizations(*, scale, rng, stdout):
    from .demo import create_organizations

    create_organizations(scale=scale, rng=rng, stdout=stdout)


# The start page of the role whose work this is (egov_plugin.core.home).
hooks.register("construct_homepage_panels", add_role_panel(MyOrganizationsPanel))
