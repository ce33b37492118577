"""Who a campaign reaches on each channel: the audience, minus everyone without valid consent."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from egov_plugin.people.audiences import reach
from egov_plugin.people.audiences.conditions import filtered_people
from egov_plugin.people.audiences.models import SavedAudience
from egov_plugin.people.groups import get_groups
from egov_plugin.people.models import Person

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
    """Of ``people``, those who may be sent ``channel``: an address and a recorded basis.

    One rule for subscribers, organization and committee members alike (see
    :mod:`egov_plugin.people.audiences.reach`). Each person appears once, however many groups
    they are in (the filters are ``EXISTS``/``IN`` clauses, never joins that repeat a row).
    """
    return reach.reachable(people, channel)


def with_address(people, channel):
    return people.filter(reach.address_condition(channel))


#: An outcome notice reads consent by the same rule as every campaign.
consenting = reachable


def recipients(campaign, channel):
    """The people the campaign will reach on ``channel``.

    A consent renewal reaches only those whose consent for the channel is older than
    ``CONSENT_RENEWAL_YEARS``; an outcome notice anyone with valid consent.
    """
    people = audience_people(campaign)
    if campaign.kind == Campaign.Kind.CONSENT_RENEWAL:
        return reach.needing_renewal(people, channel)
    return reachable(people, channel)


def counts(campaign):
    """``{channel: number of recipients}`` for the campaign's channels."""
    return {channel: recipients(campaign, channel).count() for channel in campaign.channels}


def stale_counts(campaign):
    """``{channel: recipients whose consent is older than CONSENT_RENEWAL_YEARS}``."""
    return {
        channel: reach.needing_renewal(recipients(campaign, channel), channel).count()
        for channel in campaign.channels
    }


@dataclass
class ChannelReach:
    """How many of a group the campaign can reach on one channel, and why not the rest."""

    channel: str
    label: str
    reachable: int
    stale: int
    #: ``[(reason code, Korean label, count)]`` for those who cannot be reached, every reason.
    reasons: list


@dataclass
class GroupReach:
    key: str
    label: str
    total: int
    channels: list


def _group_reach(key, label, people):
    counts = reach.breakdown(people)
    channels = [
        ChannelReach(
            channel=channel,
            label=Channel(channel).label,
            reachable=counts[channel]["reachable"],
            stale=counts[channel][reach.Reason.STALE],
            reasons=[
                (code, reach.Reason(code).label, counts[channel][code])
                for code in reach.UNREACHABLE
            ],
        )
        for channel in reach.CHANNELS
    ]
    return GroupReach(key, label, counts["total"], channels)


def reach_by_group(campaign):
    """Per registered group of the audience, then for the whole audience (each person once):
    how many can be reached by SMS and by e-mail, and how many cannot for each reason.

    One query per group; a group nobody of the audience belongs to is left out.
    """
    people = audience_people(campaign)
    rows = []
    for group in get_groups():
        row = _group_reach(group.key, group.label, people.filter(group.exists()))
        if row.total:
            rows.append(row)
    rows.append(_group_reach("all", _("Whole audience (each person once)"), people))
    return rows
