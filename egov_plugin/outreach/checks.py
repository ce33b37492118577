"""Outreach system checks that read the database (run by ``migrate``, ``check --database``)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .conf import app_settings


@register(Tags.database)
def check_two_approvers(app_configs, databases=None, **kwargs):
    """With approval on, fewer than two people able to approve leaves one's campaigns stuck."""

    from . import approval

    rule_on = (
        app_settings.OUTREACH_APPROVAL_ALL
        or app_settings.OUTREACH_APPROVAL_SMS
        or app_settings.OUTREACH_APPROVAL_OVER is not None
    )
    if not databases or not rule_on:
        return []
    try:
        holders = approval.approvers().count()
    except DatabaseError:
        return []  # before the first migrate
    if holders >= 2:
        return []
    return [
        Warning(
            f"Only {holders} active user(s) may approve outreach campaigns: nobody approves "
            "their own, so a campaign written by one of them can never be sent.",
            hint="Give a second person the permission 'Can approve outreach campaigns' (the "
            "관리자 role has it), or set EGOV_OUTREACH_APPROVER_GROUP to a group with two members.",
            id="egov_outreach.W001",
        )
    ]
