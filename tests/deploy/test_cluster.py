"""``scripts/cluster --small`` on this machine: a campaign while a worker host dies, residents
voting while a web host dies. Nothing is sent twice or lost, no ballot is stored twice.

Needs root and ``ip netns`` (network namespaces); skipped otherwise. It takes minutes: it builds
seven simulated hosts, a PostgreSQL cluster and Redis of its own, and tears them down.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _netns_works():
    if os.geteuid() != 0 or not shutil.which("ip"):
        return False
    return subprocess.run(["ip", "netns", "list"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _netns_works(), reason="needs root and ip netns")


def test_small_cluster_loses_nothing_and_sends_nothing_twice():
    done = subprocess.run(
        [str(ROOT / "scripts" / "cluster"), "--small"],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in result, done.stderr[-4000:]
    campaign, vote = result["campaign"], result["vote"]
    assert campaign["status"] == "done"
    assert campaign["provider_duplicates"] == 0
    assert campaign["provider_missing"] == 0
    assert campaign["deliveries_twice"] == 0
    assert campaign["deliveries_sent"] == campaign["recipients"] == 2000
    assert vote["stored_twice"] == 0
    assert vote["lost"] == 0
    # Every resident ends with a ballot stored once or a refusal page that says why.
    assert vote["outcomes"].get("failed", 0) == 0, vote
    assert vote["stored"] == vote["outcomes"].get("stored", 0) + vote["refused_after_storing"]
    # The application saw the residents' address (the driver's), not the load balancer's.
    assert vote["client_ip_is_driver"]
    # Nothing of the run is left behind.
    assert "egov-" not in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                          text=True).stdout  # fmt: skip
