"""Finding the site's live privacy policy page, for the link every resident page carries."""

from wagtail.models import Site

_CACHE_ATTR = "_egov_privacy_policy_url"


def privacy_policy_url(request):
    """The URL of the live, public :class:`PrivacyPolicyPage` of ``request``'s site, or ``""``.

    One query per request (the answer is kept on the request): every page's footer asks.
    """
    if request is not None and hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    from .policy import PrivacyPolicyPage

    site = Site.find_for_request(request) if request is not None else None
    pages = PrivacyPolicyPage.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    page = pages.order_by("path").first()
    url = page.get_url(request) if page is not None else ""
    url = url or ""
    if request is not None:
        setattr(request, _CACHE_ATTR, url)
    return url
