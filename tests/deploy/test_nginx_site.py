"""deploy/nginx/egov.conf: accepted by ``nginx -t`` and, served for real in front of a stand-in
upstream, does what the deployment guide says — HTTPS redirect, HSTS, static files, public
image renditions only, and the resident's address in X-Forwarded-For (one trusted hop).

Ports 18390-18392 on loopback; the certificate is a throwaway one made with openssl.
"""

import json
import os
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
HTTP, HTTPS, UPSTREAM = 18390, 18391, 18392

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")), reason="nginx or openssl missing"
)


class Echo(BaseHTTPRequestHandler):
    """The upstream: answers with the headers the application would see."""

    def do_GET(self):  # noqa: N802
        body = json.dumps(
            {
                "path": self.path,
                "forwarded_for": self.headers.get("X-Forwarded-For"),
                "forwarded_proto": self.headers.get("X-Forwarded-Proto"),
                "host": self.headers.get("Host"),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _site(tmp_path):
    """The shipped site with this test's ports, paths and loopback as the load balancer."""
    text = (ROOT / "deploy" / "nginx" / "egov.conf").read_text()
    replacements = {
        "server 127.0.0.1:8000": f"server 127.0.0.1:{UPSTREAM}",
        "listen 80;": f"listen 127.0.0.1:{HTTP};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{HTTPS} ssl http2;",
        "/etc/ssl/egov/fullchain.pem": str(tmp_path / "cert.pem"),
        "/etc/ssl/egov/privkey.pem": str(tmp_path / "key.pem"),
        "/srv/egov/static/": f"{tmp_path}/static/",
        "/srv/egov/media/images/": f"{tmp_path}/media/images/",
        "set_real_ip_from 10.10.20.5;": "set_real_ip_from 127.0.0.1;",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx/egov.conf no longer has {old!r}"
        text = text.replace(old, new)
    # No IPv6 listeners in the test (the machine may have no ::1).
    return "\n".join(line for line in text.splitlines() if "listen [::]" not in line)


@pytest.fixture
def nginx(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    for relative, content in {
        "static/css/site.0123abcd.css": "body{}",
        "media/images/photo.fill-100x100.txt": "rendition",
        "media/original_images/photo.txt": "original",
        "media/documents/minutes.txt": "private",
    }.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    (tmp_path / "egov.conf").write_text(_site(tmp_path))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "temp" / sub).mkdir(parents=True)
    temp = tmp_path / "temp"
    conf = tmp_path / "nginx.conf"
    # As root, nginx's workers would run as "nobody", who cannot enter pytest's private tmp.
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(
        f"""
{user}
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/egov.conf;
}}
"""
    )
    checked = subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    upstream = ThreadingHTTPServer(("127.0.0.1", UPSTREAM), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    server = subprocess.Popen(
        ["nginx", "-c", str(conf), "-e", str(tmp_path / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{HTTP}/", allow_redirects=False, timeout=2)
                break
            except requests.ConnectionError:
                assert server.poll() is None, (tmp_path / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.2)
        yield {"https": f"https://127.0.0.1:{HTTPS}", "verify": str(tmp_path / "cert.pem")}
    finally:
        server.terminate()
        server.wait(timeout=30)
        upstream.shutdown()
        upstream.server_close()


def test_plain_http_is_redirected_to_https(nginx):
    response = requests.get(f"http://127.0.0.1:{HTTP}/budget/", allow_redirects=False, timeout=5)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_resident_address_and_https_reach_the_application(nginx):
    response = requests.get(
        nginx["https"] + "/consultations/",
        # The load balancer (loopback here) says who the resident is; a resident's own claim
        # in front of it is not believed.
        headers={"X-Forwarded-For": "198.51.100.9, 203.0.113.7"},
        verify=nginx["verify"],
        timeout=5,
    )
    assert response.status_code == 200
    seen = response.json()
    assert seen["forwarded_for"] == "203.0.113.7"
    assert seen["forwarded_proto"] == "https"
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_static_files_are_served_cacheable_forever(nginx):
    response = requests.get(
        nginx["https"] + "/static/css/site.0123abcd.css", verify=nginx["verify"], timeout=5
    )
    assert response.status_code == 200
    assert response.text == "body{}"
    assert "immutable" in response.headers["Cache-Control"]
    assert "Strict-Transport-Security" in response.headers


def test_only_public_image_renditions_leave_media(nginx):
    get = lambda path: requests.get(nginx["https"] + path, verify=nginx["verify"], timeout=5)  # noqa: E731
    assert get("/media/images/photo.fill-100x100.txt").text == "rendition"
    assert get("/media/original_images/photo.txt").status_code == 404
    assert get("/media/documents/minutes.txt").status_code == 404
    assert get("/media/images/../documents/minutes.txt").status_code in (400, 404)
