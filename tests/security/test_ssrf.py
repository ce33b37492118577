"""KISA 웹 취약점 — 서버사이드 요청 위조 (SSRF, Server-Side Request Forgery).

항목: 사용자가 보낸 주소(URL)를 서버가 대신 요청하게 하여 내부망의 서버·관리 포트·클라우드
메타데이터(169.254.169.254)에 접근하거나 파일(file://)을 읽을 수 있는지 점검한다.

The item: making the server request an address the user chose — an internal host, an admin
port, the cloud metadata service, a ``file://`` URL.

What the server fetches, all of it: the SMS providers' APIs (``EGOV_SMS_NHN_BASE_URL``,
``EGOV_SMS_SENS_BASE_URL``) and the department's IMAP mailbox (``EGOV_IMPORT_MAIL_HOST``) —
addresses from settings only, which no form changes — and Wagtail's embeds: an editor pastes a
video URL and the server asks the provider's oEmbed endpoint about it. Residents' input is
never fetched (no link previews); links in texts are printed.

Attacks tried here:
- an editor's embed (the admin's embed chooser, as the page editor's rich text and embed
  block use it) with internal and odd URLs — the loopback's Redis and a listener of this test,
  the metadata address, ``file:///etc/passwd``, ``gopher://`` — and with a URL of an oEmbed
  provider outside the allow-list: no request leaves the server. A YouTube URL is asked of
  YouTube's own endpoint only;
- a resident opinion whose text and e-mail domain name an internal listener: it is never
  contacted.

Controls: ``WAGTAILEMBEDS_FINDERS`` of the example site (oEmbed, YouTube and Vimeo only);
provider and mail addresses read only from settings (``egov_plugin.outreach.backends``,
``egov_plugin.imports.mail``).
"""

import socket
import threading
from urllib.parse import urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LISTENER_PORT = 18150  # this test run's port range


@pytest.fixture
def listener():
    """A TCP listener on the loopback that records every connection made to it."""
    connections = []
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", LISTENER_PORT))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield connections
    stop.set()
    thread.join()
    server.close()


@pytest.fixture
def fetches(monkeypatch):
    """Every request Wagtail's oEmbed finder makes, answered without the network."""
    import wagtail.embeds.finders.oembed as oembed

    seen = []

    class Answer:
        def raise_for_status(self):
            pass

        def json(self):
            return {"type": "video", "html": "<iframe></iframe>", "title": "t"}

    def get(url, params=None, **kwargs):
        seen.append((url, params))
        return Answer()

    monkeypatch.setattr(oembed.requests, "get", get)
    return seen


INTERNAL = [
    f"http://127.0.0.1:{LISTENER_PORT}/admin",
    "http://127.0.0.1:6379/",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://[::1]:5432/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "http://localhost/",
    # An oEmbed provider Wagtail knows, but outside the site's allow-list.
    "https://www.flickr.com/photos/example/123456/",
    "https://www.instagram.com/p/abc/",
]


@pytest.mark.parametrize("url", INTERNAL)
def test_an_embed_url_outside_the_allow_list_is_never_fetched(
    home, admin_client, listener, fetches, url
):
    response = admin_client.post("/admin/embeds/chooser/upload/", {"embed-chooser-url": url})
    assert response.status_code == 200
    assert fetches == [] and listener == []


def test_a_youtube_embed_is_asked_of_youtube_only(home, admin_client, fetches):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    admin_client.post("/admin/embeds/chooser/upload/", {"embed-chooser-url": url})
    assert len(fetches) == 1
    endpoint, params = fetches[0]
    assert urlsplit(endpoint).hostname == "www.youtube.com"
    assert params["url"] == url


def test_a_residents_texts_are_never_fetched(consultation, opinion_data, listener):
    internal = f"http://127.0.0.1:{LISTENER_PORT}/"
    data = {**opinion_data, "text": f"자료는 {internal} 에 있습니다", "email": "a@127.0.0.1"}
    Client().post(consultation.url, data)
    Client().post(consultation.url, {**opinion_data, "text": f"링크: {internal}x"})
    Client().get(consultation.url)
    assert listener == []
