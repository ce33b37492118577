"""Residents voting through the load balancer, over HTTPS, while a web host dies.

Each resident is a thread with its own session: open the vote, ask for a code (sent through
the fake SMS host, read back from it), confirm it, cast a ballot, read the receipt. A request
that fails (no answer, or a 5xx) makes the resident start over, at most ``ATTEMPTS`` times, as
a person would press reload: a ballot that the dead host had stored before it died is then
refused with the "already voted" page, never stored again.
"""

import re
import threading
import time

from budget_vote import CSRF_RE, RECEIPT_RE, _ballot_data

ATTEMPTS = 3
HTTP_TIMEOUT = 300  # longer than the LB's 120 s read timeout and one retry
CODE_RE = re.compile(r"\d{6}")


class Failed(Exception):
    """A request of the flow got no usable answer."""


class Log:
    """Every request of the run: (start time, end time, ok); thread-safe."""

    def __init__(self):
        self.rows = []
        self.lock = threading.Lock()

    def add(self, started, ok):
        with self.lock:
            self.rows.append((started, time.monotonic(), ok))


class Voter:
    """One resident; ``outcome`` ends as "stored", "refused" or "failed"."""

    def __init__(self, index, base, cluster, log, region_ids, project_ids):
        import random

        self.index, self.base, self.cluster, self.log = index, base, cluster, log
        self.phone = f"010-{3000 + index // 10000:04d}-{index % 10000:04d}"
        self.rng = random.Random(index)
        self.region_ids, self.project_ids = region_ids, project_ids
        self.outcome, self.receipt, self.refusals, self.error = "failed", None, [], None
        self.codes_used = 0

    def _request(self, session, method, url, **kwargs):
        started = time.monotonic()
        try:
            response = session.request(
                method, url, timeout=HTTP_TIMEOUT, allow_redirects=False,
                # Per request: REQUESTS_CA_BUNDLE in the environment would win over the session.
                verify=str(self.cluster.cert), **kwargs,
            )  # fmt: skip
        except Exception as exc:
            self.log.add(started, False)
            raise Failed(repr(exc)) from exc
        self.log.add(started, response.status_code < 500)
        if response.status_code >= 500:
            raise Failed(f"{method} {url[len(self.base) :]}: {response.status_code}")
        return response

    def _form(self, session, url):
        page = self._request(session, "GET", url)
        match = CSRF_RE.search(page.text)
        return page, match.group(1) if match else None

    def _code(self, count, timeout=60):
        import requests

        digits = self.phone.replace("-", "")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            texts = requests.get(
                f"{self.cluster.sms_url}/__cluster/codes", params={"to": digits}, timeout=10
            ).json()
            if len(texts) >= count:
                return CODE_RE.search(texts[count - 1]).group()
            time.sleep(1.0)  # 500 residents polling: keep the SMS host's share of the CPU small
        raise Failed("no code arrived")

    def _attempt(self):
        import requests

        session = requests.Session()
        session.headers.update({"Origin": self.cluster.lb_url, "Referer": self.base})
        self._request(session, "GET", self.base)
        _, token = self._form(session, self.base + "verify/")
        sent = self._request(
            session, "POST", self.base + "verify/",
            data={"csrfmiddlewaretoken": token, "phone": self.phone, "consent": "on"},
        )  # fmt: skip
        if sent.status_code != 302:
            return self._refused(sent)
        self.codes_used += 1
        code = self._code(self.codes_used)
        _, token = self._form(session, self.base + "verify/code/")
        checked = self._request(
            session, "POST", self.base + "verify/code/",
            data={"csrfmiddlewaretoken": token, "code": code},
        )  # fmt: skip
        if checked.status_code != 302:
            return self._refused(checked)
        form, token = self._form(session, self.base + "ballot/")
        if token is None:  # the ballot form is refused (already voted)
            return self._refused(form)
        data = _ballot_data(token, self.rng, self.region_ids, self.project_ids)
        cast = self._request(session, "POST", self.base + "ballot/", data=data)
        if cast.status_code != 302:
            return self._refused(cast)
        receipt = self._request(session, "GET", self.base + "receipt/")
        match = RECEIPT_RE.search(receipt.text)
        self.receipt = match.group(1) if match else None
        self.outcome = "stored"

    def _refused(self, response):
        clear = 400 <= response.status_code < 500 and 'role="alert"' in response.text
        self.refusals.append((response.status_code, clear))
        self.outcome = "refused" if clear else "failed"

    def run(self, start):
        start.wait(timeout=120)
        # A code that arrives late (the host died while sending it) counts for the next try.
        for _ in range(ATTEMPTS):
            try:
                self._attempt()
                return
            except Failed as exc:
                self.error = str(exc)
                self.codes_used = len(self._texts())

    def _texts(self):
        import requests

        try:
            return requests.get(
                f"{self.cluster.sms_url}/__cluster/codes",
                params={"to": self.phone.replace("-", "")},
                timeout=10,
            ).json()
        except Exception:
            return [None] * self.codes_used
