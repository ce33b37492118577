"""Giving and withdrawing consent, with the wording the person agreed to.

Always go through these functions rather than creating :class:`ConsentRecord` rows directly:
they keep the subscriber profile's per-channel flags in step with the newest record.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .conf import app_settings
from .models import ConsentRecord, SubscriberProfile

_PROFILE_FLAGS = {
    ConsentRecord.Channel.SMS: "sms_consent",
    ConsentRecord.Channel.EMAIL: "email_consent",
}


@transaction.atomic
def _set(person, channel, granted, *, wording="", wording_version="", source="", at=None):
    at = at or timezone.now()
    record = ConsentRecord.objects.create(
        person=person,
        channel=channel,
        granted=granted,
        recorded_at=at,
        wording=wording,
        wording_version=wording_version,
        source=source,
    )
    flag = _PROFILE_FLAGS.get(channel)
    if flag:
        SubscriberProfile.objects.filter(person=person).update(**{flag: granted})
    return record


def grant(person, channel, *, wording, wording_version, source="", at=None):
    """Record that ``person`` agreed to ``channel`` under this wording (its text and version)."""
    return _set(
        person,
        channel,
        True,
        wording=wording,
        wording_version=wording_version,
        source=source,
        at=at,
    )


def withdraw(person, channel, *, source="", at=None):
    """Record that ``person`` withdrew their consent for ``channel``."""
    return _set(person, channel, False, source=source, at=at)


def current(person, channel):
    """The newest record for the channel, or ``None`` when the person never answered."""
    return person.consents.filter(channel=channel).order_by("-recorded_at", "-pk").first()


def renewal_cutoff(now=None):
    """Consent given before this moment is older than ``CONSENT_RENEWAL_YEARS`` and flagged."""
    now = now or timezone.now()
    year = now.year - app_settings.CONSENT_RENEWAL_YEARS
    try:
        return now.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=year, day=28)


def fresh_condition(channel, cutoff):
    """A ``Q`` on people: their consent for ``channel`` was given on or after ``cutoff``.

    The date is the newest granted record's; a subscriber whose flag was set without any record
    (an old import) counts from the day they joined.
    """
    records = ConsentRecord.objects.filter(person=OuterRef("pk"), channel=channel)
    return Exists(records.filter(granted=True, recorded_at__gte=cutoff)) | (
        ~Exists(records) & Q(subscriber__joined_at__gte=cutoff)
    )


def consent_ages(person, now=None):
    """``[(channel, given_at, stale)]`` for the SMS and e-mail consent ``person`` holds now."""
    cutoff = renewal_cutoff(now)
    profile = getattr(person, "subscriber", None)
    ages = []
    for channel, flag in _PROFILE_FLAGS.items():
        newest = current(person, channel)
        if newest is not None:
            if not newest.granted:
                continue
            given = newest.recorded_at
        elif profile is not None and getattr(profile, flag):
            given = profile.joined_at
        else:
            continue
        ages.append((channel, given, given < cutoff))
    return ages
