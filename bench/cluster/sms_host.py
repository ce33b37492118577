"""The fake SMS provider host: NHN Cloud SMS v3.0 (tests/outreach/providers.py) on the
cluster's bridge, with two read-only paths for the driver under ``/__cluster/``:

- ``/__cluster/stats``: requests, messages, duplicates (same number and text more than once)
  and how many messages each number received;
- ``/__cluster/codes?to=<digits>``: the texts sent to one number (the residents' SMS codes).

    python -m cluster.sms_host 10.77.0.30 18330
"""

import json
import signal
import sys
from collections import Counter
from urllib.parse import parse_qs, urlsplit

from tests.outreach.providers import FakeProvider, NhnHandler


class ClusterHandler(NhnHandler):
    """NHN Cloud's API plus the driver's read-only paths."""

    def do_GET(self):  # noqa: N802
        parts = urlsplit(self.path)
        if parts.path == "/__cluster/stats":
            with self.server.lock:
                numbers = Counter(m["to"] for m in self.server.messages)
                stats = {
                    "requests": len(self.server.requests),
                    "messages": len(self.server.messages),
                    "duplicates": self.server.duplicates(),
                    "numbers": numbers,
                }
            return self._answer(200, stats)
        if parts.path == "/__cluster/codes":
            to = parse_qs(parts.query).get("to", [""])[0]
            with self.server.lock:
                texts = [m["content"] for m in self.server.messages if m["to"] == to]
            return self._answer(200, texts)
        return super().do_GET()


class ClusterProvider(FakeProvider):
    """The fake provider bound to the host's own address, with room for many clients."""

    request_queue_size = 1024
    address = ("127.0.0.1", 0)

    def server_bind(self):
        self.server_address = self.address
        super().server_bind()


def main():
    ClusterProvider.address = (sys.argv[1], int(sys.argv[2]))
    server = ClusterProvider(ClusterHandler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(json.dumps({"listening": list(server.server_address)}), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.unstall.set()
        server.server_close()


if __name__ == "__main__":
    main()
