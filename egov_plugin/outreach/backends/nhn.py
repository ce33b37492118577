"""NHN Cloud SMS, API v3.0 (https://docs.nhncloud.com/ko/Notification/SMS/ko/api-guide/).

``POST {base}/sms/v3.0/appKeys/{appKey}/sender/sms`` (or ``/sender/mms`` for LMS), header
``X-Secret-Key``; the answer's ``header.isSuccessful`` says whether the request was accepted.
Settings: ``EGOV_SMS_NHN_APP_KEY``, ``EGOV_SMS_NHN_SECRET_KEY``, ``EGOV_SMS_NHN_BASE_URL``.
"""

from egov_plugin.core.conf import egov_settings
from egov_plugin.core.sms import BaseSmsBackend, SmsResult

from .. import rules
from .http import digits, failure, is_transient, post_json


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
