"""Storing a resident's opinion: limits, duplicates, consent, status, and the registry person
(linked only through a verified contact: :mod:`egov_plugin.people.linking`)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.ratelimit import over_hourly_limit
from egov_plugin.people import linking

from .conf import app_settings
from .records import Opinion


class SubmissionRefused(Exception):
    """The opinion cannot be stored; ``message`` says why, for the resident."""

    def __init__(self, message, status=400):
        self.message = message
        self.status = status
        super().__init__(str(message))


def check_rate_limits(page, *, ip, contact):
    """Refuse when this IP or this contact gave too many opinions in the last hour."""
    if ip and over_hourly_limit(f"egov:opinion:ip:{ip}", app_settings.OPINION_PER_IP_PER_HOUR):
        raise SubmissionRefused(
            _("Too many opinions were sent from this connection. Please try again later."), 429
        )
    if contact and over_hourly_limit(
        f"egov:opinion:contact:{page.pk}:{contact}", app_settings.OPINION_PER_CONTACT_PER_HOUR
    ):
        raise SubmissionRefused(
            _("Too many opinions were sent with this contact. Please try again later."), 429
        )


def initial_status(page):
    if page.identity_check == page.IdentityCheck.EMAIL:
        return Opinion.Status.UNCONFIRMED
    if page.moderation == page.Moderation.REVIEW:
        return Opinion.Status.PENDING
    return Opinion.Status.PUBLISHED


def link_verified(opinion, *, verified=None, person=None, wording="", at=None):
    """Link ``opinion`` to the registry through the contact that was verified (see
    :mod:`egov_plugin.people.linking`: unverified contacts link nobody and change nothing),
    recording the personal-data consent for the person linked. Returns the person or ``None``.
    """
    linked = linking.link(
        verified=verified,
        mobile=opinion.mobile,
        email=opinion.email,
        person=person,
        details={
            "name": opinion.name,
            "gender": opinion.gender,
            "age_band": opinion.age_band,
            "region": opinion.region,
        },
        consent=(
            wording,
            opinion.consent_version,
            f"opinion:{opinion.page_id}",
            at or opinion.consent_at,
        ),
    )
    if linked is not None and opinion.person_id != linked.pk:
        opinion.person = linked
        opinion.save(update_fields=["person"])
    return linked


def store_opinion(
    page, data, *, channel, detail="", ip=None, consent, status=None, verified=None, person=None
):
    """Create the opinion in one transaction, linked to a person only through a verified
    contact (``verified``: ``linking.MOBILE`` after an SMS code; or ``person`` from a personal
    signed link). The opinion keeps its own contacts and the consent given (version, time).

    ``data`` holds the cleaned form values (``region`` a Region or ``None``); ``consent`` is
    ``(wording, version)``. Raises :class:`SubmissionRefused` for a duplicate.
    """
    wording, version = consent
    now = timezone.now()
    try:
        with transaction.atomic():
            opinion = Opinion.objects.create(
                page=page,
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
            link_verified(opinion, verified=verified, person=person, wording=wording, at=now)
            return opinion
    except IntegrityError as exc:
        raise SubmissionRefused(_("You have already given this opinion."), 409) from exc
