"""Naver Cloud SENS SMS, API v2.

Reference: https://api.ncloud-docs.com/docs/ai-application-service-sens-smsv2

``POST {base}/sms/v2/services/{serviceId}/messages`` signed with the header
``x-ncp-apigw-signature-v2``: base64 of HMAC-SHA256 with the secret key over
``"POST {uri}\\n{timestamp}\\n{accessKey}"``; the request is accepted with ``202`` and a
``requestId``. Delivery reports: ``GET …/messages?requestId=…`` gives the request's
``messageId``; ``GET …/messages/{messageId}`` its ``status`` (READY, PROCESSING, COMPLETED) and,
once completed, ``statusName`` (success or fail) with ``statusCode`` and ``statusMessage``.
The government cloud (gov-ntruss) has the same API at another base URL.
Settings: ``EGOV_SMS_SENS_SERVICE_ID``, ``EGOV_SMS_SENS_ACCESS_KEY``,
``EGOV_SMS_SENS_SECRET_KEY``, ``EGOV_SMS_SENS_BASE_URL``.
"""

import base64
import hashlib
import hmac
import time
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

    def _send(self, message):
        uri = f"/sms/v2/services/{self._option('SERVICE_ID')}/messages"
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
        reply = post_json(
            self._option("BASE_URL").rstrip("/") + uri,
            payload,
            self._headers("POST", uri),
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

    def fetch_reports(self, provider_ids):
        """``{requestId: Report}`` for messages this backend sent (two queries per message)."""
        return {pid: self._report(pid) for pid in provider_ids}

    def _get(self, uri):
        timeout = self.options.get("timeout") or egov_settings.SMS_TIMEOUT
        # The signature covers the path with its query string, as the request line has it.
        return get_json(
            self._option("BASE_URL").rstrip("/") + uri, self._headers("GET", uri), timeout
        )

    def _report(self, request_id):
        base = f"/sms/v2/services/{self._option('SERVICE_ID')}/messages"
        reply = self._get(f"{base}?requestId={quote(request_id)}")
        if reply.status != 200:
            return Report(PENDING, f"SENS: {_detail(reply)}")
        listed = reply.body.get("messages") or []
        if not listed or not listed[0].get("messageId"):
            return Report(PENDING, "SENS: no result yet")
        reply = self._get(f"{base}/{quote(listed[0]['messageId'])}")
        if reply.status != 200:
            return Report(PENDING, f"SENS: {_detail(reply)}")
        result = (reply.body.get("messages") or [{}])[0]
        if result.get("status") != "COMPLETED":
            return Report(PENDING)
        if result.get("statusName") == "success":
            return Report(DELIVERED)
        return Report(
            FAILED,
            f"SENS: {result.get('statusMessage') or 'fail'} ({result.get('statusCode', '')})",
        )


def _detail(reply):
    return (
        (reply.body.get("error") or {}).get("message")
        or reply.body.get("errorMessage")
        or reply.error
        or f"HTTP {reply.status}"
    )
