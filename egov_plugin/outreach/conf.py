"""Settings of outreach campaigns: ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # Outreach campaigns (egov_plugin.outreach). The 080 number residents call to stop SMS
    # (printed in every SMS footer; required before an advertising SMS can start).
    "OUTREACH_OPTOUT_080": "",
    # Quiet period (local time in OUTREACH_TIME_ZONE) during which nothing is sent.
    "OUTREACH_QUIET_START": "21:00",
    "OUTREACH_QUIET_END": "08:00",
    "OUTREACH_TIME_ZONE": "Asia/Seoul",
    # Messages claimed and sent per database transaction, and deliveries per background task.
    "OUTREACH_BATCH_SIZE": 200,
    "OUTREACH_TASK_SIZE": 5000,
    # Seconds a worker holds the batch it is sending; after that the batch counts as in doubt
    # (its worker died) and is checked with the provider before anything is sent again. Must
    # exceed the time one batch's provider calls can take.
    "OUTREACH_CLAIM_SECONDS": 600,
    # Transient provider failures: tries per delivery, and the first back-off (doubled each try).
    "OUTREACH_MAX_ATTEMPTS": 5,
    "OUTREACH_RETRY_SECONDS": 60,
    # Estimated cost per message in won (shown before a campaign starts).
    "OUTREACH_COST_SMS": 9,
    "OUTREACH_COST_LMS": 30,
    "OUTREACH_COST_EMAIL": 0,
    # Sender address of campaign e-mail (empty: DEFAULT_FROM_EMAIL).
    "OUTREACH_FROM_EMAIL": "",
    # Publishing a consultation's outcome also sends an SMS to those who asked to be told.
    "OUTREACH_OUTCOME_SMS": True,
    # Four-eyes approval (egov_plugin.outreach.approval), decided when a campaign starts:
    # every campaign; every campaign that sends SMS; every campaign with more recipients
    # than this number (None: no such limit). The approver is never the author.
    "OUTREACH_APPROVAL_ALL": True,
    "OUTREACH_APPROVAL_SMS": True,
    "OUTREACH_APPROVAL_OVER": None,
    # The approver role: a group name (only its members who hold "Can approve outreach
    # campaigns" approve), or empty for every holder of that permission.
    "OUTREACH_APPROVER_GROUP": "",
    # Days a consent-renewal link stays valid, and days after sending that delivery reports
    # are asked of the SMS provider.
    "OUTREACH_CONSENT_LINK_DAYS": 60,
    "OUTREACH_REPORT_DAYS": 3,
    # SMS providers: NHN Cloud SMS v3.0 and Naver Cloud SENS v2 (egov_plugin.outreach.backends).
    "SMS_TIMEOUT": 10,
    "SMS_NHN_APP_KEY": "",
    "SMS_NHN_SECRET_KEY": "",
    "SMS_NHN_BASE_URL": "https://sms.api.nhncloudservice.com",
    # An NHN Cloud SMS template ID: with one, personalised messages ({name}, {region}, {link})
    # go up to 1,000 per request with templateParameter; without, only identical texts share one.
    "SMS_NHN_TEMPLATE_ID": "",
    "SMS_SENS_SERVICE_ID": "",
    "SMS_SENS_ACCESS_KEY": "",
    "SMS_SENS_SECRET_KEY": "",
    "SMS_SENS_BASE_URL": "https://sens.apigw.ntruss.com",
}

app_settings = AppSettings(DEFAULTS)
