"""NHN Cloud SMS, API v3.0 (https://docs.nhncloud.com/ko/Notification/SMS/ko/api-guide/).

From the guide:
- ``POST {base}/sms/v3.0/appKeys/{appKey}/sender/sms`` (``/sender/mms`` for LMS; advertising
  ``/sender/ad-sms`` and ``/sender/ad-mms``, whose body must start with ``(광고)`` and end with
  the free opt-out number), header ``X-Secret-Key``. One request carries up to 1,000
  ``recipientList`` entries; ``senderGroupingKey`` (per request) and ``recipientGroupingKey``
  (per recipient) are keys of the caller's, up to 100 characters, echoed in the answer's
  ``sendResultList`` and kept for the list queries. ``templateParameter`` fills ``##key##``
  placeholders per recipient when the request names a ``templateId``; with a ``body`` as well,
  the body is what is sent.
- ``GET …/sender/sms`` (``/sender/mms``) lists messages by ``requestId``, or by
  ``startCreateDate`` + ``endCreateDate`` with ``senderGroupingKey`` / ``recipientGroupingKey``
  filters, ``pageNum`` and ``pageSize`` (at most 1,000). ``msgStatus``: 0 failed, 1 requested,
  2 processing, 3 delivered, 4 reservation cancelled, 5 duplicate failure, 6 failed
  (advertising restriction), 7 waiting to be resent (advertising restriction).
Assumed (the guide does not say): list dates are Korean time; advertising messages are listed
under ``/sender/sms`` and ``/sender/mms`` (the rows carry ``adYn``); a request is listed as soon
as it is accepted.
Settings: ``EGOV_SMS_NHN_APP_KEY``, ``EGOV_SMS_NHN_SECRET_KEY``, ``EGOV_SMS_NHN_BASE_URL``,
``EGOV_SMS_NHN_TEMPLATE_ID``.
"""

import datetime
import time
import zoneinfo
from urllib.parse import urlencode

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

MAX_RECIPIENTS = 1000
PAGE_SIZE = 1000
_DELIVERED_STATUS = "3"
_FAILED_STATUSES = {
    "0": "",
    "4": "",
    "5": "",
    "6": "실패(광고 제한)",  # advertising restriction: final, the phone never gets it
}
_SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _stamp(moment):
    return timezone.localtime(moment, _SEOUL).strftime("%Y-%m-%d %H:%M:%S")


class NhnCloudSmsBackend(BaseSmsBackend):
    """Up to 1,000 recipients per request: identical texts share a request, and with a
    template ID so do personalised ones (``templateParameter``)."""

    max_per_request = MAX_RECIPIENTS

    def _option(self, name):
        return self.options.get(name.lower()) or getattr(app_settings, f"SMS_NHN_{name}")

    def _timeout(self):
        return self.options.get("timeout") or app_settings.SMS_TIMEOUT

    def _url(self, path):
        base = self._option("BASE_URL").rstrip("/")
        return f"{base}/sms/v3.0/appKeys/{self._option('APP_KEY')}/{path}"

    def _headers(self):
        return {"X-Secret-Key": self._option("SECRET_KEY")}

    def send_messages(self, messages):
        template_id = self._option("TEMPLATE_ID")
        groups = {}
        for index, message in enumerate(messages):
            kind = "sms" if rules.message_type(message.text) == rules.SMS else "mms"
            templated = bool(template_id and message.template and message.fields)
            body = message.template if templated else message.text
            title = (message.title or message.text[:20]) if kind == "mms" else ""
            key = (kind, message.advertising, message.sender, message.batch, title, body, templated)
            groups.setdefault(key, []).append(index)
        results = [None] * len(messages)
        for (kind, advertising, sender, batch, title, body, templated), indexes in groups.items():
            for start in range(0, len(indexes), MAX_RECIPIENTS):
                chunk = [messages[i] for i in indexes[start : start + MAX_RECIPIENTS]]
                if self.deadline is not None and time.monotonic() > self.deadline:
                    answers = [not_started(m, "NHN Cloud") for m in chunk]
                else:
                    path = f"sender/{'ad-' if advertising else ''}{kind}"
                    payload = {
                        "body": body,
                        "sendNo": digits(sender or egov_settings.SMS_SENDER),
                        "recipientList": [self._recipient(m, templated) for m in chunk],
                    }
                    if templated:
                        payload["templateId"] = template_id
                    if batch:
                        payload["senderGroupingKey"] = batch
                    if title:
                        payload["title"] = title
                    answers = self._send(path, payload, chunk)
                for i, answer in zip(indexes[start : start + MAX_RECIPIENTS], answers, strict=True):
                    results[i] = answer
        return results

    def _recipient(self, message, templated):
        entry = {"recipientNo": digits(message.to)}
        if message.reference:
            entry["recipientGroupingKey"] = message.reference
        if templated:
            entry["templateParameter"] = message.fields
        return entry

    def _send(self, path, payload, chunk):
        reply = post_json(self._url(path), payload, self._headers(), self._timeout())
        header = reply.body.get("header") or {}
        if reply.status != 200 or not header.get("isSuccessful"):
            detail = header.get("resultMessage") or reply.error or f"HTTP {reply.status}"
            code = header.get("resultCode", reply.status)
            error = f"NHN Cloud: {detail} ({code})"
            transient, doubt = is_transient(reply.status), uncertain(reply)
            return [failure(m, error, transient=transient, uncertain=doubt) for m in chunk]
        data = (reply.body.get("body") or {}).get("data") or {}
        request_id = str(data.get("requestId", ""))
        listed = data.get("sendResultList") or []
        by_key = {
            str(r.get("recipientGroupingKey")): r for r in listed if r.get("recipientGroupingKey")
        }
        by_seq = {r.get("recipientSeq"): r for r in listed}
        answers = []
        for seq, message in enumerate(chunk, start=1):
            sent = by_key.get(message.reference) or by_seq.get(seq) or {}
            if sent.get("resultCode", 0) != 0:
                error = f"NHN Cloud: {sent.get('resultMessage', '')} ({sent.get('resultCode')})"
                answers.append(failure(message, error, transient=False))
            else:
                answers.append(SmsResult(message, ok=True, provider_id=request_id))
        return answers

    def _list(self, kind, **query):
        """Every row of a list query, page by page; raises ``ProviderError`` if it fails."""
        rows, page = [], 1
        while True:
            params = urlencode({**query, "pageNum": page, "pageSize": PAGE_SIZE})
            reply = get_json(self._url(f"sender/{kind}?{params}"), self._headers(), self._timeout())
            header = reply.body.get("header") or {}
            if reply.status != 200 or not header.get("isSuccessful"):
                detail = header.get("resultMessage") or reply.error or f"HTTP {reply.status}"
                raise ProviderError(f"NHN Cloud: {detail}")
            body = reply.body.get("body") or {}
            found = body.get("data") or []
            rows += found
            if len(found) < PAGE_SIZE or len(rows) >= int(body.get("totalCount") or 0):
                return rows
            page += 1

    def find_accepted(self, batch, messages, since):
        """Ask the list query for the batch's ``senderGroupingKey`` since it was claimed."""
        wanted = {m.reference for m in messages}
        window = {
            "startCreateDate": _stamp(since - datetime.timedelta(minutes=5)),
            "endCreateDate": _stamp(timezone.now() + datetime.timedelta(minutes=5)),
            "senderGroupingKey": batch,
        }
        accepted = {}
        for kind in ("sms", "mms"):
            for row in self._list(kind, **window):
                key = str(row.get("recipientGroupingKey") or "")
                if key in wanted and row.get("senderGroupingKey") == batch:
                    accepted[key] = str(row.get("requestId", ""))
        return accepted

    def fetch_reports(self, sent):
        """``{reference: Report}`` for ``(reference, provider_id, number)`` triples.

        One list query per request (up to 1,000 recipients a page), matched by the recipient
        grouping key (our reference) or, for messages sent one per request, by number.
        """
        reports = {}
        by_request = {}
        for reference, request_id, number in sent:
            by_request.setdefault(request_id, []).append((reference, digits(number)))
        for request_id, items in by_request.items():
            try:
                rows = []
                for kind in ("sms", "mms"):  # the id does not say whether it went as SMS or LMS
                    rows = self._list(kind, requestId=request_id)
                    if rows:
                        break
            except ProviderError as exc:
                for reference, _number in items:
                    reports[reference] = Report(PENDING, str(exc))
                continue
            by_key = {str(r.get("recipientGroupingKey")): r for r in rows}
            by_number = {str(r.get("recipientNo")): r for r in rows}
            for reference, number in items:
                row = by_key.get(reference) or by_number.get(number)
                reports[reference] = (
                    _nhn_report(row) if row else Report(PENDING, "NHN Cloud: no result yet")
                )
        return reports


def _nhn_report(row):
    status = str(row.get("msgStatus", ""))
    if status == _DELIVERED_STATUS:
        return Report(DELIVERED)
    if status in _FAILED_STATUSES:
        name = (
            row.get("resultCodeName") or _FAILED_STATUSES[status] or row.get("msgStatusName") or ""
        )
        return Report(FAILED, f"NHN Cloud: {name} ({row.get('resultCode') or status})")
    return Report(PENDING)
