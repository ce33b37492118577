"""Who a campaign reaches on each channel: the audience, minus everyone without valid consent."""

from django.apps import apps

from egov_plugin.people.filters import PersonFilterSet
from egov_plugin.people.models import Person

from .models import Channel

AUDIENCE_KEYS = ("group", "region", "age_band", "gender")


def audience_people(campaign):
    """The people the campaign's filters (or saved audience) chose, before consent."""
    people = Person.objects.all()
    if campaign.saved_audience_id and apps.is_installed("egov_plugin.insights"):
        saved = apps.get_model("egov_insights", "SavedAudience")
        audience = saved.objects.filter(pk=campaign.saved_audience_id).first()
        ids = audience.person_ids if audience is not None else []
        return people.filter(pk__in=ids)
    data = {k: v for k, v in (campaign.audience or {}).items() if k in AUDIENCE_KEYS and v}
    # The people listing's own filters: one definition of "group" and "neighbourhood".
    return PersonFilterSet(data=data, queryset=people).qs


def reachable(people, channel):
    """Of ``people``, those who may be sent ``channel``: a subscriber who agreed and never left.

    Each person appears once, however many groups they are in (the filters are ``EXISTS``
    clauses, never joins that repeat a row).
    """
    flag = "subscriber__sms_consent" if channel == Channel.SMS else "subscriber__email_consent"
    people = people.filter(**{flag: True, "subscriber__withdrawn_at__isnull": True})
    if channel == Channel.SMS:
        return people.exclude(mobile__isnull=True).exclude(mobile="")
    return people.exclude(email="")


def recipients(campaign, channel):
    """The people the campaign will reach on ``channel``."""
    return reachable(audience_people(campaign), channel)


def counts(campaign):
    """``{channel: number of recipients}`` for the campaign's channels."""
    return {channel: recipients(campaign, channel).count() for channel in campaign.channels}
