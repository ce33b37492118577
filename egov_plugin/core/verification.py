"""Proving a mobile number by a 6-digit code sent through the SMS backend.

``request_code(phone, purpose, ip=...)`` sends a code (hashed at rest), refusing when the
number is in its resend cool-down or a rate limit per number or per IP is reached (counted in
Django's cache, so Redis serves them when several processes run). ``check_code(...)`` accepts
the code within its lifetime and a limited number of attempts. Every refusal is a
:class:`VerificationError` whose ``message`` can be shown to the resident and whose ``code``
says which rule refused.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import sms
from .conf import egov_settings
from .models import VerificationCode
from .ratelimit import over_hourly_limit
from .text import normalize_mobile

MESSAGES = {
    "cooldown": _("A code was sent a moment ago. Please wait before asking for another."),
    "phone_limit": _("Too many codes were sent to this number. Please try again later."),
    "ip_limit": _("Too many codes were requested from this connection. Please try again later."),
    "no_code": _("Ask for a code first."),
    "expired": _("The code has expired. Please ask for a new one."),
    "too_many_attempts": _("Too many wrong codes. Please ask for a new one."),
    "wrong": _("The code is not correct."),
    "send_failed": _("The text message could not be sent. Please try again later."),
}


class VerificationError(Exception):
    """A refusal, with a ``code`` (which rule) and a ``message`` for the resident."""

    def __init__(self, code):
        self.code = code
        self.message = MESSAGES[code]
        super().__init__(code)


def _hash(code, salt):
    key = settings.SECRET_KEY.encode()
    return f"{salt}${hmac.new(key, f'{salt}:{code}'.encode(), hashlib.sha256).hexdigest()}"


def _matches(code, stored):
    salt = stored.split("$", 1)[0]
    return hmac.compare_digest(_hash(code, salt), stored)


def request_code(phone, purpose, *, ip=None, message_template=None):
    """Send a new code to ``phone`` for ``purpose``; returns the :class:`VerificationCode`."""
    phone = normalize_mobile(phone)
    now = timezone.now()
    last = (
        VerificationCode.objects.filter(phone=phone, purpose=purpose)
        .order_by("-created_at")
        .first()
    )
    if last and (now - last.created_at).total_seconds() < egov_settings.VERIFICATION_RESEND_SECONDS:
        raise VerificationError("cooldown")
    if ip and over_hourly_limit(f"egov:verify:ip:{ip}", egov_settings.VERIFICATION_PER_IP_PER_HOUR):
        raise VerificationError("ip_limit")
    if over_hourly_limit(
        f"egov:verify:phone:{phone}", egov_settings.VERIFICATION_PER_PHONE_PER_HOUR
    ):
        raise VerificationError("phone_limit")
    code = f"{secrets.randbelow(10**6):06d}"
    record = VerificationCode.objects.create(
        purpose=purpose,
        phone=phone,
        code_hash=_hash(code, secrets.token_hex(8)),
        expires_at=now + timedelta(seconds=egov_settings.VERIFICATION_CODE_TTL),
        ip_address=ip,
    )
    template = message_template or _("[Seongdong-gu] Your verification code is %(code)s.")
    result = sms.send_sms(phone, str(template) % {"code": code}, reference=f"verify:{record.pk}")
    if not result.ok:
        raise VerificationError("send_failed")
    return record


def check_code(phone, purpose, code):
    """Accept ``code`` for ``phone``/``purpose`` or raise :class:`VerificationError`."""
    phone = normalize_mobile(phone)
    code = "".join(ch for ch in str(code or "") if ch.isdigit())
    with transaction.atomic():
        record = (
            VerificationCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, verified_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        refusal = _refusal(record, code)
        if refusal == "wrong":
            # Counted before refusing, outside of any rollback the refusal could cause.
            VerificationCode.objects.filter(pk=record.pk).update(attempts=record.attempts + 1)
        elif refusal is None:
            record.verified_at = timezone.now()
            record.save(update_fields=["verified_at"])
    if refusal:
        raise VerificationError(refusal)
    return record


def _refusal(record, code):
    if record is None:
        return "no_code"
    if record.expires_at <= timezone.now():
        return "expired"
    if record.attempts >= egov_settings.VERIFICATION_MAX_ATTEMPTS:
        return "too_many_attempts"
    if not _matches(code, record.code_hash):
        return "wrong"
    return None
