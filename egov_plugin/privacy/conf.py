"""Settings of privacy controls: ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # Privacy (egov_plugin.privacy). Access records (audit events) are kept at least this many
    # years and cannot be deleted sooner; permission-change records at least this many years.
    "PERMISSION_LOG_RETENTION_YEARS": 3,
    # egov_retention: anonymize opinions' personal data this many years after the consultation
    # closed (aggregates are kept).
    "OPINION_RETENTION_YEARS": 3,
    # Example site / any site using egov_plugin.privacy.middleware: admin session inactivity
    # timeout, and the login lock after repeated failures.
    "ADMIN_SESSION_TIMEOUT_MINUTES": 30,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 30,
    # One admin session per staff member: a new login signs the earlier browsers out
    # (egov_plugin.privacy.single_session).
    "ADMIN_SINGLE_SESSION": True,
    # The admin's URL path in the example site's urls.py (the package finds the admin by URL
    # name, wherever a site mounts it), and the networks (CIDR) allowed to reach it
    # (egov_plugin.privacy.admin_access; empty: every network).
    "ADMIN_ALLOWED_NETWORKS": [],
    # The 개인정보 처리방침 page (egov_plugin.privacy.policy): the privacy officer (개인정보
    # 보호책임자) residents contact, as a dict with "name", "position", "department", "phone",
    # "email" (any may be empty); the company the SMS sending is entrusted to (empty: named from
    # SMS_BACKEND, e.g. NHN Cloud or Naver Cloud).
    "PRIVACY_OFFICER": {},
    "SMS_PROVIDER_NAME": "",
}

app_settings = AppSettings(DEFAULTS)
