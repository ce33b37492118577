"""Linking what residents send (opinions from the web, mails, uploads) to registry people.

The one rule, for every channel: **only a verified contact links, and unverified contact data
never changes the registry.** Anyone can type someone else's mobile number into an opinion
form or forge a mail's ``From:``; if that matched the registry, the sender could attach their
words (and a consent) to another person, or overwrite that person's e-mail address.

So a contribution is stored with its own contact data (name, mobile, e-mail, and the snapshot
of region, age band and gender that analyses use), and :func:`link` is asked for a person:

- ``verified=None`` (nothing checked: a plain web form, a mail, an uploaded file): no person.
  Nothing is matched, created or changed, and no consent record is added in anyone's name:
  the consent the sender gave stays on the contribution itself (its wording version and time).
- ``verified=MOBILE``: an SMS code sent to that number was entered, so the sender holds the
  phone. The person with that number is linked (or a new one created with that number only).
- ``verified=EMAIL``: a signed link sent to that address was opened. The person with that
  address is linked (the :meth:`~egov_plugin.people.models.PersonQuerySet.find_match` rule)
  or created with that address only.
- ``person=...``: a personal signed link (an expert-review invitation) already says who it is.

A linked person's own contacts and name are never changed here; empty fields among gender, age
band and neighbourhood are filled from what they told us. The personal-data consent is then
recorded for the person through :mod:`egov_plugin.people.consent`.
"""

from django.db import IntegrityError, transaction

from . import consent as consent_records
from .models import ConsentRecord, Person

MOBILE = "mobile"
EMAIL = "email"

#: Fields a verified sender may fill in on their own record when the registry has none.
FILLABLE = ("gender", "age_band", "region")


def _find(verified, mobile, email):
    if verified == MOBILE:
        return Person.objects.filter(mobile=mobile).first() if mobile else None
    if verified == EMAIL:
        return Person.objects.find_match(email=email) if email else None
    return None


def _create(verified, mobile, email, details, source):
    values = {key: details.get(key) for key in ("name", *FILLABLE) if details.get(key)}
    contact = {"mobile": mobile} if verified == MOBILE else {"email": email}
    try:
        with transaction.atomic():
            return Person.objects.create(**values, **contact, source=source)
    except IntegrityError:
        # The same contact was registered a moment ago by a concurrent request.
        return _find(verified, mobile, email)


def link(
    *,
    verified=None,
    mobile="",
    email="",
    person=None,
    details=None,
    consent=None,
    source=Person.Source.OPINION,
):
    """The registry person a contribution is linked to, or ``None`` (see the module's rule).

    ``details`` holds what the sender told about themselves (``name``, ``gender``,
    ``age_band``, ``region``); ``consent`` is ``(wording, version, source label, time)`` of the
    personal-data consent they gave, recorded only for a linked person.
    """
    details = details or {}
    if person is None:
        if verified not in (MOBILE, EMAIL):
            return None
        if (verified == MOBILE and not mobile) or (verified == EMAIL and not email):
            return None
        person = _find(verified, mobile, email) or _create(verified, mobile, email, details, source)
        if person is None:
            return None
    changed = [f for f in FILLABLE if details.get(f) and not getattr(person, f)]
    for field in changed:
        setattr(person, field, details[field])
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    if consent is not None:
        wording, version, label, at = consent
        consent_records.grant(
            person,
            ConsentRecord.Channel.PERSONAL_DATA,
            wording=wording,
            wording_version=version,
            source=label,
            at=at,
        )
    return person
