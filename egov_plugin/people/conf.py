"""Settings of the people registry: ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # Create the staff role groups and grant their default permissions on every migrate
    # (egov_plugin.people.roles); turn off to manage groups entirely by hand.
    "CREATE_STAFF_ROLES": True,
    # Consent older than this many years is flagged and can be renewed by a campaign (outreach).
    "CONSENT_RENEWAL_YEARS": 2,
}

app_settings = AppSettings(DEFAULTS)
