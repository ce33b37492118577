"""Launch a 78,785-recipient SMS campaign to the file backend, and send it with one worker.

``enqueue_s`` is the time ``start_campaign`` takes to check the campaign, freeze every
recipient and enqueue the batch tasks. The tasks are then run in-process, one after the other
(one worker), and ``messages_per_s`` is what they sustain: claiming rows, rendering merge
fields, writing to the file outbox and recording each delivery, batch by batch in one
transaction each. Floor: the file backend writing the same rendered messages directly, in the
same batches, with no database at all. ``duplicates`` and ``missing`` compare the outbox with
the audience. ``stale_count_s`` is the time the send screen takes to count, per channel, the
recipients whose consent is older than ``CONSENT_RENEWAL_YEARS`` (half of them here, each
person with one consent record).

``--workers N`` sends through RQ instead: the batch tasks go to a sending queue of the run's own
on Redis (``--redis``, default ``redis://127.0.0.1:6379/3``) and N real ``manage.py rqworker``
processes consume it (started and idle before the campaign starts); ``send_s`` then runs from
the end of the enqueue to the campaign's ``done``. ``--kill`` SIGKILLs one worker once a third
of the messages are out, starts a new one and runs ``egov_outreach_resume`` (what the scheduler
does): ``duplicates`` and ``missing`` say whether anyone was served twice or not at all.
"""

import datetime
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from _common import ROOT, arguments, report, setup

args = arguments(
    __doc__,
    workers={"type": int, "default": 0, "help": "RQ worker processes (0: in-process)"},
    redis={"default": "redis://127.0.0.1:6379/3", "help": "Redis for --workers"},
    kill={"action": "store_true", "help": "with --workers: kill one worker midway"},
)
OUTBOX = Path(tempfile.mkdtemp(prefix="egov-bench-sms-")) / "outbox.jsonl"
SUFFIX = uuid.uuid4().hex[:10]
if args.workers:
    os.environ.update(
        EGOV_BENCH_QUEUE_SUFFIX=SUFFIX,
        EGOV_BENCH_REDIS_URL=args.redis,
        EGOV_SMS_FILE_PATH=str(OUTBOX),
    )
    done = setup(args.database, settings="_rq_settings")
else:
    done = setup(args.database)

from django.conf import settings  # noqa: E402

from egov_plugin.outreach import tasks  # noqa: E402


class Enqueued:
    """Stands in for the batch task: keeps what start_campaign enqueues, for this script to run."""

    calls = []
    supports_defer = False

    def enqueue(self, *args):
        self.calls.append(args)

    def using(self, **options):
        return self

    def get_backend(self):
        return self


if not args.workers:
    tasks.send_batch = Enqueued()
settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.FileBackend"
settings.EGOV_SMS_FILE_PATH = str(OUTBOX)
settings.EGOV_OUTREACH_QUIET_START = settings.EGOV_OUTREACH_QUIET_END = "00:00"
settings.EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
# The bench measures sending; the four-eyes approval before it is the site's rule, not timed.
settings.EGOV_OUTREACH_APPROVAL_ALL = settings.EGOV_OUTREACH_APPROVAL_SMS = False

from egov_plugin.core.sms import FileBackend, SmsMessage, read_file_outbox  # noqa: E402
from egov_plugin.outreach import audience, messages, sending  # noqa: E402
from egov_plugin.outreach.models import Campaign, Delivery  # noqa: E402
from egov_plugin.people.models import ConsentRecord, Person, Region, SubscriberProfile  # noqa: E402
from egov_plugin.people.regions import load_regions  # noqa: E402

RECIPIENTS = round(78_785 * args.scale)

load_regions()
regions = list(Region.objects.all())
people = Person.objects.bulk_create(
    [
        Person(
            name=f"주민{i}",
            mobile=f"010-{i // 10000:04d}-{i % 10000:04d}",
            region=regions[i % len(regions)],
        )
        for i in range(RECIPIENTS)
    ],
    batch_size=5000,
)
SubscriberProfile.objects.bulk_create(
    [SubscriberProfile(person=p, sms_consent=True) for p in people], batch_size=5000
)
now = datetime.datetime.now(datetime.UTC)
ConsentRecord.objects.bulk_create(
    [
        ConsentRecord(
            person=p,
            channel="sms",
            recorded_at=now - datetime.timedelta(days=1000 if i % 2 else 100),
            wording="bench",
            wording_version="1",
        )
        for i, p in enumerate(people)
    ],
    batch_size=5000,
)
campaign = Campaign.objects.create(
    name="bench", message="{name}님, {region} 주민 의견을 들려주세요."
)

started = time.perf_counter()
stale = audience.stale_counts(campaign)["sms"]
stale_count_s = time.perf_counter() - started

QUEUE = f"egov_sending_{SUFFIX}"
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site"), str(ROOT / "bench")]),
}
workers = []


def start_worker():
    command = [sys.executable, str(ROOT / "example_site" / "manage.py"), "rqworker", QUEUE]
    command += ["--job-class", "django_tasks_rq.Job", "--with-scheduler"]
    workers.append(
        subprocess.Popen(
            command,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    )


def rq_workers(state):
    import django_rq
    from rq import Worker

    queue = django_rq.get_queue(QUEUE)
    return [w for w in Worker.all(queue=queue) if w.get_state() == state]


def sent_lines():
    return sum(1 for _ in OUTBOX.open("rb")) if OUTBOX.exists() else 0


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.2)


killed = 0
if args.workers:
    from tests.outreach.processes import kill_tree

    for _ in range(args.workers):
        start_worker()
    wait_for(lambda: len(rq_workers("idle")) >= args.workers, 300, "the workers to start")

started = time.perf_counter()
sending.start_campaign(campaign)
enqueue_s = time.perf_counter() - started

started = time.perf_counter()
if args.workers:
    try:
        if args.kill:
            wait_for(lambda: sent_lines() >= RECIPIENTS // 3, 900, "a third of the messages")
            # The worker busy with a batch (its work-horse is a child in the same session).
            busy = {w.pid for w in rq_workers("busy")}
            victim = next(p for p in workers if p.pid in busy)
            kill_tree(victim)  # the worker and its work horse, as a dying host loses both
            killed = 1
            start_worker()
            subprocess.run(
                [sys.executable, str(ROOT / "example_site" / "manage.py"), "egov_outreach_resume"],
                env=ENV,
                check=True,
                capture_output=True,
            )

        def finished():
            campaign.refresh_from_db()
            return campaign.status == Campaign.Status.DONE

        wait_for(finished, 1800, "the campaign to finish")
    finally:
        for worker in workers:
            if worker.poll() is None:
                kill_tree(worker)
        import django_rq

        connection = django_rq.get_connection(QUEUE)
        for key in connection.scan_iter(f"*{SUFFIX}*"):
            connection.delete(key)
else:
    for batch in Enqueued.calls:
        sending.send_batch(*batch)
send_s = time.perf_counter() - started
campaign.refresh_from_db()

numbers = Counter(line["to"] for line in read_file_outbox(OUTBOX))
expected = {p.mobile for p in people}
sent = sum(numbers.values())
duplicates = sum(n - 1 for n in numbers.values() if n > 1)
missing = len(expected - set(numbers))

# Floor: the same messages, rendered beforehand, written by the file backend directly.
floor_path = OUTBOX.with_name("floor.jsonl")
backend = FileBackend(path=str(floor_path))
rendered = [
    SmsMessage(to=p.mobile, text=messages.render_sms(campaign, p, "")[0], sender="02-2286-5114")
    for p in Person.objects.select_related("region").order_by("pk")
]
size = sending.app_settings.OUTREACH_BATCH_SIZE
started = time.perf_counter()
for i in range(0, len(rendered), size):
    backend.send_messages(rendered[i : i + size])
floor_s = time.perf_counter() - started

messages_per_s = sent / send_s
floor = len(rendered) / floor_s
assert Delivery.objects.filter(status="sent").count() == sent
done()
report(
    bench="campaign",
    database=args.database,
    workers=args.workers or "in-process",
    killed=killed,
    recipients=RECIPIENTS,
    enqueue_s=round(enqueue_s, 2),
    send_s=round(send_s, 2),
    status=campaign.status,
    messages_per_s=round(messages_per_s),
    duplicates=duplicates,
    missing=missing,
    stale=stale,
    stale_count_s=round(stale_count_s, 2),
    value=round(messages_per_s),
    unit="messages/s",
    floor=round(floor),
    ratio=round(messages_per_s / floor, 4),
)
