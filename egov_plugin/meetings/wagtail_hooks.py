from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from egov_plugin.core.menu import menu_hook_for
from egov_plugin.people.body_kinds import body_kind_for, get_body_kinds

from .viewsets import MeetingViewSet

register_snippet(MeetingViewSet)

MEETINGS = "wagtailsnippets_egov_meetings_meeting"


@hooks.register("register_snippet_listing_buttons")
def body_meeting_buttons(snippet, user, next_url=None):
    """Rows of every kind of body link to its meetings and to recording one."""
    kind = body_kind_for(snippet)
    if kind is None:
        return []
    query = f"?{kind.key}={snippet.pk}"
    buttons = []
    if user.has_perm("egov_meetings.view_meeting"):
        buttons.append(
            Button(_("Meetings"), url=reverse(f"{MEETINGS}:list") + query,
                   icon_name="clipboard-list", priority=43)
        )  # fmt: skip
    if user.has_perm("egov_meetings.add_meeting"):
        buttons.append(
            Button(_("Record a meeting"), url=reverse(f"{MEETINGS}:add") + query,
                   icon_name="plus", priority=44)
        )  # fmt: skip
    return buttons


class _KindMeetingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("egov_meetings.view_meeting")


def _kind_meetings_label(kind):
    return pgettext("menu", "%(kind)s meetings") % {
        "kind": capfirst(kind.model_class._meta.verbose_name)
    }


_kind_meetings_label_lazy = lazy(_kind_meetings_label, str)


def _kind_menu_item(kind):
    def menu_item():
        label = _kind_meetings_label_lazy(kind)  # in the language of each request
        url = reverse(f"{MEETINGS}:list") + f"?body_type={kind.key}"
        return _KindMeetingsMenuItem(label, url, icon_name="clipboard-list", order=230)

    return menu_item


# A kind of body with its own menu area (committees: 위원회) shows its meetings there too, so
# that its staff keep minutes without going through another area.
for _kind in get_body_kinds():
    if _kind.menu_area:
        hooks.register(menu_hook_for(_kind.menu_area), _kind_menu_item(_kind))


@hooks.register("egov_demo_data", order=30)
def demo_meetings(*, scale, rng, stdout):
    from .demo import create_meetings

    create_meetings(scale=scale, rng=rng, stdout=stdout)
