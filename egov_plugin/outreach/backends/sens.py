"""Naver Cloud SENS SMS, API v2.

Reference: https://api.ncloud-docs.com/docs/ai-application-service-sens-smsv2

``POST {base}/sms/v2/services/{serviceId}/messages`` signed with the header
``x-ncp-apigw-signature-v2``: base64 of HMAC-SHA256 with the secret key over
``"POST {uri}\\n{timestamp}\\n{accessKey}"``; the request is accepted with ``202`` and a
``requestId``. The government cloud (gov-ntruss) has the same API at another base URL.
Settings: ``EGOV_SMS_SENS_SERVICE_ID``, ``EGOV_SMS_SENS_ACCESS_KEY``,
``EGOV_SMS_SENS_SECRET_KEY``, ``EGOV_SMS_SENS_BASE_URL``.
"""

import base64
import hashlib
import hmac
import time

from egov_plugin.core.conf import egov_settings
from egov_plugin.core.sms import BaseSmsBackend, SmsResult

from .. import rules
from .http import digits, failure, is_transient, post_json


def signature(secret_key, method, uri, timestamp, access_key):
    """The ``x-ncp-apigw-signature-v2`` header value."""
    text = f"{method} {uri}\n{timestamp}\n{access_key}"
    digest = hmac.new(secret_key.encode(), text.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class SensSmsBackend(BaseSmsBackend):
    """One request per message (each carries its own merge fields)."""

    def _option(self, name):
        return self.options.get(name.lower()) or getattr(egov_settings, f"SMS_SENS_{name}")

    def send_messages(self, messages):
        return [self._send(message) for message in messages]

    def _send(self, message):
        uri = f"/sms/v2/services/{self._option('SERVICE_ID')}/messages"
        timestamp = str(int(time.time() * 1000))
        access_key = self._option("ACCESS_KEY")
        kind = rules.message_type(message.text)
        payload = {
            "type": kind,
            "contentType": "COMM",
            "countryCode": "82",
            "from": digits(message.sender or egov_settings.SMS_SENDER),
            "content": message.text,
            "messages": [{"to": digits(message.to)}],
        }
        if kind == rules.LMS and message.title:
            payload["subject"] = message.title
        headers = {
            "x-ncp-apigw-timestamp": timestamp,
            "x-ncp-iam-access-key": access_key,
            "x-ncp-apigw-signature-v2": signature(
                self._option("SECRET_KEY"), "POST", uri, timestamp, access_key
            ),
        }
        reply = post_json(
            self._option("BASE_URL").rstrip("/") + uri,
            payload,
            headers,
            self.options.get("timeout") or egov_settings.SMS_TIMEOUT,
        )
        if reply.status != 202 or reply.body.get("statusCode") not in ("202", 202):
            detail = (
                reply.body.get("statusName")
                or (reply.body.get("error") or {}).get("message")
                or reply.body.get("errorMessage")
                or reply.error
                or f"HTTP {reply.status}"
            )
            return failure(
                message, f"SENS: {detail} ({reply.status})", transient=is_transient(reply.status)
            )
        return SmsResult(message, ok=True, provider_id=str(reply.body.get("requestId", "")))
