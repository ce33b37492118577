"""What each recipient receives: merge fields filled in, prefix, footers and e-mail headers."""

import re

from django.core import signing
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from egov_plugin.core.public_url import public_url

from . import rules, shortlinks
from .conf import app_settings

_UNSUBSCRIBE_SALT = "egov_outreach.unsubscribe"
_CONSENT_SALT = "egov_outreach.consent"
#: A delivery id as long as any a district will reach, for length checks and previews.
SAMPLE_DELIVERY_ID = 10**9


def campaign_link(campaign, channel="sms"):
    """``{link}``: the linked page on the public base URL with the campaign's ``?ch=`` tag
    (empty without a page). By SMS it is the short ``/s/<code>`` link that redirects there,
    when the site routes short links; e-mail shows the full address."""
    if campaign.page_id is None:
        return ""
    parts = campaign.page.specific_deferred.get_url_parts()
    if not parts or not parts[2]:
        return ""
    target = f"{parts[2]}?ch={campaign.tag}"
    if channel == "sms" and shortlinks.configured():
        return shortlinks.short_link(campaign, target)
    return public_url(target)


def consent_token(delivery_id):
    """The signed, dated token of a delivery's consent-renewal link (short enough for SMS)."""
    signer = signing.TimestampSigner(salt=_CONSENT_SALT)
    return signer.sign(signing.b62_encode(delivery_id))


def read_consent_token(token):
    """The delivery id; raises ``SignatureExpired`` after ``OUTREACH_CONSENT_LINK_DAYS`` and
    ``BadSignature`` for a forged or broken link."""
    signer = signing.TimestampSigner(salt=_CONSENT_SALT)
    value = signer.unsign(token, max_age=app_settings.OUTREACH_CONSENT_LINK_DAYS * 86400)
    return signing.b62_decode(value)


def consent_url(delivery_id, *, base=None):
    """Absolute address of the resident's consent page for one delivery (on the public base
    URL; ``base`` saves its look-up when building a batch of them)."""
    path = reverse("egov_outreach:consent", args=[consent_token(delivery_id)])
    return public_url(path, base=base)


def sample_link(campaign, channel="sms"):
    """The ``{link}`` used to preview and measure the message before anyone is frozen."""
    if campaign.kind == campaign.Kind.CONSENT_RENEWAL:
        return consent_url(SAMPLE_DELIVERY_ID) if consent_configured() else ""
    return campaign_link(campaign, channel)


def link_for(campaign, delivery, shared_link, *, base=None):
    """``{link}`` of one delivery: a personal consent page for a renewal, else the shared link."""
    if campaign.kind == campaign.Kind.CONSENT_RENEWAL:
        return consent_url(delivery.pk, base=base)
    return shared_link


_MERGE_FIELD = re.compile(r"\{(name|region|link)\}")
_PROVIDER_FIELD = re.compile(r"##(\w+)##")


def fill(template, *, name, region, link):
    """Replace the merge fields; other braces are left as typed.

    One pass over the staff's template: a value is never read as a template again, so a
    resident registered as ``{link}`` or ``{region}`` is greeted by that text, not by the link
    (KISA 코드 인젝션). No ``str.format``: ``{name.__class__}`` stays as typed.
    """
    values = {"name": name, "region": region, "link": link}
    return _MERGE_FIELD.sub(lambda match: values[match[1]], template)


def merge_values(person, link):
    region = person.region.name if person.region_id else ""
    return {"name": person.name, "region": region, "link": link}


MERGE_FIELDS = ("name", "region", "link")


def sms_template(campaign):
    """``(template, fields)``: the campaign's SMS with ``##field##`` placeholders, and the merge
    fields it uses; ``("", ())`` when it uses none (every recipient reads the same text)."""
    used = tuple(name for name in MERGE_FIELDS if "{" + name + "}" in campaign.message)
    if not used:
        return "", ()
    marked = fill(campaign.message, name="##name##", region="##region##", link="##link##")
    return rules.sms_text(marked, advertising=campaign.advertising), used


def template_fields(used, person, link):
    """The values of the merge fields ``used``, for one recipient."""
    values = merge_values(person, link)
    return {name: values[name] for name in used}


def fill_template(template, fields):
    """What a provider makes of ``template`` and ``fields`` (``##key##`` → value)."""
    # One pass, as the provider does: a value holding "##link##" is not a placeholder.
    return _PROVIDER_FIELD.sub(lambda match: fields.get(match[1], match[0]), template)


def render_sms(campaign, person, link):
    """``(text, title)`` of the SMS for ``person``: the title only when it goes as LMS."""
    text = rules.sms_text(
        fill(campaign.message, **merge_values(person, link)), advertising=campaign.advertising
    )
    title = campaign.sms_title if rules.message_type(text) == rules.LMS else ""
    return text, title


def unsubscribe_token(person_id, channel):
    return signing.dumps({"p": person_id, "c": channel}, salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(person_id, channel)``; raises ``signing.BadSignature`` for a forged or broken link."""
    data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    return data["p"], data["c"]


def unsubscribe_url(person_id, channel, *, base=None):
    """Absolute one-click unsubscribe URL, on the public base URL."""
    path = reverse("egov_outreach:unsubscribe", args=[unsubscribe_token(person_id, channel)])
    return public_url(path, base=base)


def unsubscribe_configured():
    try:
        reverse("egov_outreach:unsubscribe", args=["x"])
    except NoReverseMatch:
        return False
    return True


def consent_configured():
    try:
        reverse("egov_outreach:consent", args=["x"])
    except NoReverseMatch:
        return False
    return True


def render_email(campaign, person, link, connection=None, *, base=None):
    """The campaign e-mail for ``person``, with a one-click unsubscribe link and headers."""
    from .models import Channel

    url = unsubscribe_url(person.pk, Channel.EMAIL, base=base)
    body = fill(campaign.message, **merge_values(person, link))
    subject = campaign.email_subject or campaign.name
    if campaign.advertising:
        subject = f"{rules.AD_PREFIX} {subject}"
    footer = _("To stop receiving these e-mails, open: %(url)s") % {"url": url}
    return EmailMessage(
        subject=subject,
        body=f"{body}\n\n--\n{footer}\n",
        from_email=app_settings.OUTREACH_FROM_EMAIL or None,
        to=[person.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
