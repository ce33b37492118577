"""Who a campaign reaches on each channel: the audience, minus everyone without valid consent."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from egov_plugin.people import consent
from egov_plugin.people.audiences.conditions import filtered_people
from egov_plugin.people.audiences.models import SavedAudience
from egov_plugin.people.models import ConsentRecord, Person

from .models import Campaign, Channel


def saved_audience(campaign):
    """The campaign's :class:`~egov_plugin.people.audiences.models.SavedAudience`, or ``None``."""
    if not campaign.saved_audience_id:
        return None
    return SavedAudience.objects.filter(pk=campaign.saved_audience_id).first()


def outcome_people(campaign):
    """Consultation outcome: the people whose opinions asked to be told and gave a mobile."""
    opinion = apps.get_model("egov_consultations", "Opinion")
    asked = opinion.objects.filter(
        page_id=campaign.page_id, person=OuterRef("pk"), notify_outcome=True
    ).exclude(mobile="")
    asked = asked.exclude(status=opinion.Status.UNCONFIRMED)
    return Person.objects.filter(Exists(asked))


def audience_people(campaign):
    """The people the campaign's filters (or saved audience) chose, before consent."""
    if campaign.kind == Campaign.Kind.OUTCOME:
        return outcome_people(campaign)
    if campaign.saved_audience_id:
        saved = saved_audience(campaign)
        return Person.objects.filter(pk__in=saved.person_ids if saved is not None else [])
    return filtered_people(campaign.audience)


def reachable(people, channel):
    """Of ``people``, those who may be sent ``channel``: a subscriber who agreed and never left.

    Each person appears once, however many groups they are in (the filters are ``EXISTS``
    clauses, never joins that repeat a row).
    """
    flag = "subscriber__sms_consent" if channel == Channel.SMS else "subscriber__email_consent"
    people = people.filter(**{flag: True, "subscriber__withdrawn_at__isnull": True})
    return with_address(people, channel)


def with_address(people, channel):
    if channel == Channel.SMS:
        return people.exclude(mobile__isnull=True).exclude(mobile="")
    return people.exclude(email="")


def consenting(people, channel):
    """Of ``people``, those with valid consent for ``channel``, subscribers or not.

    A subscriber's consent is their profile's flag (and they must not have left); anyone else
    needs a newest consent record for the channel that grants it (given, for instance, on a
    consent page) — an opinion's "tell me the outcome" alone is not consent to SMS.
    """
    newest = ConsentRecord.objects.filter(person=OuterRef("pk"), channel=channel).order_by(
        "-recorded_at", "-pk"
    )
    flag = "subscriber__sms_consent" if channel == Channel.SMS else "subscriber__email_consent"
    subscriber = Q(**{flag: True, "subscriber__withdrawn_at__isnull": True})
    other = Q(subscriber__isnull=True, newest_granted=True)
    people = people.annotate(newest_granted=newest.values("granted")[:1])
    return with_address(people.filter(subscriber | other), channel)


def recipients(campaign, channel):
    """The people the campaign will reach on ``channel``.

    A consent renewal reaches only those whose consent for the channel is older than
    ``CONSENT_RENEWAL_YEARS``; an outcome notice anyone with valid consent.
    """
    people = audience_people(campaign)
    if campaign.kind == Campaign.Kind.OUTCOME:
        return consenting(people, channel)
    people = reachable(people, channel)
    if campaign.kind == Campaign.Kind.CONSENT_RENEWAL:
        people = people.exclude(consent.fresh_condition(channel, consent.renewal_cutoff()))
    return people


def counts(campaign):
    """``{channel: number of recipients}`` for the campaign's channels."""
    return {channel: recipients(campaign, channel).count() for channel in campaign.channels}


def stale_counts(campaign):
    """``{channel: recipients whose consent is older than CONSENT_RENEWAL_YEARS}``."""
    cutoff = consent.renewal_cutoff()
    return {
        channel: recipients(campaign, channel)
        .exclude(consent.fresh_condition(channel, cutoff))
        .count()
        for channel in campaign.channels
    }
