"""Time of the audience screen's "who can be reached, per group" over the whole registry.

Loads the source's scale with ``egov_demo_data`` (78,785 subscribers, 531 committee members,
4,206 organization members at --scale 1.0), then times
``egov_plugin.outreach.audience.reach_by_group`` for a campaign whose audience is everyone:
per registered group and for the whole audience, SMS and e-mail, reachable and each reason
(one ``GROUP BY`` query per group, the reason computed by one correlated subquery per person
and channel).

``value`` is the median in milliseconds over ``--repeat`` runs after a warm-up. ``floor``: the
same groups counted by the old subscriber-flag rule alone (one aggregate per group over the
profile flags, no consent records read) in the same run.
"""

import statistics

from _common import arguments, report, setup, timed

args = arguments(__doc__, repeat={"type": int, "default": 5})
done = setup(args.database)

from django.core.management import call_command  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from egov_plugin.outreach import audience  # noqa: E402
from egov_plugin.outreach.models import Campaign  # noqa: E402
from egov_plugin.people.groups import get_groups  # noqa: E402
from egov_plugin.people.models import ConsentRecord, Person  # noqa: E402

call_command("egov_demo_data", "--scale", str(args.scale), stdout=open("/dev/null", "w"))
campaign = Campaign.objects.create(name="bench", message="안내", send_sms=True, send_email=True)


def screen():
    return audience.reach_by_group(campaign)


def flags():
    for group in get_groups():
        Person.objects.filter(group.exists()).aggregate(
            total=Count("pk"),
            sms=Count("pk", filter=Q(subscriber__sms_consent=True, mobile__isnull=False)),
            email=Count("pk", filter=Q(subscriber__email_consent=True) & ~Q(email="")),
        )
    Person.objects.count()


rows = screen()  # warm-up
flags()
value = statistics.median(timed(screen, args.repeat)) * 1000
floor = statistics.median(timed(flags, args.repeat)) * 1000
whole = rows[-1]
people, records = Person.objects.count(), ConsentRecord.objects.count()
done()
report(
    bench="reach",
    value=round(value, 1),
    unit="ms",
    floor=round(floor, 1),
    ratio=round(value / floor, 2),
    people=people,
    consent_records=records,
    reachable={c.channel: c.reachable for c in whole.channels},
    reasons={c.channel: {code: n for code, _label, n in c.reasons} for c in whole.channels},
    database=args.database,
    repeat=args.repeat,
)
