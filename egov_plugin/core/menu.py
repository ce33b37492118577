"""The one "e-거버넌스" admin menu group that every egov app adds its screens to.

An app puts a viewset in the group by setting ``menu_hook = EGOV_MENU_HOOK`` on it, or adds a
plain menu item with ``@hooks.register(EGOV_MENU_HOOK)``.
"""

from wagtail.admin.viewsets.base import ViewSetGroup

from .conf import egov_settings

EGOV_MENU_HOOK = "register_egov_menu_item"


class EgovMenuGroup(ViewSetGroup):
    """The "e-거버넌스" group in Wagtail's main menu."""

    menu_icon = "group"
    menu_order = 150
    menu_name = "egov"
    submenu_hook = EGOV_MENU_HOOK

    @property
    def menu_label(self):
        return egov_settings.MENU_LABEL
