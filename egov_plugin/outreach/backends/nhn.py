"""NHN Cloud SMS, API v3.0 (https://docs.nhncloud.com/ko/Notification/SMS/ko/api-guide/).

``POST {base}/sms/v3.0/appKeys/{appKey}/sender/sms`` (or ``/sender/mms`` for LMS), header
``X-Secret-Key``; the answer's ``header.isSuccessful`` says whether the request was accepted.
Delivery reports: ``GET …/sender/sms?requestId=…`` (``/sender/mms`` for an LMS) lists the
request's recipients with ``msgStatus`` (1 requested, 2 processing, 3 delivered, 0/4/5 failed)
and ``resultCode``/``resultCodeName`` from the carrier.
Settings: ``EGOV_SMS_NHN_APP_KEY``, ``EGOV_SMS_NHN_SECRET_KEY``, ``EGOV_SMS_NHN_BASE_URL``.
"""

from urllib.parse import quote

from egov_plugin.core.conf import egov_settings
from egov_plugin.core.sms import BaseSmsBackend, SmsResult

from .. import rules
from .http import (
    DELIVERED,
    FAILED,
    PENDING,
    Report,
    digits,
    failure,
    get_json,
    is_transient,
    post_json,
)

_DELIVERED_STATUS = "3"
_FAILED_STATUSES = ("0", "4", "5")


class NhnCloudSmsBackend(BaseSmsBackend):
    """One request per message (each carries its own merge fields)."""

    def _option(self, name):
        return self.options.get(name.lower()) or getattr(egov_settings, f"SMS_NHN_{name}")

    def send_messages(self, messages):
        return [self._send(message) for message in messages]

    def _send(self, message):
        base = self._option("BASE_URL").rstrip("/")
        kind = "sms" if rules.message_type(message.text) == rules.SMS else "mms"
        url = f"{base}/sms/v3.0/appKeys/{self._option('APP_KEY')}/sender/{kind}"
        payload = {
            "body": message.text,
            "sendNo": digits(message.sender or egov_settings.SMS_SENDER),
            "recipientList": [{"recipientNo": digits(message.to)}],
        }
        if kind == "mms":
            payload["title"] = message.title or message.text[:20]
        reply = post_json(
            url,
            payload,
            {"X-Secret-Key": self._option("SECRET_KEY")},
            self.options.get("timeout") or egov_settings.SMS_TIMEOUT,
        )
        header = reply.body.get("header") or {}
        if reply.status != 200 or not header.get("isSuccessful"):
            detail = header.get("resultMessage") or reply.error or f"HTTP {reply.status}"
            code = header.get("resultCode", reply.status)
            return failure(
                message, f"NHN Cloud: {detail} ({code})", transient=is_transient(reply.status)
            )
        data = reply.body.get("body", {}).get("data", {}) or {}
        sent = (data.get("sendResultList") or [{}])[0]
        if sent.get("resultCode", 0) != 0:
            return failure(
                message,
                f"NHN Cloud: {sent.get('resultMessage', '')} ({sent.get('resultCode')})",
                transient=False,
            )
        return SmsResult(message, ok=True, provider_id=str(data.get("requestId", "")))

    def fetch_reports(self, provider_ids):
        """``{requestId: Report}`` for messages this backend sent (one query per message)."""
        return {pid: self._report(pid) for pid in provider_ids}

    def _report(self, request_id):
        base = self._option("BASE_URL").rstrip("/")
        headers = {"X-Secret-Key": self._option("SECRET_KEY")}
        timeout = self.options.get("timeout") or egov_settings.SMS_TIMEOUT
        for kind in ("sms", "mms"):  # the id does not say whether it went as SMS or LMS
            url = (
                f"{base}/sms/v3.0/appKeys/{self._option('APP_KEY')}/sender/{kind}"
                f"?requestId={quote(request_id)}"
            )
            reply = get_json(url, headers, timeout)
            header = reply.body.get("header") or {}
            if reply.status != 200 or not header.get("isSuccessful"):
                detail = header.get("resultMessage") or reply.error or f"HTTP {reply.status}"
                return Report(PENDING, f"NHN Cloud: {detail}")
            rows = (reply.body.get("body") or {}).get("data") or []
            if rows:
                return _nhn_report(rows[0])
        return Report(PENDING, "NHN Cloud: no result yet")


def _nhn_report(row):
    status = str(row.get("msgStatus", ""))
    if status == _DELIVERED_STATUS:
        return Report(DELIVERED)
    if status in _FAILED_STATUSES:
        name = row.get("resultCodeName") or row.get("msgStatusName") or ""
        return Report(FAILED, f"NHN Cloud: {name} ({row.get('resultCode', status)})")
    return Report(PENDING)
