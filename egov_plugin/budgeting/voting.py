"""Casting a ballot: the voter's verified state, the checks, and the one insert that counts.

The session holds which number was verified for which vote (set only after a correct SMS code),
so the ballot form never carries the number and cannot be pointed at another one. The database
keeps one ballot per number per vote; :func:`cast_ballot` turns its refusal into
:class:`AlreadyVoted`.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.clientip import client_ip

from .conf import app_settings
from .records import Ballot, BallotChoice, CodeRequest
from .rules import check_choices

# Crockford's base32 without look-alikes (no I, L, O, U): read aloud or typed without confusion.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 10


class VotingRefused(Exception):
    """A refusal to cast; ``status`` is the HTTP status the voter's page is answered with."""

    status = 400
    message = ""

    def __init__(self, message=None):
        super().__init__(self.__class__.__name__)
        if message is not None:
            self.message = message


class NotOpen(VotingRefused):
    status = 403
    message = _("Voting is not open.")


class NotVerified(VotingRefused):
    status = 403
    message = _("Please verify your mobile number before voting.")


class AlreadyVoted(VotingRefused):
    status = 409
    message = _(
        "This mobile number has already voted in this vote. A ballot is final once cast, "
        "and each number may vote once."
    )


class ResultsHidden(VotingRefused):
    status = 403


def phone_hash(phone):
    """The keyed hash that stands for a (normalized) number on ballots and code requests."""
    key = (app_settings.BUDGET_HASH_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, f"egov_budgeting:{phone}".encode(), hashlib.sha256).hexdigest()


def new_receipt_code():
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def format_receipt(code):
    """``"AB12CD34EF"`` → ``"AB12C-D34EF"``: two groups are easier to read out."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


# --- The voter's state in the session ------------------------------------------------------


def _key(page, name):
    return f"egov_budgeting:{page.pk}:{name}"


def set_pending(request, page, phone):
    """A code was sent to ``phone`` for ``page``; the code step checks it against this number."""
    request.session[_key(page, "pending")] = phone


def pending_phone(request, page):
    return request.session.get(_key(page, "pending"))


def set_verified(request, page, phone):
    """The number proved by a correct code: bound to this vote and this session only."""
    request.session.pop(_key(page, "pending"), None)
    # A new session key after proving the number, so that a session id planted earlier (fixation)
    # does not inherit the verified state.
    request.session.cycle_key()
    request.session[_key(page, "verified")] = {"phone": phone, "at": time.time()}


def _verified_state(request, page):
    """The session's verified state for this vote, dropped once its time is over."""
    state = request.session.get(_key(page, "verified"))
    if not state:
        return None
    if time.time() - state.get("at", 0) > app_settings.BUDGET_VERIFIED_SECONDS:
        request.session.pop(_key(page, "verified"), None)
        return None
    return state


def verified_phone(request, page):
    """The verified number for this vote, or ``None`` (never verified, or too long ago)."""
    state = _verified_state(request, page)
    return state.get("phone") if state else None


def time_left(request, page):
    """Seconds left to cast the ballot with the verified number (0 when not verified)."""
    state = _verified_state(request, page)
    if not state:
        return 0
    return max(0, int(state["at"] + app_settings.BUDGET_VERIFIED_SECONDS - time.time()))


def extensions_left(request, page):
    """How many more times the voter may ask for the full time again."""
    state = _verified_state(request, page)
    if not state:
        return 0
    return max(0, app_settings.BUDGET_VERIFIED_EXTENSIONS - state.get("extended", 0))


def extend_verified(request, page):
    """Give the voter the full time again (KWCAG 2.2.1), while the number is still verified
    and extensions are left; returns whether it did. The number is not proved again: only a
    session that proved it, within its time, can extend it."""
    state = _verified_state(request, page)
    if not state or extensions_left(request, page) <= 0:
        return False
    request.session[_key(page, "verified")] = {
        **state,
        "at": time.time(),
        "extended": state.get("extended", 0) + 1,
    }
    return True


def finish(request, page, ballot):
    """After casting: the verified state is spent and the receipt remembered."""
    request.session.pop(_key(page, "verified"), None)
    request.session[_key(page, "receipt")] = ballot.receipt_code


def receipt_code(request, page):
    return request.session.get(_key(page, "receipt"))


#: Salt of the device cookie's signature.
DEVICE_SALT = "egov_budgeting.device"


def device_id(request):
    """The browser's device id from its signed device cookie, or ``""``.

    The cookie is signed so that a voter cannot choose the value a ballot records (another
    voter's device, markup, a shared value that blurs the fraud signals): a missing, altered or
    forged cookie reads as no device, and the vote pages give that browser a new one.
    """
    value = request.get_signed_cookie(
        app_settings.BUDGET_DEVICE_COOKIE, default="", salt=DEVICE_SALT
    )
    return value[:64]


def ensure_device_cookie(request, response):
    """Give a browser its signed device cookie on its first visit, or when its cookie was
    altered (for the fraud signals)."""
    name = app_settings.BUDGET_DEVICE_COOKIE
    if not device_id(request):
        response.set_signed_cookie(
            name,
            secrets.token_urlsafe(16),
            salt=DEVICE_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# --- Recording and casting ------------------------------------------------------------------


def record_code_request(request, page, phone, outcome="sent"):
    """Keep a code request (sent or refused) for the fraud signals."""
    return CodeRequest.objects.create(
        page=page,
        phone_hash=phone_hash(phone),
        ip_address=client_ip(request),
        device_id=device_id(request),
        outcome=outcome,
    )


def has_voted(page, phone):
    return Ballot.objects.filter(page=page, phone_hash=phone_hash(phone)).exists()


def cast_ballot(page, *, phone, region, age_band, gender, projects, ip=None, device=""):
    """Store one ballot for the verified ``phone``, or raise a :class:`VotingRefused`.

    ``projects`` must belong to ``page`` (the ballot form only offers those). Nothing is stored
    when any check fails; when another ballot for the number wins a race, the database refuses
    this one and :class:`AlreadyVoted` is raised.
    """
    if not page.is_open():
        raise NotOpen()
    projects = list(projects)
    check_choices(page, projects)
    hashed = phone_hash(phone)
    for _attempt in range(3):  # a receipt-code collision (1 in 2**50) gets a fresh code
        ballot = Ballot(
            page_id=page.pk,
            phone_hash=hashed,
            region=region,
            age_band=age_band,
            gender=gender or "",
            cast_at=timezone.now(),
            receipt_code=new_receipt_code(),
            ip_address=ip,
            device_id=device or "",
        )
        try:
            with transaction.atomic():
                ballot.save()
                BallotChoice.objects.bulk_create(
                    BallotChoice(ballot=ballot, project=project) for project in projects
                )
        except IntegrityError:
            if Ballot.objects.filter(page_id=page.pk, phone_hash=hashed).exists():
                raise AlreadyVoted() from None
            continue
        return ballot
    raise IntegrityError("could not find a free receipt code")
