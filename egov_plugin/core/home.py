"""Start pages by role: panels on the Wagtail admin home (대시보드) for each staff role's work.

Each app adds the panel of its work from its own ``wagtail_hooks.py``::

    @hooks.register("construct_homepage_panels")
    def add_panel(request, panels):
        panels.insert(0, MyOrganizationsPanel())

A :class:`RolePanel` is shown to the users in its ``role`` (and to superusers when the panel
says ``for_superusers``): a 단체 담당 lands on their organizations, a 정책 담당 on open
consultations and the opinions waiting for them, a 관리자 on the month's access-record review.
Wagtail's own panels (pages awaiting moderation, recent edits) stay below.
"""

from wagtail.admin.ui.components import Component

from .menu import user_roles


class RolePanel(Component):
    """A home-page panel for one staff role; subclasses give ``title``, ``rows`` and links.

    ``get_rows(request)`` returns dicts with ``label``, ``url`` and an optional ``meta`` (a
    short count or date shown after the label); ``links`` are ``(label, url)`` pairs shown as
    buttons under the list.
    """

    template_name = "egov_core/home/role_panel.html"
    role = None
    for_superusers = False
    title = ""
    empty_text = ""
    order = 50

    def __init__(self, request):
        self.request = request

    @property
    def name(self):
        return type(self).__name__.lower()

    def is_shown(self):
        user = self.request.user
        if user.is_superuser and self.for_superusers:
            return True
        return self.role in user_roles(user)

    def get_rows(self, request):
        return []

    def get_links(self, request):
        return []

    def get_intro(self, request):
        return ""

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        return {
            "panel": self,
            "intro": self.get_intro(self.request),
            "rows": self.get_rows(self.request),
            "links": self.get_links(self.request),
        }


def add_role_panel(panel_class):
    """A ``construct_homepage_panels`` hook that puts the panel first when it is shown."""

    def hook(request, panels):
        panel = panel_class(request)
        if panel.is_shown():
            panels.insert(0, panel)

    return hook
