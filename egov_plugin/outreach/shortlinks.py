"""Short links for SMS: ``/s/<code>`` redirects to the campaign's page with its ``?ch=`` tag.

A Korean page slug, percent-encoded, makes a campaign's ``{link}`` about 150 characters and
pushes every invitation over the 90 bytes of one SMS (an LMS costs about three times as much).
The short link is ``<public base URL>/s/`` and seven random characters of ``[0-9A-Za-z]``
(62⁷ ≈ 3.5 × 10¹² codes): short, and not worth guessing, since it only leads to a public page.

Personal links (consent renewal) are not shortened: they are signed, dated tokens whose length
is what makes them unguessable (docs/concepts/decisions.md).

Include the redirect in the site's URLconf at the root, before Wagtail's catch-all::

    path("s/", include("egov_plugin.outreach.short_urls")),
"""

import secrets
import string

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse

from egov_plugin.core.public_url import public_url

ALPHABET = string.digits + string.ascii_letters
CODE_LENGTH = 7


def new_code():
    """A random code of ``CODE_LENGTH`` characters from ``ALPHABET``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def configured():
    """Whether the site routes ``/s/<code>`` (egov_plugin.outreach.short_urls is included)."""
    try:
        reverse("egov_short:follow", args=["x"])
    except NoReverseMatch:
        return False
    return True


def short_link(campaign, target):
    """The campaign's short link to ``target`` (a path on this site), created the first time."""
    from .models import ShortLink

    for _attempt in range(5):
        link = ShortLink.objects.filter(campaign=campaign, target=target).first()
        if link is not None:
            break
        try:
            with transaction.atomic():
                link = ShortLink.objects.create(campaign=campaign, target=target, code=new_code())
            break
        except IntegrityError:
            # Another process made this campaign's link first, or (once in trillions) the code
            # is taken: look again, with a new code.
            continue
    else:
        raise RuntimeError("Could not create a short link")  # pragma: no cover
    return public_url(reverse("egov_short:follow", args=[link.code]))
