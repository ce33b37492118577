"""Naver Cloud SENS SMS, API v2 (https://api.ncloud-docs.com/docs/sens-sms-send).

From the guide:
- ``POST {base}/sms/v2/services/{serviceId}/messages`` signed with ``x-ncp-apigw-signature-v2``
  (base64 of HMAC-SHA256 with the secret key over ``"POST {uri}\\n{timestamp}\\n{accessKey}"``).
  The body's ``type`` (SMS, LMS, MMS), ``contentType`` (``COMM``, or ``AD`` for advertising),
  ``from`` and default ``content``/``subject`` apply to every entry of ``messages`` (at most
  100); an entry's own ``content`` and ``subject`` take precedence. Accepted with ``202`` and
  one ``requestId`` for the whole request.
- ``GET …/messages?requestId=…`` lists the request's messages (``messageId``, ``to``, …), as
  does ``GET …/messages?requestStartTime=…&requestEndTime=…`` (30 days at most) for every
  request in a time window; ``GET …/messages/{messageId}`` gives one message's ``content``,
  ``status`` (READY, PROCESSING, COMPLETED) and, once completed, ``statusName`` (success or
  fail) with ``statusCode`` and ``statusMessage``.
- The guide documents no key of the caller's that SENS would keep (no grouping key, no
  idempotency key), so a batch in doubt is found by its numbers and texts in the time window.
Assumed (not in the stored guide): the list's paging parameters ``pageIndex`` (from 0) and
``pageSize``, and that its times are Korean time.
The government cloud (gov-ntruss) has the same API at another base URL.
Settings: ``EGOV_SMS_SENS_SERVICE_ID``, ``EGOV_SMS_SENS_ACCESS_KEY``,
``EGOV_SMS_SENS_SECRET_KEY``, ``EGOV_SMS_SENS_BASE_URL``.
"""

import base64
import datetime
import hashlib
import hmac
import time
import zoneinfo
from urllib.parse import quote, urlencode

from django.utils import timezone

from egov_plugin.core.conf import egov_settings
from egov_plugin.core.sms import BaseSmsBackend, SmsResult

from .. import rules
from ..conf import app_settings
from .http import (
    DELIVERED,
    FAILED,
    PENDING,
    ProviderError,
    Report,
    digits,
    failure,
    get_json,
    is_transient,
    not_started,
    post_json,
    uncertain,
)

MAX_MESSAGES = 100
PAGE_SIZE = 100
#: Pages of the time-window list read to settle a batch in doubt; beyond, it is sent again.
MAX_PAGES = 100
_SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def signature(secret_key, method, uri, timestamp, access_key):
    """The ``x-ncp-apigw-signature-v2`` header value."""
    text = f"{method} {uri}\n{timestamp}\n{access_key}"
    digest = hmac.new(secret_key.encode(), text.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _stamp(moment):
    return timezone.localtime(moment, _SEOUL).strftime("%Y-%m-%d %H:%M:%S")


class SensSmsBackend(BaseSmsBackend):
    """Up to 100 messages per request, each with its own text (``messages[].content``)."""

    max_per_request = MAX_MESSAGES

    def _option(self, name):
        return self.options.get(name.lower()) or getattr(app_settings, f"SMS_SENS_{name}")

    def _timeout(self):
        return self.options.get("timeout") or app_settings.SMS_TIMEOUT

    def _headers(self, method, uri):
        timestamp = str(int(time.time() * 1000))
        access_key = self._option("ACCESS_KEY")
        return {
            "x-ncp-apigw-timestamp": timestamp,
            "x-ncp-iam-access-key": access_key,
            "x-ncp-apigw-signature-v2": signature(
                self._option("SECRET_KEY"), method, uri, timestamp, access_key
            ),
        }

    def _base(self):
        return f"/sms/v2/services/{self._option('SERVICE_ID')}/messages"

    def send_messages(self, messages):
        groups = {}
        for index, message in enumerate(messages):
            key = (rules.message_type(message.text), message.advertising, message.sender)
            groups.setdefault(key, []).append(index)
        results = [None] * len(messages)
        for (kind, advertising, sender), indexes in groups.items():
            for start in range(0, len(indexes), MAX_MESSAGES):
                part = indexes[start : start + MAX_MESSAGES]
                chunk = [messages[i] for i in part]
                if self.deadline is not None and time.monotonic() > self.deadline:
                    answers = [not_started(m, "SENS") for m in chunk]
                else:
                    answers = self._send(kind, advertising, sender, chunk)
                for i, answer in zip(part, answers, strict=True):
                    results[i] = answer
        return results

    def _send(self, kind, advertising, sender, chunk):
        uri = self._base()
        entries = []
        for message in chunk:
            entry = {"to": digits(message.to), "content": message.text}
            if kind == rules.LMS and message.title:
                entry["subject"] = message.title
            entries.append(entry)
        payload = {
            "type": kind,
            "contentType": "AD" if advertising else "COMM",
            "countryCode": "82",
            "from": digits(sender or egov_settings.SMS_SENDER),
            "content": chunk[0].text,
            "messages": entries,
        }
        reply = post_json(
            self._option("BASE_URL").rstrip("/") + uri,
            payload,
            self._headers("POST", uri),
            self._timeout(),
        )
        if reply.status != 202 or reply.body.get("statusCode") not in ("202", 202):
            error = f"SENS: {_detail(reply)} ({reply.status})"
            transient, doubt = is_transient(reply.status), uncertain(reply)
            return [failure(m, error, transient=transient, uncertain=doubt) for m in chunk]
        request_id = str(reply.body.get("requestId", ""))
        return [SmsResult(m, ok=True, provider_id=request_id) for m in chunk]

    def _get(self, uri):
        # The signature covers the path with its query string, as the request line has it.
        reply = get_json(
            self._option("BASE_URL").rstrip("/") + uri, self._headers("GET", uri), self._timeout()
        )
        if reply.status != 200:
            raise ProviderError(f"SENS: {_detail(reply)}")
        return reply.body

    def _message(self, message_id):
        return (self._get(f"{self._base()}/{quote(message_id)}").get("messages") or [{}])[0]

    def find_accepted(self, batch, messages, since):
        """Messages to our numbers, with our texts, requested since the batch was claimed.

        Raises ``ProviderError`` when SENS cannot be asked; returns ``None`` when the window
        holds more than ``MAX_PAGES`` pages (then the batch is sent again).
        """
        wanted = {digits(m.to): m for m in messages}
        window = {
            "requestStartTime": _stamp(since - datetime.timedelta(minutes=5)),
            "requestEndTime": _stamp(timezone.now() + datetime.timedelta(minutes=5)),
            "pageSize": PAGE_SIZE,
        }
        candidates = []
        for index in range(MAX_PAGES):
            body = self._get(f"{self._base()}?{urlencode({**window, 'pageIndex': index})}")
            listed = body.get("messages") or []
            candidates += [row for row in listed if digits(str(row.get("to", ""))) in wanted]
            if not body.get("hasMore") or not listed:
                break
        else:
            return None
        accepted = {}
        for row in candidates:
            message = wanted[digits(str(row["to"]))]
            if message.reference in accepted or not row.get("messageId"):
                continue
            if self._message(row["messageId"]).get("content") == message.text:
                accepted[message.reference] = str(row.get("requestId", ""))
        return accepted

    def fetch_reports(self, sent):
        """``{reference: Report}`` for ``(reference, provider_id, number)`` triples.

        One list query per request (its messages' ids by number), then one result query per
        message: SENS gives a message's outcome only one message at a time.
        """
        reports = {}
        by_request = {}
        for reference, request_id, number in sent:
            by_request.setdefault(request_id, []).append((reference, digits(number)))
        for request_id, items in by_request.items():
            try:
                listed = self._get(f"{self._base()}?requestId={quote(request_id)}")
            except ProviderError as exc:
                reports.update({reference: Report(PENDING, str(exc)) for reference, _n in items})
                continue
            ids = {
                digits(str(row.get("to", ""))): row.get("messageId")
                for row in listed.get("messages") or []
            }
            # Messages sent one per request (before batching) are listed without a number.
            only = next(iter(ids.values()), None) if len(ids) == 1 and len(items) == 1 else None
            for reference, number in items:
                message_id = ids.get(number) or only
                if not message_id:
                    reports[reference] = Report(PENDING, "SENS: no result yet")
                    continue
                try:
                    reports[reference] = _sens_report(self._message(message_id))
                except ProviderError as exc:
                    reports[reference] = Report(PENDING, str(exc))
        return reports


def _sens_report(result):
    if result.get("status") != "COMPLETED":
        return Report(PENDING)
    if result.get("statusName") == "success":
        return Report(DELIVERED)
    return Report(
        FAILED,
        f"SENS: {result.get('statusMessage') or 'fail'} ({result.get('statusCode', '')})",
    )


def _detail(reply):
    return (reply.body.get("statusName") if reply.status == 202 else None) or (
        (reply.body.get("error") or {}).get("message")
        or reply.body.get("errorMessage")
        or reply.error
        or f"HTTP {reply.status}"
    )
