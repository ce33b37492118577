"""Settings of 내 참여 (my participation): ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # 내 참여 (egov_plugin.participation): how long a proved number or address opens the page
    # in that browser (seconds), and how long the signed link in a confirmation mail works (days).
    "MY_PARTICIPATION_SECONDS": 10 * 60,
    "MY_PARTICIPATION_LINK_DAYS": 7,
}

app_settings = AppSettings(DEFAULTS)
