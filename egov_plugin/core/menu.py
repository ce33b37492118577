"""The admin menu by 업무 (area of work): 인명부, 위원회, 단체, 의견 수렴, 주민참여예산, 발송, 분석,
개인정보 보호 — one top-level group each, instead of one long "e-거버넌스" list.

An app puts a viewset in an area by setting ``menu_hook = menu_hook_for(REGISTRY)`` (or the
area it belongs to) on it, or adds a plain menu item with ``@hooks.register(menu_hook_for(...))``.
Core never names another app's screens: each app says where its screens go.

An area appears when at least one of its items is shown to the user (each item checks its own
permission) and the area is part of the user's work: a user in one of the package's staff roles
(``egov_plugin.people.roles``) sees the areas of their roles only, so a 단체 담당 does not meet
the vote screens a 정책 담당 may also read. Superusers, and users whose groups are none of the
package's roles (a site's own groups), see every area they have a permission in.

Items registered with the older :data:`EGOV_MENU_HOOK` still appear, in a group labelled
``EGOV_MENU_LABEL``, which is hidden while nothing is registered there.
"""

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from .conf import egov_settings

EGOV_MENU_HOOK = "register_egov_menu_item"

# Role names, as in egov_plugin.people.roles (core may not import people: it is below it).
_ADMINISTRATOR = "관리자"
_POLICY = "정책 담당"
_COMMITTEE = "위원회 담당"
_ORGANIZATION = "단체 담당"
_ALL_ROLES = frozenset({_ADMINISTRATOR, _POLICY, _COMMITTEE, _ORGANIZATION})


@dataclass(frozen=True)
class WorkArea:
    """One 업무 of the admin menu: its label, icon, place and the roles whose work it is."""

    key: str
    label: str
    icon: str
    order: int
    roles: frozenset

    @property
    def hook(self):
        return f"register_egov_{self.key}_menu_item"


REGISTRY = "registry"
COMMITTEES = "committees"
ORGANIZATIONS = "organizations"
CONSULTATIONS = "consultations"
BUDGETING = "budgeting"
OUTREACH = "outreach"
ANALYSIS = "analysis"
PRIVACY = "privacy"

#: The areas, in menu order (just below Wagtail's 페이지, order 100).
WORK_AREAS = {
    area.key: area
    for area in (
        WorkArea(REGISTRY, pgettext_lazy("menu", "Registry"), "user", 110, _ALL_ROLES),
        WorkArea(
            COMMITTEES,
            pgettext_lazy("menu", "Committees"),
            "group",
            120,
            frozenset({_ADMINISTRATOR, _COMMITTEE}),
        ),
        WorkArea(
            ORGANIZATIONS,
            pgettext_lazy("menu", "Organizations"),
            "site",
            130,
            frozenset({_ADMINISTRATOR, _ORGANIZATION}),
        ),
        WorkArea(
            CONSULTATIONS,
            pgettext_lazy("menu", "Consultations"),
            "comment",
            140,
            frozenset({_ADMINISTRATOR, _POLICY}),
        ),
        WorkArea(
            BUDGETING,
            pgettext_lazy("menu", "Participatory budget"),
            "tasks",
            150,
            frozenset({_ADMINISTRATOR, _POLICY}),
        ),
        WorkArea(OUTREACH, pgettext_lazy("menu", "Sending"), "mail", 160, _ALL_ROLES),
        WorkArea(
            ANALYSIS,
            pgettext_lazy("menu", "Analysis"),
            "table",
            170,
            frozenset({_ADMINISTRATOR, _POLICY}),
        ),
        WorkArea(
            PRIVACY,
            pgettext_lazy("menu", "Privacy protection"),
            "lock",
            180,
            frozenset({_ADMINISTRATOR}),
        ),
    )
}


def menu_hook_for(area_key):
    """The hook name whose items (and viewsets with that ``menu_hook``) go in this area."""
    return WORK_AREAS[area_key].hook


def user_roles(user):
    """The package's staff roles the user is in (an empty set for anyone else)."""
    cached = getattr(user, "_egov_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        cached = frozenset(names & _ALL_ROLES)
        user._egov_roles = cached
    return cached


def is_area_for(user, area):
    """Whether the area is part of the user's work (see the module docstring)."""
    if user.is_superuser:
        return True
    roles = user_roles(user)
    return not roles or bool(roles & area.roles)


class WorkAreaMenuItem(SubmenuMenuItem):
    """A work area's top-level menu item: shown for the user's work, when it has items."""

    def __init__(self, area, menu, **kwargs):
        self.area = area
        super().__init__(area.label, menu, **kwargs)

    def is_shown(self, request):
        return is_area_for(request.user, self.area) and super().is_shown(request)


class WorkAreaMenuGroup(ViewSetGroup):
    """The menu group of one :class:`WorkArea`."""

    def __init__(self, area):
        self.area = area
        self.menu_label = area.label
        self.menu_icon = area.icon
        self.menu_order = area.order
        self.menu_name = f"egov-{area.key}"
        self.submenu_hook = area.hook
        super().__init__()

    def get_menu_item(self, order=None):
        return WorkAreaMenuItem(
            self.area,
            Menu(register_hook_name=self.submenu_hook, items=self.get_submenu_items()),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )


class EgovMenuGroup(ViewSetGroup):
    """The "e-거버넌스" group: items registered with :data:`EGOV_MENU_HOOK` (hidden if none)."""

    menu_icon = "group"
    menu_order = 190
    menu_name = "egov"
    submenu_hook = EGOV_MENU_HOOK

    @property
    def menu_label(self):
        return egov_settings.MENU_LABEL


def menu_groups():
    """Every group of the egov menu, for ``register_admin_viewset``."""
    return [WorkAreaMenuGroup(area) for area in WORK_AREAS.values()] + [EgovMenuGroup()]
