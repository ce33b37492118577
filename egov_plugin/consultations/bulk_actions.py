"""Bulk actions on the opinion listing: approve, and hide with one reason for all.

The changes go through :mod:`egov_plugin.consultations.moderation`, so each opinion changed
gets its own audit event, exactly as when it is moderated alone.
"""

from django.shortcuts import get_list_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from . import moderation
from .admin_forms import HideForm
from .filters import opinion_queryset
from .models import Opinion


class OpinionBulkAction(SnippetBulkAction):
    """Base for bulk actions on opinions: needs the "change" permission."""

    models = [Opinion]

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.select_related("page"), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" acts on what the listing showed: its filters and search come along in
        # the query string.
        return opinion_queryset(self.request).values_list("pk", flat=True)

    def check_perm(self, opinion):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", opinion
        )

    def get_execution_context(self):
        return {**super().get_execution_context(), "request": self.request}


class ApproveBulkAction(OpinionBulkAction):
    """Publish the selected opinions that wait for review or were hidden."""

    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected opinions")
    template_name = "egov_consultations/admin/bulk_actions/confirm_approve.html"
    action_priority = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unchanged"] = [
            item for item in context["items"] if not moderation.can_approve(item["item"])
        ]
        return context

    @classmethod
    def execute_action(cls, objects, request=None, **kwargs):
        return len(moderation.approve(objects, request=request)), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d opinion was approved and published.",
            "%(count)d opinions were approved and published.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class HideBulkAction(OpinionBulkAction):
    """Hide the selected opinions from the public page; the reason is asked once."""

    display_name = _("Hide")
    action_type = "hide"
    aria_label = _("Hide the selected opinions")
    template_name = "egov_consultations/admin/bulk_actions/confirm_hide.html"
    action_priority = 20
    form_class = HideForm

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def execute_action(cls, objects, request=None, reason="", **kwargs):
        return len(moderation.hide(objects, reason, request=request)), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d opinion was hidden.",
            "%(count)d opinions were hidden.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
