"""Share links that carry their ``?ch=`` tag, and QR codes for posters (segno)."""

import io
from urllib.parse import quote

import segno

from .channels import SHARE_TARGETS


def tagged_url(page, request, tag):
    """The page's full URL with ``?ch=<tag>``."""
    return f"{page.get_full_url(request)}?ch={tag}"


def share_links(page, request):
    """``[{"tag", "label", "href", "url"}]`` for each share target; ``href`` is ``None`` for
    "copy link", which the template offers as the tagged URL to copy."""
    links = []
    # Once, and cached on the page like the template's {{ page.full_url }}: each look-up of
    # the site root paths is a round trip to the cache.
    full_url = page.full_url
    for tag, (label, template) in SHARE_TARGETS.items():
        url = f"{full_url}?ch={tag}"
        href = (
            template.format(url=quote(url, safe=""), title=quote(page.title)) if template else None
        )
        links.append({"tag": tag, "label": label, "href": href, "url": url})
    return links


def qr_png(url, scale=8):
    """A PNG of the QR code for ``url`` (error correction M: survives a worn poster)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
