"""What a browser has proved, held in its session for a short time (내 참여).

A resident proves a mobile number (an SMS code) or an e-mail address (the signed link in the
mail that confirmed their opinion). The proof is kept in the session for
``EGOV_MY_PARTICIPATION_SECONDS``, counted from the moment it was made, not renewed by use: on a
shared computer the page closes itself soon after, whatever the next person does.
"""

import time
from dataclasses import dataclass

from django.core import signing

from .conf import app_settings

SESSION_KEY = "egov_my_participation"
MOBILE = "mobile"
EMAIL = "email"
LINK_SALT = "egov.participation.link"


@dataclass(frozen=True)
class Proof:
    """A proved contact: ``kind`` (``"mobile"`` or ``"email"``) and its normalized ``value``."""

    kind: str
    value: str
    until: float

    @property
    def seconds_left(self):
        return max(0, int(self.until - time.time()))


def remember(request, kind, value):
    """Hold ``value`` as proved in this browser's session (a new session key: no fixation)."""
    request.session.cycle_key()
    until = time.time() + app_settings.MY_PARTICIPATION_SECONDS
    request.session[SESSION_KEY] = {"kind": kind, "value": value, "until": until}
    return Proof(kind, value, until)


def current(request):
    """The proof this browser holds, or ``None`` (never proved, or expired: then forgotten)."""
    held = request.session.get(SESSION_KEY)
    if not held:
        return None
    if held.get("until", 0) <= time.time() or held.get("kind") not in (MOBILE, EMAIL):
        forget(request)
        return None
    return Proof(held["kind"], held["value"], held["until"])


def forget(request):
    """End 내 참여 in this browser."""
    request.session.pop(SESSION_KEY, None)


def make_link_token(opinion):
    """The token of the 내 참여 link mailed with an opinion's confirmation: it signs the opinion's
    id (never the address, which must stay out of URLs); the address is read from the opinion."""
    from egov_plugin.consultations import tokens

    return tokens.make(opinion.pk, salt=LINK_SALT)


def read_link_token(token):
    """The opinion id in a 내 참여 link; raises ``signing.BadSignature`` (or its subclass
    ``SignatureExpired`` after ``EGOV_MY_PARTICIPATION_LINK_DAYS``)."""
    from egov_plugin.consultations import tokens

    max_age = app_settings.MY_PARTICIPATION_LINK_DAYS * 24 * 3600
    return tokens.read(token, salt=LINK_SALT, max_age=max_age)


BadLink = signing.BadSignature


def link_url(request, opinion):
    """The full address of the 내 참여 link for ``opinion``'s confirmation mail, or ``""`` when
    the site does not serve 내 참여."""
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse("egov_participation:link", kwargs={"token": make_link_token(opinion)})
    except NoReverseMatch:
        return ""
    return request.build_absolute_uri(path) if request is not None else path
