"""The "D-day" label Korean sites put on deadlines: ``D-3`` three days before, ``D-day`` on it."""

from django.utils import timezone


def days_left(moment, now=None):
    """Whole calendar days (local time) from today to ``moment``'s day; negative once past."""
    today = timezone.localdate(now or timezone.now())
    return (timezone.localdate(moment) - today).days


def dday_label(moment, now=None):
    """``"D-3"``, ``"D-day"`` (the last day), or ``""`` after the day."""
    days = days_left(moment, now)
    if days < 0:
        return ""
    return "D-day" if days == 0 else f"D-{days}"
