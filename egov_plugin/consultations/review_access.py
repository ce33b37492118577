"""Proving that the browser following an expert's review link is the expert's (a second factor).

A review link alone does not open the closed consultation: whoever holds it — a forwarded mail,
the history of a shared computer, a proxy log — could otherwise read the material and answer in
the expert's name. A browser that follows the link is asked, on a button press (mail scanners
that fetch links press nothing), for a six-digit code sent to the invitee's registered mobile
number by SMS, or to their e-mail address when the registry has no mobile for them. Where it
goes is shown masked. The browser that enters the code is the one admitted: its session is
renewed at that moment and remembers the invitation until it ends. Another browser with the
same link must ask for a code of its own.

Why a code rather than binding the link to the first browser that opens it: experts read mail
on one device and answer on another, and a bound link locks them out until staff reissue it,
while mail scanners "open" links before anyone does.

The code is kept hashed in the session of the browser that asked, so it is useless in any
other browser; it lives ``EGOV_VERIFICATION_CODE_TTL`` seconds and allows
``EGOV_VERIFICATION_MAX_ATTEMPTS`` tries. Asking waits ``EGOV_VERIFICATION_RESEND_SECONDS``
between codes in one browser and is capped per invitation (``EGOV_VERIFICATION_PER_PHONE_PER_HOUR``,
whatever browser asks) and per IP address
(``EGOV_VERIFICATION_PER_IP_PER_HOUR``).
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from egov_plugin.core import sms
from egov_plugin.core.clientip import client_ip
from egov_plugin.core.conf import egov_settings
from egov_plugin.core.ratelimit import over_hourly_limit
from egov_plugin.core.text import mask_email, mask_phone
from egov_plugin.core.verification import MESSAGES

from .review import MAIL_ERRORS

SMS_TEMPLATE = _("[Seongdong-gu] Your code for the expert review is %(code)s.")


class Refused(Exception):
    """A code cannot be sent or is not accepted; ``message`` says why, ``status`` is 4xx/5xx."""

    def __init__(self, message, status=400):
        self.message = message
        self.status = status
        super().__init__(str(message))


def _key(invitation):
    return f"egov_review_code_{invitation.pk}"


def _hash(code, salt):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"review:{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def uses_sms(invitation):
    """Whether the code goes by SMS (the registry has a mobile number for the invitee)."""
    return bool(invitation.person.mobile)


def destination(invitation):
    """Where the code goes, masked, to show the browser that asks."""
    person = invitation.person
    return mask_phone(person.mobile) if uses_sms(invitation) else mask_email(person.email)


def send_code(request, invitation):
    """Send a new code for ``invitation`` and keep its hash in this browser's session."""
    session = request.session
    now = time.time()
    pending = session.get(_key(invitation))
    if pending and now - pending["sent"] < egov_settings.VERIFICATION_RESEND_SECONDS:
        raise Refused(MESSAGES["cooldown"], 429)
    ip = client_ip(request)
    if ip and over_hourly_limit(
        f"egov:review-code:ip:{ip}", egov_settings.VERIFICATION_PER_IP_PER_HOUR
    ):
        raise Refused(MESSAGES["ip_limit"], 429)
    if over_hourly_limit(
        f"egov:review-code:invitation:{invitation.pk}",
        egov_settings.VERIFICATION_PER_PHONE_PER_HOUR,
    ):
        raise Refused(
            _("Too many codes were asked for with this invitation. Please try again later."), 429
        )
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    if not _deliver(invitation, code):
        raise Refused(_("The code could not be sent. Please try again later."), 503)
    session[_key(invitation)] = {
        "salt": salt,
        "hash": _hash(code, salt),
        "sent": now,
        "attempts": 0,
    }


def _deliver(invitation, code):
    person = invitation.person
    # The code reads in the site's language, like the invitation that carried the link.
    with translation.override(settings.LANGUAGE_CODE):
        if uses_sms(invitation):
            text = str(SMS_TEMPLATE) % {"code": code}
            return sms.send_sms(person.mobile, text, reference=f"review:{invitation.pk}").ok
        context = {
            "page": invitation.page.specific,
            "person": person,
            "code": code,
            "minutes": max(1, egov_settings.VERIFICATION_CODE_TTL // 60),
        }
        subject = _("[Seongdong-gu] Your code for the expert review: %(code)s") % {"code": code}
        body = render_to_string("egov_consultations/email/review_code.txt", context)
        try:
            EmailMultiAlternatives(subject=str(subject), body=body, to=[person.email]).send()
        except MAIL_ERRORS:
            return False
        return True


def check_code(request, invitation, code):
    """Accept ``code`` in the browser that asked for it, or raise :class:`Refused`.

    An accepted code is spent; so is one tried too many times.
    """
    session = request.session
    pending = session.get(_key(invitation))
    if not pending:
        raise Refused(MESSAGES["no_code"])
    if time.time() - pending["sent"] > egov_settings.VERIFICATION_CODE_TTL:
        del session[_key(invitation)]
        raise Refused(MESSAGES["expired"])
    if pending["attempts"] >= egov_settings.VERIFICATION_MAX_ATTEMPTS:
        raise Refused(MESSAGES["too_many_attempts"])
    digits = "".join(ch for ch in str(code or "") if ch.isdigit())
    if not hmac.compare_digest(_hash(digits, pending["salt"]), pending["hash"]):
        pending["attempts"] += 1
        session[_key(invitation)] = pending
        raise Refused(MESSAGES["wrong"])
    del session[_key(invitation)]
