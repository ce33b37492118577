"""``{% egov_privacy_policy_url as url %}``: the address of the site's live 개인정보 처리방침."""

from django import template

from ..policy_links import privacy_policy_url

register = template.Library()


@register.simple_tag(takes_context=True)
def egov_privacy_policy_url(context):
    """The live privacy policy page of the request's site, or ``""`` (for the footer link)."""
    return privacy_policy_url(context.get("request"))
