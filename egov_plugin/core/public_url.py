"""The public base URL: the one address every absolute link that leaves the site starts with.

Share buttons, the poster QR code, ``og:url``, a campaign's ``{link}`` and its short links,
consent-renewal and unsubscribe links, expert-review invitations and the e-mails that carry
them all call :func:`public_url` (or :func:`page_url` for a page), never
``request.build_absolute_uri`` (the address the *staff member's* browser used, often an
intranet or ``127.0.0.1``) nor ``WAGTAILADMIN_BASE_URL`` (the admin's address).

The base is ``EGOV_PUBLIC_BASE_URL`` when a site sets it, else the default Wagtail ``Site``
record's ``root_url`` (what Wagtail's own ``page.full_url`` uses). ``manage.py
egov_public_url <url>`` writes the ``Site`` record to match, and a system check (egov_core.W010)
says when the two disagree. :func:`reachability` tells whether residents can open the address:
a loopback one (``localhost``, ``127.0.0.1``, ``::1``) stops campaigns from starting, a private
one (``10.x``, ``192.168.x``, a name without a dot) only warns.
"""

import ipaddress
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .conf import egov_settings

#: :func:`reachability` results.
PUBLIC = "public"
PRIVATE = "private"
LOOPBACK = "loopback"


def base_url():
    """The public base URL without a trailing slash (``""`` when no ``Site`` exists yet)."""
    configured = (egov_settings.PUBLIC_BASE_URL or "").strip()
    if configured:
        return configured.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_url.rstrip("/") if site is not None else ""


def public_url(path, *, base=None):
    """The absolute address of ``path`` (a site path such as ``/s/abc``) on the public base.

    ``base`` (from :func:`base_url`) saves the look-up when building many links at once.
    """
    if not path.startswith("/"):
        path = "/" + path
    return (base_url() if base is None else base) + path


def page_url(page):
    """The absolute public address of a Wagtail page (``""`` when it is not routable).

    The page's path inside its site, on the public base URL: the same address whichever host
    the staff member's browser used.
    """
    parts = page.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, page_path = parts
    return public_url(page_path)


def reachability(url=None):
    """``PUBLIC``, ``PRIVATE`` (only inside the office network) or ``LOOPBACK`` (only this
    computer) for ``url`` (default: the public base URL)."""
    host = (urlsplit(base_url() if url is None else url).hostname or "").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(".localhost"):
        return LOOPBACK
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        # A name: one without a dot (``intranet``) or under a private suffix is not in public DNS.
        if "." not in host or host.rsplit(".", 1)[1] in ("local", "lan", "internal", "home"):
            return PRIVATE
        return PUBLIC
    if address.is_loopback or address.is_unspecified:
        return LOOPBACK
    if address.is_private or address.is_link_local or address.is_reserved:
        return PRIVATE
    return PUBLIC


def problem(url=None):
    """``(level, message)`` about the public base URL, or ``None`` when residents can reach it.

    ``level`` is ``LOOPBACK`` (campaigns refuse to start) or ``PRIVATE`` (a warning).
    """
    url = base_url() if url is None else url
    kind = reachability(url)
    if kind == LOOPBACK:
        return kind, _(
            "The public address of the site is %(url)s, which only this computer can open: "
            "every link sent to residents would be dead. Set EGOV_PUBLIC_BASE_URL (or the "
            "default site's host name under Settings → Sites) to the address residents use."
        ) % {"url": url or "—"}
    if kind == PRIVATE:
        return kind, _(
            "The public address of the site is %(url)s, which only computers inside the "
            "office network can open: residents' phones cannot follow its links."
        ) % {"url": url}
    return None
