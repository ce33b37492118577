"""A small JSON-over-HTTPS client shared by the provider backends (standard library only)."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils.translation import gettext as _

from egov_plugin.core.sms import SmsResult


@dataclass
class Reply:
    status: int  # 0 when no answer came (timeout, refused connection)
    body: dict
    error: str = ""


def post_json(url, payload, headers, timeout):
    """POST ``payload``; never raises for HTTP or network errors (``Reply.status`` says)."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return _call(
        urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", **headers},
        ),
        timeout,
    )


def get_json(url, headers, timeout):
    """GET ``url``; never raises for HTTP or network errors (``Reply.status`` says)."""
    return _call(urllib.request.Request(url, method="GET", headers=headers), timeout)


def _call(request, timeout):
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return Reply(response.status, _json(response.read()))
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, _json(exc.read()), f"HTTP {exc.code}")
    except TimeoutError:
        return Reply(0, {}, "timeout")
    except (urllib.error.URLError, OSError) as exc:
        return Reply(0, {}, type(exc).__name__)


def _json(raw):
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass
class Report:
    """What the provider's delivery report says of one sent message.

    ``state`` is ``"delivered"``, ``"failed"`` (the phone never got it; ``reason`` says why)
    or ``"pending"`` (no final answer yet, or the provider could not be asked: try later).
    """

    state: str
    reason: str = ""


DELIVERED, FAILED, PENDING = "delivered", "failed", "pending"


def failure(message, error, *, transient, uncertain=False):
    """A failed result; transient ones (no answer, 429, 5xx) are retried by the campaign.

    ``uncertain``: the request reached the provider but its answer did not come back (a read
    timeout), so the provider may have accepted it; the campaign checks before sending again.
    """
    extra = {"transient": transient, "uncertain": uncertain}
    return SmsResult(message, ok=False, error=error[:300], extra=extra)


def uncertain(reply):
    """Whether a failed ``reply`` may hide an accepted request (we sent it, no answer came)."""
    return reply.status == 0 and reply.error == "timeout"


def is_transient(status):
    return status == 0 or status == 429 or status >= 500


def digits(number):
    return "".join(ch for ch in number if ch.isdigit())


class ProviderError(Exception):
    """A query the provider did not answer (no answer, refused, or an error status)."""


def not_started(message, provider):
    """The result of a message whose request was never made: the batch ran out of time."""
    error = _("%(provider)s: not sent before the batch's time ran out; it will be sent later.")
    return failure(message, error % {"provider": provider}, transient=True)
