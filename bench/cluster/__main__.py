"""``python -m cluster [--small]`` (``scripts/cluster``): build the simulated cluster, run the
scenario, print one JSON line, tear everything down (also on Ctrl-C or TERM).

    --small      2,000 recipients and 50 voters (a quick run; the test uses it)
    --cleanup    only remove what an interrupted run left (namespaces, bridge, processes)

The JSON has three parts: ``pages`` (consultation page and plain Wagtail page requests/s
through the load balancer, both web hosts up, and their ratio), ``vote`` (residents voting while
web1 is SIGKILLed and restarted) and ``campaign`` (an SMS campaign while wrk1 is SIGKILLed and
restarted), and ``ok``: no duplicates, nothing lost, failover error share within 1 %.
"""

import argparse
import json
import os
import signal
import sys
import time


def log(message):
    print(f"cluster: {message}", file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(prog="scripts/cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="2,000 recipients, 50 voters")
    parser.add_argument("--cleanup", action="store_true", help="only remove leftovers")
    parser.add_argument("--recipients", type=int, help="campaign size (default 78,785)")
    parser.add_argument("--voters", type=int, help="residents voting (default 500)")
    parser.add_argument("--opinions", type=int, default=1000, help="on the consultation page")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn workers per host")
    args = parser.parse_args()

    from . import net

    if args.cleanup:
        net.teardown()
        # The folders of runs that were killed before their own cleanup (PostgreSQL data etc.).
        import glob
        import shutil
        import tempfile

        for folder in glob.glob(os.path.join(tempfile.gettempdir(), "egov-cluster-*")):
            shutil.rmtree(folder, ignore_errors=True)
        return 0
    reason = net.available()
    if reason:
        print(json.dumps({"bench": "cluster", "skipped": reason}))
        return 3
    recipients = args.recipients or (2000 if args.small else 78_785)
    voters = args.voters or (50 if args.small else 500)
    rounds, burst = (4, 40) if args.small else (10, 80)

    # TERM (and Ctrl-C) end the run through the finally below.
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    from .services import Cluster

    began = time.monotonic()
    cluster = Cluster(web_workers=args.web_workers, log=log)
    result = {"bench": "cluster", "small": args.small}
    try:
        log(f"building namespaces (folder {cluster.folder})")
        net.build()
        cluster.start_data()
        os.environ.update(cluster.env)
        import django

        django.setup()
        from django.core.management import call_command

        log("migrating and collecting static files")
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from egov_plugin.people.regions import load_regions

        from . import scenario

        load_regions()
        pages = scenario.create_pages(args.opinions)
        log(f"creating {recipients} recipients")
        campaign, numbers = scenario.create_audience(recipients)
        from django.db import connections

        connections.close_all()

        cluster.start_sms()
        for host in ("web1", "web2"):
            cluster.start_web(host)
        for host in ("wrk1", "wrk2"):
            cluster.start_workers(host)
        cluster.start_lb()
        for host in ("web1", "web2"):
            cluster.wait(lambda h=host: cluster.web_ready(h), 120, f"{host} to answer")
        log("cluster up")

        urls = {"consultation": pages["consultation"], "floor": pages["floor"]}
        result["pages"] = scenario.pages_per_second(cluster, urls, rounds, burst, concurrency=8)
        log(f"pages: {result['pages']}")
        result["vote"] = scenario.vote_with_failover(cluster, pages["vote"], voters, log=log)
        log(f"vote: {result['vote']}")
        result["campaign"] = scenario.campaign_with_failover(cluster, campaign, numbers, log=log)
        log(f"campaign: {result['campaign']}")
        vote, sent = result["vote"], result["campaign"]
        result["ok"] = (
            sent["provider_duplicates"] == 0
            and sent["provider_missing"] == 0
            and sent["deliveries_twice"] == 0
            and sent["deliveries_sent"] == recipients
            and vote["stored_twice"] == 0
            and vote["lost"] == 0
            and vote["outcomes"].get("failed", 0) == 0
            and vote["failover_failed_share"] <= 0.01
        )
    except KeyboardInterrupt:
        result["error"] = "interrupted"
    except Exception as exc:
        result["error"] = repr(exc)
        for name in ("web1", "web2", "nginx-error", "sms", "wrk1-egov_sending", "postgres"):
            tail = cluster.log_tail(name, 1500)
            if tail:
                log(f"--- {name}.log ---\n{tail}")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip cleanup
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        cluster.stop()
        net.teardown()
        result["seconds"] = round(time.monotonic() - began, 1)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
