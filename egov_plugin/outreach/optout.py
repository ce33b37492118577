"""Opt-outs from the 080 free line: each caller's SMS consent withdrawn, for members as for
subscribers.

The 080 service (the carrier's or the SMS provider's) lists the numbers that called. Each
becomes a withdrawal of the person's SMS consent with source ``"080"``, which the reach rule
(:mod:`egov_plugin.people.audiences.reach`) reads as an opt-out (수신 거부): no campaign sends
them SMS again, and a batch already queued skips them.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from egov_plugin.core import audit
from egov_plugin.core.text import InvalidPhone, normalize_mobile
from egov_plugin.people import consent
from egov_plugin.people.audiences import reach
from egov_plugin.people.models import Person


@dataclass
class Result:
    withdrawn: int = 0
    already: int = 0
    unknown: int = 0
    #: Line numbers (from 1) that hold no mobile number; never the text itself.
    invalid: list = field(default_factory=list)


def record_080(lines, *, user=None):
    """Withdraw the SMS consent of every person whose mobile number is one of ``lines``.

    Idempotent: a person whose newest SMS record already withdraws it gets no new record.
    Each withdrawal leaves an audit event.
    """
    result = Result()
    numbers = set()
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            numbers.add(normalize_mobile(text))
        except InvalidPhone:
            result.invalid.append(number)
    people = {p.mobile: p for p in Person.objects.filter(mobile__in=numbers)}
    result.unknown = len(numbers) - len(people)
    for person in people.values():
        with transaction.atomic():
            newest = consent.current(person, reach.SMS)
            if newest is not None and not newest.granted:
                result.already += 1
                continue
            consent.withdraw(person, reach.SMS, source=reach.OPTOUT_080_SOURCE)
            audit.record(
                None,
                audit.Action.EDIT,
                obj=person,
                user=user,
                summary=_("SMS consent withdrawn: the person called the 080 opt-out line"),
            )
            result.withdrawn += 1
    return result
