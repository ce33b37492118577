"""Network namespaces joined by a bridge: the hosts of the simulated cluster.

Every name this module creates starts with ``egov-`` (namespaces) or ``egv`` (links), every
address is in 10.77.0.0/24, and :func:`teardown` removes exactly those, so a run killed half-way
is cleaned up by the next one (or by ``scripts/cluster --cleanup``).
"""

import os
import shutil
import signal
import subprocess
import time

BRIDGE = "egvbr0"
GATEWAY = "10.77.0.1"  # the root namespace (the driver) on the bridge
PREFIX = 24
# Host name -> address. Namespace "egov-<name>", veth "egvr-<name>" (root side).
HOSTS = {
    "data": "10.77.0.5",  # PostgreSQL and Redis
    "lb": "10.77.0.10",
    "web1": "10.77.0.11",
    "web2": "10.77.0.12",
    "wrk1": "10.77.0.21",
    "wrk2": "10.77.0.22",
    "sms": "10.77.0.30",
}


def namespace(host):
    """The namespace name of ``host``."""
    return f"egov-{host}"


def available():
    """Why the cluster cannot run here (a sentence), or ``None`` when it can."""
    if os.geteuid() != 0:
        return "scripts/cluster needs root (network namespaces)"
    if not shutil.which("ip"):
        return "the ip command (iproute2) is missing"
    probe = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"ip netns does not work here: {probe.stderr.strip()}"
    return None


def _ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)


def build():
    """Create the bridge, one namespace per host, and a veth pair from each to the bridge."""
    teardown()
    _ip("link", "add", BRIDGE, "type", "bridge")
    _ip("addr", "add", f"{GATEWAY}/{PREFIX}", "dev", BRIDGE)
    _ip("link", "set", BRIDGE, "up")
    for host, address in HOSTS.items():
        ns, outer, inner = namespace(host), f"egvr-{host}", f"egvn-{host}"
        _ip("netns", "add", ns)
        _ip("link", "add", outer, "type", "veth", "peer", "name", inner)
        _ip("link", "set", outer, "master", BRIDGE)
        _ip("link", "set", outer, "up")
        _ip("link", "set", inner, "netns", ns)
        _ip("-n", ns, "link", "set", "lo", "up")
        _ip("-n", ns, "link", "set", inner, "name", "eth0")
        _ip("-n", ns, "addr", "add", f"{address}/{PREFIX}", "dev", "eth0")
        _ip("-n", ns, "link", "set", "eth0", "up")
        # No default route: a host reaches the bridge and nothing else.


def pids(host):
    """The ids of every process running in ``host``'s namespace."""
    found = _ip("netns", "pids", namespace(host), check=False)
    return [int(p) for p in found.stdout.split() if p.strip().isdigit()]


def kill_host(host, sig=signal.SIGKILL):
    """Send ``sig`` to every process of ``host`` (SIGKILL: the host dies); returns how many."""
    targets = pids(host)
    for pid in targets:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
    return len(targets)


def stop_host(host, grace=10.0):
    """TERM every process of ``host``, then KILL what is left after ``grace`` seconds."""
    if not kill_host(host, signal.SIGTERM):
        return
    deadline = time.monotonic() + grace
    while pids(host) and time.monotonic() < deadline:
        time.sleep(0.2)
    kill_host(host, signal.SIGKILL)


def teardown():
    """Stop every process of the cluster's namespaces and remove the namespaces and bridge."""
    existing = _ip("netns", "list", check=False).stdout.split()
    for host in HOSTS:
        if namespace(host) in existing:
            stop_host(host, grace=3.0)
    for host in HOSTS:
        if namespace(host) in existing:
            _ip("netns", "del", namespace(host), check=False)
        _ip("link", "del", f"egvr-{host}", check=False)
    _ip("link", "del", BRIDGE, check=False)


def exec_args(host):
    """The command prefix that runs a program inside ``host``."""
    return ["ip", "netns", "exec", namespace(host)]
