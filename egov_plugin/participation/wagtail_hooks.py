"""Participation answers the lower apps' question "where is 내 참여?" (core.resident_links)."""

from django.urls import NoReverseMatch, reverse
from wagtail import hooks

from egov_plugin.core.resident_links import MY_PARTICIPATION_URL_HOOK

from .proof import link_url


@hooks.register(MY_PARTICIPATION_URL_HOOK)
def my_participation_url(request, opinion):
    """내 참여's address, or the resident's personal link for ``opinion``."""
    if opinion is not None:
        return link_url(request, opinion)
    try:
        return reverse("egov_participation:mine")
    except NoReverseMatch:
        # The site has not mounted participation's URLs.
        return ""
