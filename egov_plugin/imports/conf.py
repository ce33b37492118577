"""Settings of bulk imports: ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # Bulk imports (egov_plugin.imports): the largest upload accepted, in bytes; the largest
    # total uncompressed size of an .xlsx/.ods archive's members (a zip bomb is refused before
    # it is parsed); how many rows a job may have.
    "IMPORT_MAX_BYTES": 50 * 1024 * 1024,
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 500 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 200_000,
    # egov_retention: days an upload's file, prepared rows and rejected-row cells are kept.
    "IMPORT_RETENTION_DAYS": 30,
    # A running import renews its heartbeat every IMPORT_HEARTBEAT_SECONDS; one whose worker
    # is gone (same host: the process no longer exists; another host: no heartbeat for
    # IMPORT_LEASE_SECONDS) is shown as failed and can be run again.
    "IMPORT_HEARTBEAT_SECONDS": 30,
    "IMPORT_LEASE_SECONDS": 600,
    # The department mailbox read by ``manage.py egov_fetch_mail``. IMPORT_MAIL_TLS is "ssl"
    # (IMAPS, usually port 993), "starttls" or "none" (only for a server on the same machine).
    "IMPORT_MAIL_HOST": "",
    "IMPORT_MAIL_PORT": 993,
    "IMPORT_MAIL_TLS": "ssl",
    "IMPORT_MAIL_USER": "",
    "IMPORT_MAIL_PASSWORD": "",
    "IMPORT_MAIL_FOLDER": "INBOX",
}

app_settings = AppSettings(DEFAULTS)
