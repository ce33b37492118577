"""Signed ids for links in e-mails, shaped to fit a Wagtail page path.

Wagtail serves pages, and their routable sub-paths, only for path segments made of letters,
digits, ``_`` and ``-`` (``wagtail.urls``); Django's signed values join their parts with ``:``,
so a link carrying one is never found (404). These tokens sign an integer id the same way (the
site's secret key, a salt, a timestamp) and join the parts with ``-`` instead. That cannot be
confused when read back: the id is digits and the timestamp base62, so the first two ``-`` are
the separators and the rest is the signature.
"""

from django.core import signing


def make(pk, *, salt):
    """A token carrying the integer ``pk``, signed with ``salt`` and the current time."""
    return signing.TimestampSigner(salt=salt).sign(str(int(pk))).replace(":", "-")


def read(token, *, salt, max_age=None):
    """The id in ``token``.

    Raises ``signing.SignatureExpired`` when older than ``max_age`` seconds, and
    ``signing.BadSignature`` when altered or not a token at all.
    """
    parts = token.split("-", 2)
    if len(parts) != 3 or not parts[0].isdigit():
        raise signing.BadSignature("Not a signed id")
    return int(signing.TimestampSigner(salt=salt).unsign(":".join(parts), max_age=max_age))
