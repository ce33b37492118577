"""The scenario: pages per second through the load balancer, residents voting while a web
host dies, and a campaign while a worker host dies. Each function returns a dict of figures.

Runs in the driver (root namespace) with Django configured for the cluster's database, so it
can create the content and count what was stored.
"""

import datetime
import threading
import time
from collections import Counter

from . import net
from .voting import Log, Voter


def create_pages(opinions):
    """A consultation page with ``opinions`` opinions, a plain Wagtail page, an open vote."""
    from budget_vote import create_vote
    from django.utils import timezone
    from wagtail.models import Site

    from egov_plugin.consultations.models import ConsultationIndexPage, ConsultationPage, Opinion
    from home.models import HomePage

    home = Site.objects.get(is_default_site=True).root_page.specific
    index = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="consultations"))
    now = timezone.now()
    consultation = index.add_child(
        instance=ConsultationPage(
            title="왕십리 광장 조성 계획",
            slug="plaza",
            summary="광장 조성 방향에 대한 의견을 듣습니다.",
            opens_at=now - datetime.timedelta(days=3),
            closes_at=now + datetime.timedelta(days=30),
        )
    )
    consultation.save_revision().publish()
    Opinion.objects.bulk_create(
        Opinion(
            page_id=consultation.pk,
            name="김민수",
            region_id=(i % 17) + 1,
            text=f"광장에 그늘막과 벤치를 충분히 설치해 주세요. 의견 {i}번입니다.",
            answer="검토하겠습니다." if i % 10 == 0 else "",
            contact_key=f"010-0000-{i:04d}",
            text_hash=str(i),
            created_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(opinions)
    )
    section = home.add_child(instance=HomePage(title="구정 소개", slug="about"))
    plain = section.add_child(
        instance=HomePage(title="인사말", slug="greeting", intro="<p>성동구 누리집입니다.</p>")
    )
    plain.save_revision().publish()
    vote = create_vote("cluster")
    return {"consultation": consultation.url, "floor": plain.url, "vote": vote}


# --- pages per second -----------------------------------------------------------------------


def pages_per_second(cluster, urls, rounds, burst, concurrency):
    """Interleaved bursts of the consultation page and the plain page through the LB."""
    import requests

    cert = str(cluster.cert)
    sessions = []
    for _ in range(concurrency):
        sessions.append(requests.Session())

    def run_burst(path):
        remaining, lock, failures = [burst], threading.Lock(), [0]

        def work(session):
            while True:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                try:
                    # verify per request: REQUESTS_CA_BUNDLE would win over a session's.
                    response = session.get(cluster.lb_url + path, timeout=60, verify=cert)
                    ok = response.status_code == 200
                except requests.RequestException:
                    ok = False
                if not ok:
                    with lock:
                        failures[0] += 1

        threads = [threading.Thread(target=work, args=(s,)) for s in sessions]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        return time.perf_counter() - started, failures[0]

    for path in urls.values():
        run_burst(path)  # warm-up: every worker of both hosts
    wall = dict.fromkeys(urls, 0.0)
    failures = 0
    for _ in range(rounds):
        for name, path in urls.items():
            seconds, failed = run_burst(path)
            wall[name] += seconds
            failures += failed
    rps = {name: rounds * burst / wall[name] for name in urls}
    return {
        "consultation_rps": round(rps["consultation"], 1),
        "plain_rps": round(rps["floor"], 1),
        "ratio": round(rps["consultation"] / rps["floor"], 3),
        "requests": rounds * burst * len(urls),
        "non_200": failures,
        "concurrency": concurrency,
    }


# --- voting while a web host dies -----------------------------------------------------------


def vote_with_failover(cluster, vote, count, log=print, down_seconds=5.0):
    """``count`` residents vote at once; web1 is SIGKILLed once a third of ballots are stored."""
    from django.db.models import Count

    from egov_plugin.budgeting.models import Ballot
    from egov_plugin.people.models import Region

    region_ids = list(Region.objects.values_list("pk", flat=True))
    project_ids = list(vote.projects.values_list("pk", flat=True))
    base = cluster.lb_url + vote.url
    requests_log = Log()
    voters = [Voter(i, base, cluster, requests_log, region_ids, project_ids) for i in range(count)]
    start = threading.Barrier(count + 1)
    threads = [threading.Thread(target=v.run, args=(start,), daemon=True) for v in voters]
    for thread in threads:
        thread.start()
    start.wait(timeout=120)
    began = time.monotonic()
    deadline = began + 900

    def stored():
        return Ballot.objects.filter(page=vote).count()

    while stored() < max(1, count // 3) and time.monotonic() < deadline:
        if not any(thread.is_alive() for thread in threads):
            break
        time.sleep(0.2)
    killed_at = time.monotonic()
    processes = cluster.kill("web1")
    log(f"web1 killed ({processes} processes) with {stored()} ballots stored")
    time.sleep(down_seconds)
    cluster.start_web("web1")
    cluster.wait(lambda: cluster.web_ready("web1"), 120, "web1 to come back")
    back_at = time.monotonic()
    log(f"web1 back after {back_at - killed_at:.1f} s")
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    finished = time.monotonic()

    rows = Ballot.objects.filter(page=vote)
    per_number = rows.values("phone_hash").annotate(n=Count("id")).values_list("n", flat=True)
    # The receipt page shows the code in groups (voting.format_receipt); compare without dashes.
    receipts = {code.replace("-", "") for code in rows.values_list("receipt_code", flat=True)}
    # Who has a ballot, by the keyed number hash the app stores (same SECRET_KEY as the hosts).
    from egov_plugin.budgeting.forms import normalize_mobile
    from egov_plugin.budgeting.voting import phone_hash

    hashes = set(rows.values_list("phone_hash", flat=True))
    has_ballot = {v.index: phone_hash(normalize_mobile(v.phone)) in hashes for v in voters}
    outcomes = Counter(v.outcome for v in voters)
    claimed = [v for v in voters if v.outcome == "stored"]
    lost = sum(
        1
        for v in claimed
        if (v.receipt or "").replace("-", "") not in receipts or not has_ballot[v.index]
    )
    refused_clear = sum(1 for v in voters for _, clear in v.refusals if clear)
    refused_unclear = sum(1 for v in voters for _, clear in v.refusals if not clear)
    ips = Counter(rows.values_list("ip_address", flat=True))
    window_end = back_at + 6  # nginx tries the restarted host again after fail_timeout (5 s)
    in_window = [r for r in requests_log.rows if r[1] >= killed_at and r[0] <= window_end]
    failed_all = sum(1 for r in requests_log.rows if not r[2])
    failed_window = sum(1 for r in in_window if not r[2])
    for voter in [v for v in voters if v.outcome == "failed"][:5]:
        log(f"voter {voter.index} failed: {voter.error} {voter.refusals}")
    return {
        "voters": count,
        "stored": rows.count(),
        "stored_twice": sum(n - 1 for n in per_number if n > 1),
        "outcomes": dict(outcomes),
        "lost": lost,
        # The dead host stored the ballot but never answered; the retry was refused (409).
        "refused_after_storing": sum(
            1 for v in voters if v.outcome == "refused" and has_ballot[v.index]
        ),
        "without_ballot": sum(1 for v in voters if not has_ballot[v.index]),
        "refusals_clear": refused_clear,
        "refusals_unclear": refused_unclear,
        "requests": len(requests_log.rows),
        "failed_requests": failed_all,
        "failed_share": round(failed_all / max(1, len(requests_log.rows)), 4),
        "failover_requests": len(in_window),
        "failover_failed": failed_window,
        "failover_failed_share": round(failed_window / max(1, len(in_window)), 4),
        "web1_down_s": round(back_at - killed_at, 1),
        "seconds": round(finished - began, 1),
        "client_ip_seen": (ips.most_common(1)[0][0] if ips else None),
        "client_ip_is_driver": bool(ips) and set(ips) == {net.GATEWAY},
    }


# --- a campaign while a worker host dies ----------------------------------------------------


def create_audience(recipients):
    """``recipients`` consenting residents (numbers 010-0000-0000 upwards) and a campaign."""
    from egov_plugin.outreach.models import Campaign
    from egov_plugin.people.models import ConsentRecord, Person, Region, SubscriberProfile

    regions = list(Region.objects.all())
    people = Person.objects.bulk_create(
        [
            Person(
                name=f"주민{i}",
                mobile=f"010-{i // 10000:04d}-{i % 10000:04d}",
                region=regions[i % len(regions)],
            )
            for i in range(recipients)
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
                person=p, channel="sms", recorded_at=now - datetime.timedelta(days=100),
                wording="cluster", wording_version="1",
            )
            for p in people
        ],
        batch_size=5000,
    )  # fmt: skip
    campaign = Campaign.objects.create(
        name="cluster", message="{name}님, {region} 주민 의견을 들려주세요."
    )
    return campaign, [p.mobile.replace("-", "") for p in people]


def provider_stats(cluster):
    import requests

    return requests.get(f"{cluster.sms_url}/__cluster/stats", timeout=60).json()


def campaign_with_failover(cluster, campaign, numbers, log=print, resume_every=15.0):
    """Send the campaign on both worker hosts; wrk1 is SIGKILLed at a third and brought back.

    ``egov_outreach_resume`` then runs on wrk1 every ``resume_every`` seconds, as the
    scheduler does: RQ does not rerun a job whose worker died, and a claim of the dead worker
    is settled with the provider (NHN Cloud's grouping keys) before anything is sent again.
    """
    from django.db.models import Count

    from egov_plugin.outreach import sending
    from egov_plugin.outreach.models import Campaign, Delivery

    baseline = provider_stats(cluster)["numbers"]
    wanted = set(numbers)
    started = time.monotonic()
    sending.start_campaign(campaign)
    enqueued = time.monotonic()
    deadline = started + 3600

    def accepted():
        stats = provider_stats(cluster)["numbers"]
        return sum(n for k, n in stats.items() if k in wanted)

    while accepted() < len(numbers) // 3 and time.monotonic() < deadline:
        time.sleep(0.5)
    processes = cluster.kill("wrk1")
    log(f"wrk1 killed ({processes} processes) at {accepted()} messages")
    time.sleep(3)
    cluster.start_workers("wrk1")
    resumes = 0
    while time.monotonic() < deadline:
        campaign.refresh_from_db()
        if campaign.status == Campaign.Status.DONE:
            break
        time.sleep(resume_every)
        campaign.refresh_from_db()
        if campaign.status == Campaign.Status.DONE:
            break
        cluster.manage("wrk1", "egov_outreach_resume")
        resumes += 1
    finished = time.monotonic()
    stats = provider_stats(cluster)
    received = Counter(
        {k: n - baseline.get(k, 0) for k, n in stats["numbers"].items() if k in wanted}
    )
    sent_rows = Delivery.objects.filter(campaign=campaign, status=Delivery.Status.SENT)
    per_person = sent_rows.values("person").annotate(n=Count("id")).values_list("n", flat=True)
    return {
        "recipients": len(numbers),
        "status": campaign.status,
        "provider_received": sum(received.values()),
        "provider_duplicates": sum(n - 1 for n in received.values() if n > 1),
        "provider_missing": len(wanted - {k for k, n in received.items() if n > 0}),
        "provider_requests": stats["requests"],
        "deliveries_sent": sent_rows.count(),
        "deliveries_twice": sum(n - 1 for n in per_person if n > 1),
        "deliveries_other": Delivery.objects.filter(campaign=campaign)
        .exclude(status=Delivery.Status.SENT)
        .count(),
        "resume_runs": resumes,
        "enqueue_s": round(enqueued - started, 1),
        "send_s": round(finished - enqueued, 1),
        "messages_per_s": round(sum(received.values()) / max(0.001, finished - enqueued)),
    }
