"""Dashboard panel of outreach: campaigns awaiting the user's approval, and their own waiting."""

from wagtail.admin.ui.components import Component

from . import approval
from .models import Campaign


class ApprovalPanel(Component):
    """For an approver: the campaigns whose authors asked them. For an author: their campaigns
    still waiting, and a note when nobody else may approve (the campaign would be stuck)."""

    name = "egov_campaign_approval"
    template_name = "egov_outreach/panels/approval.html"
    order = 20

    def get_context_data(self, parent_context=None):
        user = parent_context["request"].user
        waiting_mine = (
            Campaign.objects.filter(
                created_by=user,
                status=Campaign.Status.DRAFT,
                approval_requested_at__isnull=False,
            ).order_by("approval_requested_at")
            if user.has_perm("egov_outreach.change_campaign")
            else Campaign.objects.none()
        )
        can_send = user.has_perm("egov_outreach.add_campaign")
        holders = approval.approvers().count() if can_send else None
        return {
            "awaiting": list(approval.awaiting(user)[:20]),
            "waiting_mine": list(waiting_mine[:20]),
            "too_few": can_send and holders < 2,
            "holders": holders,
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not (context["awaiting"] or context["waiting_mine"] or context["too_few"]):
            return ""
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, context, request=parent_context["request"])
