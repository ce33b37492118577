"""Giving and withdrawing consent, with the wording the person agreed to.

Always go through these functions rather than creating :class:`ConsentRecord` rows directly:
they keep the subscriber profile's per-channel flags in step with the newest record.
"""

from django.db import transaction
from django.utils import timezone

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
