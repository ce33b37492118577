"""Share links that carry their ``?ch=`` tag, and QR codes for posters (segno).

Every address is the page's on the public base URL (:mod:`egov_plugin.core.public_url`), not
the host the visitor's browser used: a poster printed from an intranet screen must still work.
"""

import io
from urllib.parse import quote

import segno

from egov_plugin.core.public_url import page_url

from .channels import SHARE_TARGETS
from .conf import app_settings


def tagged_url(page, tag):
    """The page's public URL with ``?ch=<tag>``."""
    return f"{page_url(page)}?ch={tag}"


def share_links(page, full_url=None):
    """``[{"tag", "label", "href", "url"}]`` for each share target; ``href`` is ``None`` for
    "copy link", which the template offers as the tagged URL to copy. ``full_url`` is the
    page's public URL when the caller has it already."""
    links = []
    full_url = full_url or page_url(page)
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


def kakao_share(page):
    """What the KakaoTalk share button needs, or ``None`` when the site set no app key.

    ``{"key", "sdk_url", "integrity", "origin", "url"}``: the site's JavaScript key (public by
    design; Kakao restricts it to the site's registered domains), the pinned SDK and its SRI
    hash, the SDK's origin (allowed in the page's script-src only then), and the tagged URL.
    """
    from urllib.parse import urlsplit

    key = app_settings.KAKAO_JAVASCRIPT_KEY
    if not key:
        return None
    sdk_url = app_settings.KAKAO_SDK_URL
    parts = urlsplit(sdk_url)
    return {
        "key": key,
        "sdk_url": sdk_url,
        "integrity": app_settings.KAKAO_SDK_INTEGRITY,
        "origin": f"{parts.scheme}://{parts.netloc}",
        "url": tagged_url(page, "kakaotalk"),
    }


def allow_kakao_sdk(response, kakao):
    """Add the Kakao SDK's origin to ``response``'s script-src (django-csp's per-response
    update), only for a page that shows the button."""
    if kakao:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["script-src"] = [*update.get("script-src", []), kakao["origin"]]
        response._csp_update = update
    return response
