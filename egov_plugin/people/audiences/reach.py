"""Who may be sent an SMS or an e-mail, and why the others may not — one rule for every group.

A person is reachable on a channel when they have an address for it (a mobile number, an e-mail
address) and a recorded legal basis: their newest consent record for the channel grants it. An
e-communication subscriber imported before consent records existed counts by their profile's
flag, dated from the day they joined (as :func:`egov_plugin.people.consent.fresh_condition`
does). Subscriber, organization member, committee member or a resident who consented on a
consultation page: the same rule, so a campaign, the dashboard and the audience screen agree.

Everyone else gets one reason, checked in this order:

- :attr:`Reason.NO_ADDRESS` — no mobile number (SMS) or e-mail address;
- :attr:`Reason.WITHDRAWN` — they left the e-communication subscription, or their newest
  record withdraws the consent (staff, "my participation", a consent-renewal answer);
- :attr:`Reason.OPTED_OUT` — their newest record is an opt-out: the e-mail unsubscribe link or
  a call to the 080 number (sources :data:`OPT_OUT_SOURCES`);
- :attr:`Reason.NO_RECORD` — no consent for the channel was ever recorded.

Consent older than ``EGOV_CONSENT_RENEWAL_YEARS`` is :attr:`Reason.STALE`: still a basis (the
law asks to re-confirm it, which a consent-renewal campaign does, not to stop writing), so such
people stay reachable and are counted apart as needing renewal.

Everything here is a query expression: counting 80,000 people is one query, never a loop.
"""

from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord

SMS = ConsentRecord.Channel.SMS
EMAIL = ConsentRecord.Channel.EMAIL
CHANNELS = (SMS, EMAIL)

#: ``source`` of the withdrawal written by the one-click unsubscribe link of campaign e-mail.
UNSUBSCRIBE_SOURCE = "outreach-unsubscribe"
#: ``source`` of a withdrawal recorded from the 080 free opt-out line.
OPTOUT_080_SOURCE = "080"
#: Withdrawals that are opt-outs ("stop sending me this") rather than withdrawn consent.
OPT_OUT_SOURCES = (UNSUBSCRIBE_SOURCE, OPTOUT_080_SOURCE)

_FLAGS = {SMS: "sms_consent", EMAIL: "email_consent"}


class Reason(models.TextChoices):
    """Where a person stands on one channel."""

    REACHABLE = "reachable", _("Reachable")
    STALE = "stale", _("Consent expired (renewal needed)")
    NO_ADDRESS = "no_address", _("No contact details")
    NO_RECORD = "no_record", _("No consent on record")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    OPTED_OUT = "opted_out", _("Opted out")


#: The states in which a person may be sent the channel.
REACHABLE = (Reason.REACHABLE, Reason.STALE)
#: The reasons a person may not, in the order the audience screen lists them.
UNREACHABLE = (Reason.NO_ADDRESS, Reason.NO_RECORD, Reason.WITHDRAWN, Reason.OPTED_OUT)


def address_condition(channel, prefix=""):
    """A ``Q`` true for people with an address for ``channel`` (through ``prefix``)."""
    if channel == SMS:
        return Q(**{f"{prefix}mobile__isnull": False}) & ~Q(**{f"{prefix}mobile": ""})
    return ~Q(**{f"{prefix}email": ""})


def _outer(prefix):
    # "" → the person itself; "person__" → the foreign key of a membership or a delivery.
    return prefix.removesuffix("__") or "pk"


def reason(channel, prefix="", *, cutoff=None):
    """An expression: the :class:`Reason` code of each person (through ``prefix``) on ``channel``.

    The newest record is read by one correlated subquery that already yields the code, so the
    database looks it up once per person (the ``(person, channel, -recorded_at)`` index).
    """
    cutoff = cutoff or consent.renewal_cutoff()
    newest = (
        ConsentRecord.objects.filter(person=OuterRef(_outer(prefix)), channel=channel)
        .order_by("-recorded_at", "-pk")
        .annotate(
            code=Case(
                When(granted=False, source__in=OPT_OUT_SOURCES, then=Value(Reason.OPTED_OUT)),
                When(granted=False, then=Value(Reason.WITHDRAWN)),
                When(recorded_at__lt=cutoff, then=Value(Reason.STALE)),
                default=Value(Reason.REACHABLE),
            )
        )
        .values("code")[:1]
    )
    subscriber = f"{prefix}subscriber__"
    active_flag = Q(
        **{
            f"{subscriber}isnull": False,
            f"{subscriber}withdrawn_at__isnull": True,
            f"{subscriber}{_FLAGS[channel]}": True,
        }
    )
    # No record at all: an old import's subscriber counts by the flag, from the day they joined.
    without_record = Case(
        When(
            active_flag & Q(**{f"{subscriber}joined_at__gte": cutoff}), then=Value(Reason.REACHABLE)
        ),
        When(active_flag, then=Value(Reason.STALE)),
        default=Value(Reason.NO_RECORD),
    )
    return Case(
        When(~address_condition(channel, prefix), then=Value(Reason.NO_ADDRESS)),
        When(**{f"{subscriber}withdrawn_at__isnull": False}, then=Value(Reason.WITHDRAWN)),
        default=Coalesce(Subquery(newest), without_record),
        output_field=models.CharField(),
    )


def annotation(channel):
    """The name under which :func:`classify` puts the reason for ``channel``."""
    return f"reach_{channel}"


def classify(people, channels=CHANNELS):
    """``people`` with ``reach_sms`` / ``reach_email`` annotated (a :class:`Reason` code)."""
    return people.annotate(**{annotation(c): reason(c) for c in channels})


def reachable_condition(channel, prefix=""):
    """A ``Q`` true for people (through ``prefix``) who may be sent ``channel``.

    For filters elsewhere (a cross-search's "agrees to SMS"), so that they mean this rule.
    """
    from django.db.models.lookups import In

    return Q(In(reason(channel, prefix), list(REACHABLE)))


def reachable(people, channel):
    """Of ``people``, those who may be sent ``channel``: an address and a recorded basis.

    Each person appears once, however many groups they are in: the reason is a subquery per
    person and the subscriber profile a one-to-one join, never a join that repeats a row.
    """
    return people.alias(_reach=reason(channel)).filter(_reach__in=REACHABLE)


def needing_renewal(people, channel):
    """Of ``people``, those reachable on ``channel`` whose consent is older than the setting."""
    return people.alias(_reach=reason(channel)).filter(_reach=Reason.STALE)


def breakdown(people, channels=CHANNELS):
    """``{channel: {reason code: count}}`` for ``people``, every reason present (one query).

    ``"total"`` holds how many people there are; ``"reachable"`` per channel how many of them
    may be sent it (fresh and needing renewal together).
    """
    names = [annotation(c) for c in channels]
    rows = (
        classify(people.order_by(), channels)
        .values(*names)
        .annotate(n=Count("pk"))
        .values_list(*names, "n")
    )
    result = {c: dict.fromkeys(Reason.values, 0) for c in channels}
    total = 0
    for row in rows:
        *codes, n = row
        total += n
        for channel, code in zip(channels, codes, strict=True):
            result[channel][code] += n
    for channel in channels:
        result[channel]["reachable"] = sum(result[channel][code] for code in REACHABLE)
    result["total"] = total
    return result
