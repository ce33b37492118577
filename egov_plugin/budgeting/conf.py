"""Settings of participatory budgets: ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # Small-cell rule of statistics shown to staff (vote breakdowns by age band and gender): a
    # count from 1 to SMALL_CELL_K - 1 is shown as "5명 미만", so one ballot cannot identify
    # its voter.
    "SMALL_CELL_K": 5,
    # Participatory budgets: key of the hash that stands in for the voter's number on a ballot
    # (empty: SECRET_KEY; set it if SECRET_KEY may be rotated during a vote, or a number could
    # vote again).
    "BUDGET_HASH_KEY": "",
    # How long a verified number may take to fill in and cast the ballot (seconds).
    "BUDGET_VERIFIED_SECONDS": 30 * 60,
    # How many times a voter may ask for that time again on the ballot (KWCAG 2.2.1 응답시간
    # 조절: a time limit the user can extend at least ten times).
    "BUDGET_VERIFIED_EXTENSIONS": 10,
    # Cookie that marks one browser (a "device") for the fraud signals.
    "BUDGET_DEVICE_COOKIE": "egov_device",
    # Fraud signals: this many ballots from one IP or device within the window, or code
    # requests for this many different numbers from one IP.
    "BUDGET_FRAUD_WINDOW_SECONDS": 10 * 60,
    "BUDGET_FRAUD_BALLOTS": 5,
    "BUDGET_FRAUD_NUMBERS": 5,
}

app_settings = AppSettings(DEFAULTS)
