"""Local stand-ins for NHN Cloud SMS v3.0 and Naver Cloud SENS v2 (http.server on loopback).

Each answers like the real API, including its errors: set ``server.mode`` to ``"ok"``,
``"401"``, ``"400"``, ``"500"`` or ``"timeout"``. ``server.requests`` keeps what arrived.
Delivery reports (GET) answer from ``server.results``: requestId → ``"delivered"`` (the
default), ``"failed"`` or ``"pending"``; ``server.report_mode`` set to ``"500"`` fails them.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

NHN_APP_KEY = "app-key-1"
NHN_SECRET = "nhn-secret"
SENS_SERVICE = "ncp:sms:kr:1:svc"
SENS_ACCESS = "access-key-1"
SENS_SECRET = "sens-secret"


class FakeProvider(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)
        self.mode = "ok"
        self.report_mode = "ok"
        self.requests = []
        self.counter = 0
        self.kinds = {}  # requestId → "sms" or "mms" (NHN lists each under its own endpoint)
        self.results = {}
        self.report_requests = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), **body})
        return body

    def _query(self):
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(self.path)
        self.server.report_requests.append({"path": self.path, "headers": dict(self.headers)})
        return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}

    def _timeout(self):
        time.sleep(1.5)  # longer than the backend's timeout in the tests


class NhnHandler(_Handler):
    def do_POST(self):  # noqa: N802
        self._read()
        mode = self.server.mode
        prefix = f"/sms/v3.0/appKeys/{NHN_APP_KEY}/sender/"
        if mode == "timeout":
            return self._timeout()
        if not self.path.startswith(prefix) or self.path[len(prefix) :] not in ("sms", "mms"):
            return self._answer(404, {"header": {"isSuccessful": False, "resultCode": -404}})
        if mode == "401" or self.headers.get("X-Secret-Key") != NHN_SECRET:
            header = {"isSuccessful": False, "resultCode": -1000, "resultMessage": "Unauthorized"}
            return self._answer(401, {"header": header})
        if mode == "400":
            header = {"isSuccessful": False, "resultCode": -2019, "resultMessage": "Invalid"}
            return self._answer(400, {"header": header})
        if mode == "500":
            return self._answer(500, {"header": {"isSuccessful": False, "resultCode": -9999}})
        self.server.counter += 1
        request_id = f"nhn-{self.server.counter}"
        self.server.kinds[request_id] = self.path[len(prefix) :]
        header = {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"}
        data = {
            "requestId": request_id,
            "statusCode": "2",
            "sendResultList": [{"resultCode": 0, "resultMessage": "SUCCESS"}],
        }
        return self._answer(200, {"header": header, "body": {"data": data}})

    def do_GET(self):  # noqa: N802
        path, query = self._query()
        prefix = f"/sms/v3.0/appKeys/{NHN_APP_KEY}/sender/"
        if self.headers.get("X-Secret-Key") != NHN_SECRET:
            header = {"isSuccessful": False, "resultCode": -1000, "resultMessage": "Unauthorized"}
            return self._answer(401, {"header": header})
        if self.server.report_mode == "500":
            return self._answer(500, {"header": {"isSuccessful": False, "resultCode": -9999}})
        if not path.startswith(prefix) or "requestId" not in query:
            return self._answer(400, {"header": {"isSuccessful": False, "resultCode": -2000}})
        request_id, kind = query["requestId"], path[len(prefix) :]
        rows = []
        if self.server.kinds.get(request_id) == kind:
            state = self.server.results.get(request_id, "delivered")
            status, code, name = {
                "delivered": ("3", "1000", "성공"),
                "failed": ("0", "3018", "착신 거절"),
                "pending": ("2", "", ""),
            }[state]
            rows.append(
                {
                    "requestId": request_id,
                    "recipientSeq": 1,
                    "recipientNo": "01000000000",
                    "msgStatus": status,
                    "msgStatusName": {"3": "성공", "0": "실패", "2": "처리 중"}[status],
                    "resultCode": code,
                    "resultCodeName": name,
                }
            )
        header = {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"}
        body = {"pageNum": 1, "pageSize": 15, "totalCount": len(rows), "data": rows}
        return self._answer(200, {"header": header, "body": body})


class SensHandler(_Handler):
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
        base = f"/sms/v2/services/{SENS_SERVICE}/messages"
        if not self._signed("GET"):
            return self._answer(401, {"error": {"errorCode": "200", "message": "Auth Failed"}})
        if self.server.report_mode == "500":
            return self._answer(500, {"error": {"message": "Internal Server Error"}})
        if path == base and "requestId" in query:
            request_id = query["requestId"]
            messages = []
            if request_id in self.server.kinds:
                messages.append({"messageId": f"msg-{request_id}", "requestId": request_id})
            return self._answer(
                200, {"requestId": request_id, "statusCode": "200", "statusName": "success",
                      "messages": messages}
            )  # fmt: skip
        if path.startswith(base + "/msg-"):
            request_id = path[len(base + "/msg-") :]
            if request_id not in self.server.kinds:
                return self._answer(404, {"error": {"message": "Not Found"}})
            state = self.server.results.get(request_id, "delivered")
            message = {
                "delivered": {"status": "COMPLETED", "statusCode": "0", "statusName": "success",
                              "statusMessage": "성공"},
                "failed": {"status": "COMPLETED", "statusCode": "3018", "statusName": "fail",
                           "statusMessage": "착신 거절"},
                "pending": {"status": "PROCESSING"},
            }[state]  # fmt: skip
            return self._answer(
                200, {"statusCode": "200", "statusName": "success", "messages": [message]}
            )
        return self._answer(404, {"error": {"message": "Not Found"}})

    def do_POST(self):  # noqa: N802
        self._read()
        mode = self.server.mode
        if mode == "timeout":
            return self._timeout()
        uri = f"/sms/v2/services/{SENS_SERVICE}/messages"
        if mode == "401" or not self._signed("POST"):
            return self._answer(401, {"error": {"errorCode": "200", "message": "Auth Failed"}})
        if self.path != uri:
            return self._answer(404, {"error": {"message": "Not Found"}})
        if mode == "400":
            return self._answer(400, {"status": 400, "errorMessage": "Invalid phone number"})
        if mode == "500":
            return self._answer(500, {"error": {"message": "Internal Server Error"}})
        self.server.counter += 1
        self.server.kinds[f"sens-{self.server.counter}"] = "sms"
        body = {
            "requestId": f"sens-{self.server.counter}",
            "requestTime": "2026-05-01T10:00:00.000",
            "statusCode": "202",
            "statusName": "success",
        }
        return self._answer(202, body)


def _serve(handler):
    server = FakeProvider(handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def nhn(settings):
    """NHN Cloud stand-in, with Django's SMS backend pointed at it."""
    for server in _serve(NhnHandler):
        settings.EGOV_SMS_BACKEND = "egov_plugin.outreach.backends.nhn.NhnCloudSmsBackend"
        settings.EGOV_SMS_NHN_BASE_URL = server.url
        settings.EGOV_SMS_NHN_APP_KEY = NHN_APP_KEY
        settings.EGOV_SMS_NHN_SECRET_KEY = NHN_SECRET
        settings.EGOV_SMS_TIMEOUT = 0.5
        yield server


@pytest.fixture
def sens(settings):
    """Naver Cloud SENS stand-in, with Django's SMS backend pointed at it."""
    for server in _serve(SensHandler):
        settings.EGOV_SMS_BACKEND = "egov_plugin.outreach.backends.sens.SensSmsBackend"
        settings.EGOV_SMS_SENS_BASE_URL = server.url
        settings.EGOV_SMS_SENS_SERVICE_ID = SENS_SERVICE
        settings.EGOV_SMS_SENS_ACCESS_KEY = SENS_ACCESS
        settings.EGOV_SMS_SENS_SECRET_KEY = SENS_SECRET
        settings.EGOV_SMS_TIMEOUT = 0.5
        yield server
