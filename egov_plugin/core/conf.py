"""Package settings, read from Django settings prefixed ``EGOV_``.

Use ``from egov_plugin.core.conf import egov_settings`` and read ``egov_settings.NAME``; the
value comes from ``settings.EGOV_NAME`` when a site sets it, otherwise from ``DEFAULTS``.
Values are cached and the cache is cleared on ``setting_changed``, so ``override_settings``
works in tests (the pattern of django-filter's ``conf.py``).

Every setting is documented in ``docs/reference/settings.md``.
"""

from django.conf import settings as django_settings
from django.core.signals import setting_changed

PREFIX = "EGOV_"

DEFAULTS = {
    # Small-cell rule of statistics shown to staff (vote breakdowns by age band and gender): a
    # count from 1 to SMALL_CELL_K - 1 is shown as "5명 미만", so one ballot cannot identify
    # its voter.
    "SMALL_CELL_K": 5,
    # The address residents open (https://www.example.go.kr): every absolute link that leaves
    # the site starts with it (egov_plugin.core.public_url). Empty: the default Wagtail Site's
    # root URL. Campaigns refuse to start while it is localhost / 127.0.0.1 / ::1.
    "PUBLIC_BASE_URL": "",
    # Title of the admin menu group that holds every egov screen.
    "MENU_LABEL": "e-거버넌스",
    # Task queues (egov_plugin.core.queues): the queue name of each kind of background work.
    # A site may rename some; its TASKS backend must accept every name.
    "TASK_QUEUES": {
        "sending": "egov_sending",
        "imports": "egov_imports",
        "analysis": "egov_analysis",
    },
    # Periodic work enqueued by ``manage.py egov_scheduler`` (egov_plugin.core.scheduler): name ->
    # command, args, queue kind, and "every" N seconds or "daily" at "HH:MM" (TIME_ZONE). A
    # site's entry replaces the default of the same name; None removes it.
    "SCHEDULE": {
        "outreach_resume": {"command": "egov_outreach_resume", "queue": "sending", "every": 1800},
        "outreach_reports": {"command": "egov_outreach_reports", "queue": "sending", "every": 1800},
        "fetch_mail": {
            "command": "egov_fetch_mail",
            "queue": "imports",
            "every": 300,
            "requires": "IMPORT_MAIL_HOST",
        },
        "analyse_keywords": {
            "command": "egov_analyse_keywords",
            "args": ["--missing"],
            "queue": "analysis",
            "every": 3600,
        },
        "retention": {"command": "egov_retention", "queue": "imports", "daily": "03:30"},
        "clearsessions": {"command": "clearsessions", "queue": "imports", "daily": "04:00"},
    },
    # Create the staff role groups and grant their default permissions on every migrate
    # (egov_plugin.people.roles); turn off to manage groups entirely by hand.
    "CREATE_STAFF_ROLES": True,
    # The client's address behind proxies (egov_plugin.core.clientip): how many proxies stand in
    # front of the application, and/or their addresses or networks. X-Forwarded-For is read from
    # the right, only as far as trusted proxies wrote it. Neither: REMOTE_ADDR.
    "TRUSTED_PROXY_COUNT": 0,
    "TRUSTED_PROXIES": [],
    # Deprecated: True means TRUSTED_PROXY_COUNT = 1 (system check egov_core.W004).
    "TRUST_X_FORWARDED_FOR": False,
    # SMS: the backend class, the sender number shown to recipients, the file backend's outbox.
    "SMS_BACKEND": "egov_plugin.core.sms.ConsoleBackend",
    "SMS_SENDER": "02-2286-5114",
    "SMS_FILE_PATH": "sms-outbox.jsonl",
    # Verification codes sent by SMS (identity checks for opinions and budget votes).
    "VERIFICATION_CODE_TTL": 300,  # seconds a code stays valid
    "VERIFICATION_MAX_ATTEMPTS": 5,  # wrong codes before the code is spent
    "VERIFICATION_RESEND_SECONDS": 60,  # cool-down before another code to the same number
    "VERIFICATION_PER_PHONE_PER_HOUR": 5,
    "VERIFICATION_PER_IP_PER_HOUR": 30,
    # Opinions on consultations: at most this many per hour from one IP address / one contact.
    "OPINION_PER_IP_PER_HOUR": 30,
    "OPINION_PER_CONTACT_PER_HOUR": 5,
    # Opinions listed per page under a consultation.
    "OPINIONS_PER_PAGE": 20,
    # Days a closed-review invitation link stays valid.
    "EXPERT_LINK_DAYS": 30,
    # Participatory budgets: key of the hash that stands in for the voter's number on a ballot
    # (empty: SECRET_KEY; set it if SECRET_KEY may be rotated during a vote, or a number could
    # vote again).
    "BUDGET_HASH_KEY": "",
    # How long a verified number may take to fill in and cast the ballot (seconds).
    "BUDGET_VERIFIED_SECONDS": 30 * 60,
    # Cookie that marks one browser (a "device") for the fraud signals.
    "BUDGET_DEVICE_COOKIE": "egov_device",
    # Fraud signals: this many ballots from one IP or device within the window, or code
    # requests for this many different numbers from one IP.
    "BUDGET_FRAUD_WINDOW_SECONDS": 10 * 60,
    "BUDGET_FRAUD_BALLOTS": 5,
    "BUDGET_FRAUD_NUMBERS": 5,
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
    # Consent older than this many years is flagged and can be renewed by a campaign (outreach).
    "CONSENT_RENEWAL_YEARS": 2,
    # Analysis (egov_plugin.analysis): nouns listed per consultation and similar consultations.
    "ANALYSIS_TOP_KEYWORDS": 30,
    "ANALYSIS_SIMILAR_COUNT": 5,
    # Privacy (egov_plugin.privacy). Access records (audit events) are kept at least this many
    # years and cannot be deleted sooner; permission-change records at least this many years.
    "AUDIT_RETENTION_YEARS": 2,
    "PERMISSION_LOG_RETENTION_YEARS": 3,
    # Parallel hash chains of the audit log: each event extends one of them, so staff on many
    # processes and hosts are not serialized behind one lock (egov_plugin.core.audit).
    "AUDIT_CHAINS": 8,
    # egov_retention: anonymize opinions' personal data this many years after the consultation
    # closed (aggregates are kept).
    "OPINION_RETENTION_YEARS": 3,
    # Exports of personal data as password-encrypted .xlsx (needs the "encryption" extra).
    "ENCRYPT_EXPORTS": False,
    # Private files (egov_plugin.core.storage): the directory used when STORAGES has no
    # "egov_private" alias; empty means "egov_private" beside MEDIA_ROOT. Never inside
    # MEDIA_ROOT or STATIC_ROOT (a system check refuses it).
    "PRIVATE_ROOT": "",
    # How a permitted download of a private file on object storage (S3) leaves: "stream" (through
    # the server, with every protective header) or "signed_url" (a redirect to a signed URL of
    # PRIVATE_SIGNED_URL_SECONDS, made after the permission check and the audit event). Files on
    # a local directory are always streamed (egov_plugin.core.object_storage).
    "PRIVATE_DOWNLOADS": "stream",
    "PRIVATE_SIGNED_URL_SECONDS": 60,
    # Example site / any site using egov_plugin.privacy.middleware: admin session inactivity
    # timeout, and the login lock after repeated failures.
    "ADMIN_SESSION_TIMEOUT_MINUTES": 30,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 30,
    # One admin session per staff member: a new login signs the earlier browsers out
    # (egov_plugin.privacy.single_session).
    "ADMIN_SINGLE_SESSION": True,
    # Cache alias of rendered fragments whose key names their whole state (the opinion form and
    # list of a consultation page): any process may serve them, so a per-process cache does,
    # without a network round trip (the example site's production profile: "fragments").
    "FRAGMENT_CACHE": "default",
    # Production serving. The per-process caches (local memory, dummy) make every rate limit
    # multiply by the number of server processes: with this on, a system check refuses them.
    "REQUIRE_SHARED_CACHE": False,
    # /healthz (egov_plugin.core.health): its path, and the probes it runs (name -> dotted path).
    "HEALTH_PATH": "/healthz",
    "HEALTH_PROBES": {
        "database": "egov_plugin.core.health.probe_databases",
        "cache": "egov_plugin.core.health.probe_cache",
        "tasks": "egov_plugin.core.health.probe_tasks",
    },
    # Content-Security-Policy directives replaced under the Wagtail admin
    # (egov_plugin.core.csp): Wagtail 8 writes inline scripts that cannot carry a nonce.
    "ADMIN_CSP_REPLACE": {
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
    },
    # Dotted path of a logging.Filter class that masks personal data in log records; used by
    # egov_plugin.core.jsonlog.personal_data_filter (empty: no masking filter).
    "LOG_MASKING_FILTER": "egov_plugin.core.logmasking.PersonalDataFilter",
    # Path prefixes of APIs that take methods other than GET, HEAD and POST; everywhere else
    # egov_plugin.core.request_hygiene answers them with 405.
    "OTHER_METHODS_PATHS": [],
    # The admin's URL path in the example site's urls.py (the package finds the admin by URL
    # name, wherever a site mounts it), and the networks (CIDR) allowed to reach it
    # (egov_plugin.privacy.admin_access; empty: every network).
    "ADMIN_PATH": "admin/",
    "ADMIN_ALLOWED_NETWORKS": [],
    # The residents' pages (egov_core/resident/base.html): the site's name at the end of every
    # page title (empty: the Wagtail site's name); the office the KRDS identifier names
    # ("이 누리집은 … 누리집입니다", empty: no identifier line); the responsible department's
    # contact in the footer (keys: department, phone, email, address, hours; any may be
    # missing); the footer's policy links (a path, a URL or a URL name each).
    "SITE_NAME": "",
    "SITE_OWNER": "",
    "SITE_CONTACT": {},
    "SITE_LINKS": {
        "privacy": "/privacy/",
        "terms": "/terms/",
        "accessibility": "/accessibility/",
    },
    # The 개인정보 처리방침 page (egov_plugin.privacy.policy): the privacy officer (개인정보
    # 보호책임자) residents contact, as a dict with "name", "position", "department", "phone",
    # "email" (any may be empty); the company the SMS sending is entrusted to (empty: named from
    # SMS_BACKEND, e.g. NHN Cloud or Naver Cloud).
    "PRIVACY_OFFICER": {},
    "SMS_PROVIDER_NAME": "",
    # 내 참여 (egov_plugin.participation): how long a proved number or address opens the page
    # in that browser (seconds), and how long the signed link in a confirmation mail works (days).
    "MY_PARTICIPATION_SECONDS": 10 * 60,
    "MY_PARTICIPATION_LINK_DAYS": 7,
    # KakaoTalk share button on consultation pages: the site's Kakao JavaScript app key (empty:
    # no button and no Kakao script), and the SDK the button loads, pinned with its SRI hash.
    "KAKAO_JAVASCRIPT_KEY": "",
    "KAKAO_SDK_URL": "https://t1.kakaocdn.net/kakao_js_sdk/2.7.4/kakao.min.js",
    "KAKAO_SDK_INTEGRITY": (
        "sha384-DKYJZ8NLiK8MN4/C5P2dtSmLQ4KwPaoqAfyA/DfmEc1VDxu4yyC7wy6K1Hs90nka"
    ),
}


class EgovSettings:
    """Lazy accessor for ``EGOV_*`` settings with package defaults."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"egov_plugin has no setting {PREFIX}{name}")
        value = getattr(django_settings, PREFIX + name, DEFAULTS[name])
        # Cached on the instance; cleared by the setting_changed receiver below.
        setattr(self, name, value)
        return value

    def reload(self, setting=None):
        """Forget cached values (all of them, or the one named ``EGOV_<setting>``)."""
        names = [setting] if setting else list(self.__dict__)
        for name in names:
            self.__dict__.pop(name, None)


egov_settings = EgovSettings()


def _on_setting_changed(*, setting, **kwargs):
    if setting.startswith(PREFIX):
        egov_settings.reload(setting.removeprefix(PREFIX))


setting_changed.connect(_on_setting_changed)
