"""Sending SMS through a configurable backend, the way ``django.core.mail`` sends e-mail.

``EGOV_SMS_BACKEND`` names the backend class. Shipped here: ``ConsoleBackend`` (prints the
message with the number masked), ``FileBackend`` (appends JSON lines to ``EGOV_SMS_FILE_PATH``:
the simulated outbox of the embedded profile and of browser tests) and ``LocmemBackend``
(keeps messages in :data:`outbox`, for tests). Real providers are separate backends with the
same interface: ``send_messages(messages) -> list[SmsResult]``, one result per message in order.

A backend that can tell which messages of a batch its provider already accepted implements
:meth:`BaseSmsBackend.find_accepted`: after a worker died between "the provider accepted" and
"our database recorded it", the campaign asks before sending that batch again.
"""

import json
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.module_loading import import_string

from .conf import egov_settings
from .text import mask_phone

#: Messages "sent" through :class:`LocmemBackend` (tests empty it as they need).
outbox = []


@dataclass
class SmsMessage:
    """One text message. ``title`` is used by LMS (long messages) only.

    ``advertising`` sends it in the provider's advertising mode (the text already carries the
    (광고) prefix and the opt-out footer). ``batch`` is the key of the batch the message was
    claimed in: a provider that keeps a caller's grouping key stores it, so the batch can be
    looked up after a crash. ``template`` is the same text with ``##field##`` placeholders and
    ``fields`` their values, for providers that fill them in per recipient (one request then
    carries many personalised messages); ``text`` is always the message as the person reads it.
    """

    to: str
    text: str
    sender: str = ""
    title: str = ""
    reference: str = ""  # the caller's id for the message, echoed back in the result
    advertising: bool = False
    batch: str = ""
    template: str = ""
    fields: dict = field(default_factory=dict)


@dataclass
class SmsResult:
    """What the provider said about one message."""

    message: SmsMessage
    ok: bool
    provider_id: str = ""
    error: str = ""
    extra: dict = field(default_factory=dict)


class BaseSmsBackend:
    """Subclasses implement :meth:`send_messages`, and :meth:`find_accepted` when they can."""

    #: A ``time.monotonic()`` value set by the caller: a backend that makes several provider
    #: calls stops starting new ones after it (the rest fail as transient, to be sent later).
    deadline = None

    def __init__(self, **options):
        self.options = options

    def send_messages(self, messages):
        raise NotImplementedError

    def find_accepted(self, batch, messages, since):
        """``{reference: provider_id}`` of ``messages`` the provider accepted under ``batch``.

        ``messages`` were claimed together under the key ``batch`` at ``since`` (an aware
        datetime) by a worker that did not live to record the answer. ``None`` means this
        backend cannot tell; the caller then sends them again.
        """
        return None


class ConsoleBackend(BaseSmsBackend):
    """Prints each message to standard output, the number masked."""

    def send_messages(self, messages):
        stream = self.options.get("stream") or sys.stdout
        for message in messages:
            stream.write(f"[SMS to {mask_phone(message.to)}] {message.title} {message.text}\n")
        return [SmsResult(message, ok=True) for message in messages]


class FileBackend(BaseSmsBackend):
    """Appends each message as one JSON line to ``EGOV_SMS_FILE_PATH``.

    The file is an outbox standing in for the provider, so it holds full numbers: keep it where
    only the operators of the embedded profile (or the test that reads it) can see it.
    """

    _lock = threading.Lock()

    def send_messages(self, messages):
        path = Path(self.options.get("path") or egov_settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        now = timezone.now().isoformat()
        with self._lock, path.open("a", encoding="utf-8") as handle:
            for message in messages:
                handle.write(json.dumps({**asdict(message), "at": now}, ensure_ascii=False) + "\n")
        return [SmsResult(message, ok=True) for message in messages]

    def find_accepted(self, batch, messages, since):
        """The outbox is the "provider": a line written under ``batch`` was accepted."""
        wanted = {message.reference for message in messages}
        return {
            line["reference"]: ""
            for line in read_file_outbox(self.options.get("path"))
            if line.get("batch") == batch and line.get("reference") in wanted
        }


class LocmemBackend(BaseSmsBackend):
    """Keeps messages in :data:`outbox`."""

    def send_messages(self, messages):
        outbox.extend(messages)
        return [SmsResult(message, ok=True) for message in messages]

    def find_accepted(self, batch, messages, since):
        wanted = {message.reference for message in messages}
        return {m.reference: "" for m in outbox if m.batch == batch and m.reference in wanted}


def get_backend(backend=None, **options):
    """An instance of the configured backend (or of the class at dotted path ``backend``)."""
    return import_string(backend or egov_settings.SMS_BACKEND)(**options)


def send_sms(to, text, *, sender=None, title="", reference="", backend=None):
    """Send one message; returns its :class:`SmsResult`."""
    message = SmsMessage(
        to=to,
        text=text,
        sender=sender or egov_settings.SMS_SENDER,
        title=title,
        reference=reference,
    )
    return (backend or get_backend()).send_messages([message])[0]


def read_file_outbox(path=None):
    """The messages in a :class:`FileBackend` outbox, oldest first (for tests and demos)."""
    path = Path(path or egov_settings.SMS_FILE_PATH)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
