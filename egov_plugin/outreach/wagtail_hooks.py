"""Registers the campaigns screens in the "e-거버넌스" menu group."""

from wagtail import hooks

from .viewsets import CampaignViewSet


@hooks.register("register_admin_viewset")
def register_campaigns():
    return CampaignViewSet("egov_outreach_campaigns")
