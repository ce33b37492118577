"""The quiet period (default 21:00–08:00 Seoul time) during which no campaign message goes out."""

import datetime
from zoneinfo import ZoneInfo

from .conf import app_settings


def _bounds():
    start = datetime.time.fromisoformat(app_settings.OUTREACH_QUIET_START)
    end = datetime.time.fromisoformat(app_settings.OUTREACH_QUIET_END)
    return start, end, ZoneInfo(app_settings.OUTREACH_TIME_ZONE)


def is_quiet(now):
    """Whether ``now`` (an aware datetime) falls in the quiet period; equal bounds mean none."""
    start, end, zone = _bounds()
    if start == end:
        return False
    t = now.astimezone(zone).time()
    if start < end:
        return start <= t < end
    return t >= start or t < end


def quiet_ends(now):
    """When the quiet period that holds ``now`` ends (``now`` itself outside it)."""
    if not is_quiet(now):
        return now
    _start, end, zone = _bounds()
    local = now.astimezone(zone)
    candidate = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += datetime.timedelta(days=1)
    return candidate
