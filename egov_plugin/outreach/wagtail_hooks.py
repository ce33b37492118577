"""Registers the campaigns screens in the "e-거버넌스" menu group, the consent-age block of
the insights person page, and the campaigns that send to a saved audience."""

from django.utils.translation import gettext as _
from wagtail import hooks

from egov_plugin.people.audiences.saved import USES_HOOK, AudienceUse
from egov_plugin.people.conf import app_settings as people_settings
from egov_plugin.people.consent import consent_ages
from egov_plugin.people.models import ConsentRecord

from .models import Campaign
from .panels import ApprovalPanel
from .viewsets import CampaignViewSet


@hooks.register("register_admin_viewset")
def register_campaigns():
    return CampaignViewSet("egov_outreach_campaigns")


@hooks.register("construct_homepage_panels")
def add_approval_panel(request, panels):
    """Campaigns awaiting the user's approval, or their own waiting (shown only when any)."""
    if request.user.has_perm("egov_outreach.view_campaign") or request.user.has_perm(
        "egov_outreach.approve_campaign"
    ):
        panels.append(ApprovalPanel())


@hooks.register("egov_insights_person_sections")
def consent_age_section(person, request):
    """When the person's SMS and e-mail consent was given, flagged when it is old."""
    rows = []
    for channel, given, stale in consent_ages(person):
        label = ConsentRecord.Channel(channel).label
        row = _("%(channel)s: consent given %(date)s") % {
            "channel": label,
            "date": given.strftime("%Y-%m-%d"),
        }
        if stale:
            row += " — " + _(
                "older than %(years)d years: ask to renew (a consent renewal campaign)"
            ) % {"years": people_settings.CONSENT_RENEWAL_YEARS}
        rows.append(row)
    return (_("Age of consent"), rows) if rows else None


@hooks.register(USES_HOOK)
def campaigns_sending_to(audience):
    """The campaigns that send to a saved audience, newest first; one that is not done or
    cancelled still reads it, so the audience is not deleted under it."""
    finished = (Campaign.Status.DONE, Campaign.Status.CANCELLED)
    return [
        AudienceUse(
            name=campaign.name,
            status=campaign.get_status_display(),
            blocks_deletion=campaign.status not in finished,
        )
        for campaign in Campaign.objects.filter(saved_audience_id=audience.pk).order_by("-pk")
    ]
