"""Listing columns that mask personal data for users without the permission to see it."""

from wagtail.admin.ui.tables import Column, TitleColumn


class MaskedMixin:
    """Masks the cell value with ``mask`` unless ``can_view(request.user)`` is true, or, for
    a decision per row, unless ``visible(instance)`` is true."""

    def __init__(self, *args, mask, can_view=None, visible=None, **kwargs):
        if (can_view is None) == (visible is None):
            raise TypeError("Give one of can_view and visible.")
        self.mask = mask
        self.can_view = can_view
        self.visible = visible
        super().__init__(*args, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if self.visible is not None:
            shown = self.visible(instance)
        else:
            shown = self.can_view(getattr(parent_context.get("request"), "user", None))
        if not shown:
            context["value"] = self.mask(context["raw_value"] or "")
        return context


class MaskedColumn(MaskedMixin, Column):
    """A plain column whose value is masked for users without permission."""


class MaskedTitleColumn(MaskedMixin, TitleColumn):
    """The linked title column, masked for users without permission."""


class GroupBadgesColumn(Column):
    """Badges for each registered group the person belongs to (needs ``with_groups()``)."""

    cell_template_name = "egov_people/cells/group_badges.html"

    def __init__(self, name, groups, **kwargs):
        self.groups = groups
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["badges"] = [g.label for g in self.groups if getattr(instance, g.annotation, False)]
        return context
