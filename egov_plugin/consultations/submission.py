"""Storing a resident's opinion: limits, duplicates, the registry person, consent, status."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.conf import egov_settings
from egov_plugin.core.ratelimit import over_hourly_limit
from egov_plugin.people.models import ConsentRecord, Person

from .models import Opinion


class SubmissionRefused(Exception):
    """The opinion cannot be stored; ``message`` says why, for the resident."""

    def __init__(self, message, status=400):
        self.message = message
        self.status = status
        super().__init__(str(message))


def check_rate_limits(page, *, ip, contact):
    """Refuse when this IP or this contact gave too many opinions in the last hour."""
    if ip and over_hourly_limit(f"egov:opinion:ip:{ip}", egov_settings.OPINION_PER_IP_PER_HOUR):
        raise SubmissionRefused(
            _("Too many opinions were sent from this connection. Please try again later."), 429
        )
    if contact and over_hourly_limit(
        f"egov:opinion:contact:{page.pk}:{contact}", egov_settings.OPINION_PER_CONTACT_PER_HOUR
    ):
        raise SubmissionRefused(
            _("Too many opinions were sent with this contact. Please try again later."), 429
        )


def match_person(data):
    """The registry person for the contacts given, created as a participant if new.

    A matched person keeps what the registry holds; only empty fields are filled in.
    """
    person = Person.objects.find_match(mobile=data["mobile"], email=data["email"])
    if person is None:
        try:
            with transaction.atomic():
                return Person.objects.create(
                    name=data["name"],
                    gender=data["gender"],
                    age_band=data["age_band"],
                    region=data["region"],
                    mobile=data["mobile"] or None,
                    email=data["email"],
                    source=Person.Source.OPINION,
                )
        except IntegrityError:
            # The same number was registered a moment ago by a concurrent request.
            person = Person.objects.find_match(mobile=data["mobile"], email=data["email"])
            if person is None:
                raise
    changed = []
    for field in ("gender", "age_band", "region", "email"):
        if data.get(field) and not getattr(person, field):
            setattr(person, field, data[field])
            changed.append(field)
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return person


def initial_status(page):
    if page.identity_check == page.IdentityCheck.EMAIL:
        return Opinion.Status.UNCONFIRMED
    if page.moderation == page.Moderation.REVIEW:
        return Opinion.Status.PENDING
    return Opinion.Status.PUBLISHED


def store_opinion(page, data, *, channel, detail="", ip=None, consent, status=None):
    """Create the opinion (and its person and consent record) in one transaction.

    ``data`` holds the cleaned form values (``region`` a Region or ``None``); ``consent`` is
    ``(wording, version)``. Raises :class:`SubmissionRefused` for a duplicate.
    """
    wording, version = consent
    now = timezone.now()
    try:
        with transaction.atomic():
            person = match_person(data)
            ConsentRecord.objects.create(
                person=person,
                channel=ConsentRecord.Channel.PERSONAL_DATA,
                wording=wording,
                wording_version=version,
                source=f"opinion:{page.pk}",
                recorded_at=now,
            )
            return Opinion.objects.create(
                page=page,
                person=person,
                name=data["name"],
                gender=data["gender"],
                age_band=data["age_band"],
                region=data["region"],
                outside_district=data["region"] is None,
                mobile=data["mobile"],
                email=data["email"],
                text=data["text"],
                stance=data.get("stance") or "",
                channel=channel,
                channel_detail=detail,
                status=status or initial_status(page),
                consent_version=version,
                consent_at=now,
                notify_outcome=bool(data.get("notify_outcome")),
                ip_address=ip,
                created_at=now,
            )
    except IntegrityError as exc:
        raise SubmissionRefused(_("You have already given this opinion."), 409) from exc
