"""Settings of analysis: ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # Analysis (egov_plugin.analysis): nouns listed per consultation and similar consultations.
    "ANALYSIS_TOP_KEYWORDS": 30,
    "ANALYSIS_SIMILAR_COUNT": 5,
}

app_settings = AppSettings(DEFAULTS)
