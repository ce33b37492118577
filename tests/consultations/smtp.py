"""A real SMTP server (aiosmtpd) on loopback, and Django pointed at it.

Import the fixture into a test module: ``from tests.consultations.smtp import smtp  # noqa``.
``smtp.messages`` holds what the server accepted, parsed; ``smtp.links(path_part)`` finds the
links in them.
"""

import email
import email.policy
import re
import socket
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

_URL = re.compile(r"https?://\S+")


class Inbox:
    """Collects every message the SMTP server accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [
            email.message_from_bytes(e.original_content or e.content, policy=email.policy.default)
            for e in self.envelopes
        ]

    def recipients(self):
        """Every envelope recipient, in order."""
        return [rcpt for e in self.envelopes for rcpt in e.rcpt_tos]

    def body(self, message):
        return message.get_body(("plain",)).get_content()

    def to(self, address):
        """The bodies of the messages sent to ``address``."""
        return [self.body(m) for e, m in zip(self.envelopes, self.messages, strict=True)
                if address in e.rcpt_tos]  # fmt: skip

    def links(self, containing=""):
        """The paths (with query) of the links in all messages that contain ``containing``."""
        found = []
        for message in self.messages:
            for url in _URL.findall(self.body(message)):
                if containing in url:
                    parts = urlsplit(url)
                    found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return found


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """An SMTP server on 127.0.0.1 that Django sends all mail to, for the test's duration."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield inbox
    finally:
        controller.stop()
