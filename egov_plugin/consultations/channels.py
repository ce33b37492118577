"""Which channel an opinion came through: a ``?ch=`` tag on shared links, else the device.

Social media only promote a consultation; the opinion is always given on our own pages, and
the tag on the link it followed says where the resident came from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Every way an opinion reaches the district (``Opinion.channel``)."""

    HOMEPAGE = "homepage", _("Homepage")
    MOBILE = "mobile", _("Mobile web")
    SOCIAL = "social", _("Social media")
    EMAIL = "email", _("E-mail")
    IMPORT = "import", _("Import")
    OFFLINE = "offline", _("Offline")
    EXPERT_REVIEW = "expert_review", _("Expert review")


#: Share targets: tag → (label, share URL template or None for "copy link").
SHARE_TARGETS = {
    "facebook": (_("Facebook"), "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "x": (_("X (Twitter)"), "https://twitter.com/intent/tweet?url={url}&text={title}"),
    "naver_blog": (_("Naver Blog"), "https://blog.naver.com/openapi/share?url={url}&title={title}"),
    "band": (_("Band"), "https://band.us/plugin/share?body={title}%20{url}"),
    "kakaostory": (_("KakaoStory"), "https://story.kakao.com/share?url={url}"),
    "link": (_("Copy link"), None),
}
#: Social media shared through a button rather than a link (the KakaoTalk SDK's share).
SOCIAL_TAGS = {"kakaotalk"}
#: Tags that are not social media but still worth telling apart (posters, campaigns).
OTHER_TAGS = {"qr": Channel.OFFLINE}

#: Tags that are not share targets, as staff read them (a campaign's tag is numbered).
_OTHER_TAG_LABELS = {
    "kakaotalk": _("KakaoTalk"),
    "qr": _("QR code"),
    "mail": _("Department mailbox"),
}


def detail_label(tag):
    """A channel tag (``Opinion.channel_detail``) as staff read it: 밴드 for ``band``, 발송 12번
    for ``campaign-12``; a tag this module does not know is shown as it was stored."""
    if tag in SHARE_TARGETS:
        return SHARE_TARGETS[tag][0]
    if tag in _OTHER_TAG_LABELS:
        return _OTHER_TAG_LABELS[tag]
    prefix, _dash, number = tag.partition("-")
    if prefix == "campaign" and number.isdigit():
        return _("Campaign no. %(number)s") % {"number": number}
    return tag


_MOBILE_MARKERS = (
    "Mobi",
    "Android",
    "iPhone",
    "iPad",
    "SamsungBrowser",
    "KAKAOTALK",
    "NAVER(inapp",
)


def is_mobile(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    return any(marker in agent for marker in _MOBILE_MARKERS)


def clean_tag(value):
    """A channel tag as we store it: letters, digits, ``-`` and ``_``, at most 50 characters."""
    tag = "".join(ch for ch in (value or "").strip().lower() if ch.isalnum() or ch in "-_")
    return tag[:50]


def channel_for(request, tag=""):
    """``(channel, detail)`` for an opinion given in this request after following ``tag``."""
    tag = clean_tag(tag)
    if tag in SHARE_TARGETS or tag in SOCIAL_TAGS:
        return Channel.SOCIAL, tag
    base = tag.split("-", 1)[0]
    if base in OTHER_TAGS:
        return OTHER_TAGS[base], tag
    device = Channel.MOBILE if is_mobile(request) else Channel.HOMEPAGE
    # Unknown tags (a campaign's, for instance) are kept as the detail for later analysis.
    return device, tag
