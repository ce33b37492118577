"""Local stand-ins for NHN Cloud SMS v3.0 and Naver Cloud SENS v2 (http.server on loopback).

Each answers like the published API, including its errors and its batched shapes: one NHN
request carries up to 1,000 ``recipientList`` entries (with ``senderGroupingKey`` and per
recipient ``recipientGroupingKey`` and ``templateParameter``), one SENS request up to 100
``messages``. Set ``server.mode`` to ``"ok"``, ``"401"``, ``"400"``, ``"500"``, ``"timeout"``
or ``"stall"`` (accept the request, then never answer: a worker killed while it waits is the
"provider accepted, database not yet told" case). ``server.requests`` keeps each POST body,
``server.messages`` each message accepted (one per recipient) and :meth:`duplicates` counts
numbers that received the same text more than once; NHN refuses the numbers in
``server.refuse`` one by one inside an accepted request.
Delivery reports and the list queries answer from what was accepted; ``server.results`` maps
a recipient number (digits) to ``"delivered"`` (the default), ``"failed"``, ``"pending"`` or,
for NHN, ``"ad-restricted"`` (status 6); ``server.report_mode = "500"`` fails the queries.
"""

import base64
import datetime
import hashlib
import hmac
import json
import threading
import time
import zoneinfo
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

NHN_APP_KEY = "app-key-1"
NHN_SECRET = "nhn-secret"
NHN_TEMPLATE = "egov-campaign"
SENS_SERVICE = "ncp:sms:kr:1:svc"
SENS_ACCESS = "access-key-1"
SENS_SECRET = "sens-secret"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
STAMP = "%Y-%m-%d %H:%M:%S"


def _now():
    return datetime.datetime.now(SEOUL).replace(tzinfo=None)


class FakeProvider(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)
        self.mode = "ok"
        self.report_mode = "ok"
        self.delay = 0.0  # seconds each POST takes before it is accepted
        self.requests = []
        self.messages = []
        self.counter = 0
        self.results = {}
        self.refuse = set()  # NHN: numbers refused one by one inside an accepted request
        self.report_requests = []
        self.lock = threading.Lock()
        self.stalled = threading.Event()  # set when a stalled request has been accepted
        self.unstall = threading.Event()  # set when the server stops: stalled requests end

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def next_request_id(self, prefix):
        with self.lock:
            self.counter += 1
            return f"{prefix}-{self.counter}"

    def duplicates(self):
        """How many messages a number received beyond its first (same text counted once)."""
        seen = Counter((m["to"], m["content"]) for m in self.messages)
        return sum(n - 1 for n in seen.values() if n > 1)

    def numbers(self):
        return Counter(m["to"] for m in self.messages)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.server.lock:
            self.server.requests.append({"path": self.path, "headers": dict(self.headers), **body})
        return body

    def _query(self):
        parts = urlsplit(self.path)
        with self.server.lock:
            self.server.report_requests.append({"path": self.path, "headers": dict(self.headers)})
        return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}

    def _timeout(self):
        time.sleep(1.5)  # longer than the backend's timeout in the tests

    def _accept(self, entries):
        with self.server.lock:
            self.server.messages.extend(entries)
        if self.server.mode == "stall":
            self.server.stalled.set()
            self.server.unstall.wait(600)  # the worker is killed while it waits for this answer
            return False
        return True

    def _state(self, number):
        return self.server.results.get(number, "delivered")


def _in_window(message, query, start, end):
    if start not in query or end not in query:
        return True
    low = datetime.datetime.strptime(query[start], STAMP)
    high = datetime.datetime.strptime(query[end], STAMP)
    return low <= message["created"] <= high


class NhnHandler(_Handler):
    PREFIX = f"/sms/v3.0/appKeys/{NHN_APP_KEY}/sender/"
    KINDS = ("sms", "mms", "ad-sms", "ad-mms")

    def do_POST(self):  # noqa: N802
        body = self._read()
        mode = self.server.mode
        if mode == "timeout":
            return self._timeout()
        kind = self.path[len(self.PREFIX) :] if self.path.startswith(self.PREFIX) else ""
        if kind not in self.KINDS:
            return self._answer(404, {"header": {"isSuccessful": False, "resultCode": -404}})
        if mode == "401" or self.headers.get("X-Secret-Key") != NHN_SECRET:
            header = {"isSuccessful": False, "resultCode": -1000, "resultMessage": "Unauthorized"}
            return self._answer(401, {"header": header})
        recipients = body.get("recipientList") or []
        if mode == "400" or not 1 <= len(recipients) <= 1000 or not body.get("body"):
            header = {"isSuccessful": False, "resultCode": -2019, "resultMessage": "Invalid"}
            return self._answer(400, {"header": header})
        if mode == "500":
            return self._answer(500, {"header": {"isSuccessful": False, "resultCode": -9999}})
        if kind.startswith("ad-") and not body["body"].startswith("(광고)"):
            header = {"isSuccessful": False, "resultCode": -2050, "resultMessage": "No (광고)"}
            return self._answer(400, {"header": header})
        time.sleep(self.server.delay)
        request_id = self.server.next_request_id("nhn")
        created = _now()
        entries, results = [], []
        for seq, recipient in enumerate(recipients, start=1):
            if recipient["recipientNo"] in self.server.refuse:
                results.append(
                    {
                        "recipientNo": recipient["recipientNo"],
                        "resultCode": -2011,
                        "resultMessage": "Invalid recipient",
                        "recipientSeq": seq,
                        "recipientGroupingKey": recipient.get("recipientGroupingKey"),
                    }
                )
                continue
            text = body["body"]
            if body.get("templateId"):  # ##key## is filled in only with a template ID
                for key, value in (recipient.get("templateParameter") or {}).items():
                    text = text.replace(f"##{key}##", value)
            entries.append(
                {
                    "requestId": request_id,
                    "recipientSeq": seq,
                    "to": recipient["recipientNo"],
                    "content": text,
                    "title": body.get("title", ""),
                    "kind": kind,
                    "ad": kind.startswith("ad-"),
                    "senderGroupingKey": body.get("senderGroupingKey"),
                    "recipientGroupingKey": recipient.get("recipientGroupingKey"),
                    "created": created,
                }
            )
            results.append(
                {
                    "recipientNo": recipient["recipientNo"],
                    "resultCode": 0,
                    "resultMessage": "SUCCESS",
                    "recipientSeq": seq,
                    "recipientGroupingKey": recipient.get("recipientGroupingKey"),
                }
            )
        if not self._accept(entries):
            return None
        header = {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"}
        data = {
            "requestId": request_id,
            "statusCode": "2",
            "senderGroupingKey": body.get("senderGroupingKey"),
            "sendResultList": results,
        }
        return self._answer(200, {"header": header, "body": {"data": data}})

    def do_GET(self):  # noqa: N802
        path, query = self._query()
        if self.headers.get("X-Secret-Key") != NHN_SECRET:
            header = {"isSuccessful": False, "resultCode": -1000, "resultMessage": "Unauthorized"}
            return self._answer(401, {"header": header})
        if self.server.report_mode == "500":
            return self._answer(500, {"header": {"isSuccessful": False, "resultCode": -9999}})
        kind = path[len(self.PREFIX) :] if path.startswith(self.PREFIX) else ""
        dated = "startCreateDate" in query and "endCreateDate" in query
        if kind not in ("sms", "mms") or not ("requestId" in query or dated):
            return self._answer(400, {"header": {"isSuccessful": False, "resultCode": -2000}})
        rows = []
        for message in list(self.server.messages):
            # Advertising messages are listed with the ordinary ones (their adYn says so).
            if message["kind"].removeprefix("ad-") != kind:
                continue
            if "requestId" in query and message["requestId"] != query["requestId"]:
                continue
            if not _in_window(message, query, "startCreateDate", "endCreateDate"):
                continue
            if any(
                key in query and message[key] != query[key]
                for key in ("senderGroupingKey", "recipientGroupingKey")
            ):
                continue
            status, code, name = {
                "delivered": ("3", "1000", "성공"),
                "failed": ("0", "3018", "착신 거절"),
                "pending": ("2", "", ""),
                "ad-restricted": ("6", "", ""),
            }[self._state(message["to"])]
            rows.append(
                {
                    "requestId": message["requestId"],
                    "requestDate": message["created"].strftime(STAMP) + ".0",
                    "recipientSeq": message["recipientSeq"],
                    "recipientNo": message["to"],
                    "body": message["content"],
                    "msgStatus": status,
                    "msgStatusName": {"3": "성공", "0": "실패", "2": "처리 중", "6": "실패"}[
                        status
                    ],
                    "resultCode": code,
                    "resultCodeName": name,
                    "adYn": "Y" if message["ad"] else "N",
                    "senderGroupingKey": message["senderGroupingKey"],
                    "recipientGroupingKey": message["recipientGroupingKey"],
                }
            )
        page, size = int(query.get("pageNum", 1)), int(query.get("pageSize", 15))
        if size > 1000:
            return self._answer(400, {"header": {"isSuccessful": False, "resultCode": -2001}})
        header = {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"}
        body = {
            "pageNum": page,
            "pageSize": size,
            "totalCount": len(rows),
            "data": rows[(page - 1) * size : page * size],
        }
        return self._answer(200, {"header": header, "body": body})


class SensHandler(_Handler):
    BASE = f"/sms/v2/services/{SENS_SERVICE}/messages"

    def _signed(self, method):
        """The signature covers the method, the request target (with its query) and time."""
        timestamp = self.headers.get("x-ncp-apigw-timestamp", "")
        expected = base64.b64encode(
            hmac.new(
                SENS_SECRET.encode(),
                f"{method} {self.path}\n{timestamp}\n{SENS_ACCESS}".encode(),
                hashlib.sha256,
            ).digest()
        ).decode()
        return (
            self.headers.get("x-ncp-apigw-signature-v2") == expected
            and self.headers.get("x-ncp-iam-access-key") == SENS_ACCESS
        )

    def do_GET(self):  # noqa: N802
        path, query = self._query()
        if not self._signed("GET"):
            return self._answer(401, {"error": {"errorCode": "200", "message": "Auth Failed"}})
        if self.server.report_mode == "500":
            return self._answer(500, {"error": {"message": "Internal Server Error"}})
        if path == self.BASE:
            dated = "requestStartTime" in query and "requestEndTime" in query
            if "requestId" not in query and not dated:
                return self._answer(400, {"error": {"message": "requestId or time required"}})
            listed = [
                m
                for m in list(self.server.messages)
                if m["requestId"] == query.get("requestId", m["requestId"])
                and _in_window(m, query, "requestStartTime", "requestEndTime")
            ]
            # Paging by pageIndex (from 0) and pageSize is assumed; the stored guide does not
            # show it.
            index, size = int(query.get("pageIndex", 0)), int(query.get("pageSize", 100))
            page = listed[index * size : (index + 1) * size]
            messages = [
                {
                    "messageId": m["messageId"],
                    "requestId": m["requestId"],
                    "requestTime": m["created"].strftime(STAMP),
                    "contentType": "AD" if m["ad"] else "COMM",
                    "countryCode": "82",
                    "from": m["from"],
                    "to": m["to"],
                }
                for m in page
            ]
            body = {
                "requestId": query.get("requestId", ""),
                "statusCode": "200",
                "statusName": "success",
                "messages": messages,
                "pageIndex": index,
                "pageSize": size,
                "itemCount": len(listed),
                "hasMore": (index + 1) * size < len(listed),
            }
            return self._answer(200, body)
        if path.startswith(self.BASE + "/"):
            message_id = path[len(self.BASE) + 1 :]
            found = [m for m in list(self.server.messages) if m["messageId"] == message_id]
            if not found:
                return self._answer(404, {"error": {"message": "Not Found"}})
            m = found[0]
            result = {
                "delivered": {"status": "COMPLETED", "statusCode": "0", "statusName": "success",
                              "statusMessage": "성공"},
                "failed": {"status": "COMPLETED", "statusCode": "3018", "statusName": "fail",
                           "statusMessage": "착신 거절"},
                "pending": {"status": "PROCESSING"},
            }[self._state(m["to"])]  # fmt: skip
            message = {
                "requestTime": m["created"].strftime(STAMP),
                "contentType": "AD" if m["ad"] else "COMM",
                "content": m["content"],
                "countryCode": "82",
                "from": m["from"],
                "to": m["to"],
                **result,
            }
            return self._answer(
                200, {"statusCode": "200", "statusName": "success", "messages": [message]}
            )
        return self._answer(404, {"error": {"message": "Not Found"}})

    def do_POST(self):  # noqa: N802
        body = self._read()
        mode = self.server.mode
        if mode == "timeout":
            return self._timeout()
        if mode == "401" or not self._signed("POST"):
            return self._answer(401, {"error": {"errorCode": "200", "message": "Auth Failed"}})
        if self.path != self.BASE:
            return self._answer(404, {"error": {"message": "Not Found"}})
        messages = body.get("messages") or []
        if mode == "400" or not 1 <= len(messages) <= 100 or "content" not in body:
            return self._answer(400, {"status": 400, "errorMessage": "Invalid phone number"})
        if body.get("contentType", "COMM") not in ("COMM", "AD"):
            return self._answer(400, {"status": 400, "errorMessage": "Invalid contentType"})
        if mode == "500":
            return self._answer(500, {"error": {"message": "Internal Server Error"}})
        time.sleep(self.server.delay)
        request_id = self.server.next_request_id("sens")
        created = _now()
        entries = [
            {
                "requestId": request_id,
                "messageId": f"{request_id}-{index}",
                "to": message["to"],
                # messages[].content and .subject override the request's defaults (their guide).
                "content": message.get("content") or body["content"],
                "title": message.get("subject") or body.get("subject", ""),
                "kind": body["type"],
                "ad": body.get("contentType") == "AD",
                "from": body["from"],
                "created": created,
            }
            for index, message in enumerate(messages)
        ]
        if not self._accept(entries):
            return None
        answer = {
            "requestId": request_id,
            "requestTime": created.strftime("%Y-%m-%dT%H:%M:%S.000"),
            "statusCode": "202",
            "statusName": "success",
        }
        return self._answer(202, answer)


def serve(handler):
    """Run a fake provider in a thread; yields the server and stops it afterwards."""
    server = FakeProvider(handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.unstall.set()
        server.shutdown()
        server.server_close()


def nhn_settings(url):
    """Django settings pointing the NHN Cloud backend at ``url``."""
    return {
        "EGOV_SMS_BACKEND": "egov_plugin.outreach.backends.nhn.NhnCloudSmsBackend",
        "EGOV_SMS_NHN_BASE_URL": url,
        "EGOV_SMS_NHN_APP_KEY": NHN_APP_KEY,
        "EGOV_SMS_NHN_SECRET_KEY": NHN_SECRET,
        "EGOV_SMS_NHN_TEMPLATE_ID": NHN_TEMPLATE,
    }


def sens_settings(url):
    """Django settings pointing the SENS backend at ``url``."""
    return {
        "EGOV_SMS_BACKEND": "egov_plugin.outreach.backends.sens.SensSmsBackend",
        "EGOV_SMS_SENS_BASE_URL": url,
        "EGOV_SMS_SENS_SERVICE_ID": SENS_SERVICE,
        "EGOV_SMS_SENS_ACCESS_KEY": SENS_ACCESS,
        "EGOV_SMS_SENS_SECRET_KEY": SENS_SECRET,
    }


@pytest.fixture
def nhn(settings):
    """NHN Cloud stand-in, with Django's SMS backend pointed at it (with a template ID)."""
    for server in serve(NhnHandler):
        for name, value in nhn_settings(server.url).items():
            setattr(settings, name, value)
        settings.EGOV_SMS_TIMEOUT = 0.5
        yield server


@pytest.fixture
def sens(settings):
    """Naver Cloud SENS stand-in, with Django's SMS backend pointed at it."""
    for server in serve(SensHandler):
        for name, value in sens_settings(server.url).items():
            setattr(settings, name, value)
        settings.EGOV_SMS_TIMEOUT = 0.5
        yield server
