"""Settings of egov_plugin, read from Django settings prefixed ``EGOV_``; this module holds the
accessor every app uses and the settings of ``core`` itself.

Each app reads its own settings through one helper, its ``conf.py``::

    # egov_plugin/<app>/conf.py
    DEFAULTS = {"OUTREACH_BATCH_SIZE": 200, ...}
    app_settings = AppSettings(DEFAULTS)

    # anywhere in the app
    from .conf import app_settings
    app_settings.OUTREACH_BATCH_SIZE

The value comes from ``settings.EGOV_NAME`` when a site sets it, otherwise from the app's
``DEFAULTS``. Values are cached and the cache is cleared on ``setting_changed``, so
``override_settings`` works in tests (the pattern of django-filter's ``conf.py``). Core's own
settings are ``egov_settings`` here. An app reads another app's settings only from an app it
depends on (``from egov_plugin.people.conf import app_settings as people_settings``).

Every setting is documented in ``docs/reference/settings.md``.
"""

from importlib import import_module

from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.signals import setting_changed
from django.utils.module_loading import module_has_submodule

PREFIX = "EGOV_"

DEFAULTS = {
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
    # Privacy (egov_plugin.privacy). Access records (audit events) are kept at least this many
    # years and cannot be deleted sooner; permission-change records at least this many years.
    "AUDIT_RETENTION_YEARS": 2,
    # Parallel hash chains of the audit log: each event extends one of them, so staff on many
    # processes and hosts are not serialized behind one lock (egov_plugin.core.audit).
    "AUDIT_CHAINS": 8,
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
}


#: Every AppSettings made, so that ``setting_changed`` reaches all of them.
_registry = []


class AppSettings:
    """Lazy accessor for one app's ``EGOV_*`` settings with that app's defaults."""

    def __init__(self, defaults):
        self.defaults = defaults
        _registry.append(self)

    def __getattr__(self, name):
        if name.startswith("_") or name not in self.defaults:
            raise AttributeError(f"egov_plugin has no setting {PREFIX}{name}")
        value = getattr(django_settings, PREFIX + name, self.defaults[name])
        # Cached on the instance; cleared by the setting_changed receiver below.
        setattr(self, name, value)
        return value

    def reload(self, setting=None):
        """Forget cached values (all of them, or the one named ``EGOV_<setting>``)."""
        names = [setting] if setting else list(self.defaults)
        for name in names:
            self.__dict__.pop(name, None)


egov_settings = AppSettings(DEFAULTS)


def find_setting(name):
    """The value of ``EGOV_<name>``, whichever installed app defines it (for core's scheduler,
    whose jobs may require another app's setting); ``AttributeError`` if none does."""
    for config in django_apps.get_app_configs():
        if config.name.startswith("egov_plugin.") and module_has_submodule(config.module, "conf"):
            import_module(f"{config.name}.conf")
    for app_settings in _registry:
        if name in app_settings.defaults:
            return getattr(app_settings, name)
    raise AttributeError(f"egov_plugin has no setting {PREFIX}{name}")


def _on_setting_changed(*, setting, **kwargs):
    if setting.startswith(PREFIX):
        for app_settings in _registry:
            app_settings.reload(setting.removeprefix(PREFIX))


setting_changed.connect(_on_setting_changed)
