"""Hourly counters in the cache, for the abuse limits on public forms.

The verification codes and the opinion form both cap how often one IP address or one contact may
use them; they share this counter so the two limits behave the same way (and expire the same way).
"""

from django.core.cache import cache

WINDOW_SECONDS = 3600


def over_hourly_limit(key, limit):
    """Count one use of ``key`` in the current window; True when that use exceeds ``limit``."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > limit
