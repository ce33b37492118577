import pytest
from django.test import override_settings

from egov_plugin.core.conf import DEFAULTS, egov_settings


def test_defaults_and_overrides():
    assert egov_settings.MENU_LABEL == DEFAULTS["MENU_LABEL"]
    with override_settings(EGOV_MENU_LABEL="참여"):
        assert egov_settings.MENU_LABEL == "참여"
    assert egov_settings.MENU_LABEL == DEFAULTS["MENU_LABEL"]


def test_unknown_setting_is_an_error():
    with pytest.raises(AttributeError, match="EGOV_NO_SUCH"):
        getattr(egov_settings, "NO_SUCH")  # noqa: B009 - the attribute access is the test


def test_each_app_reads_its_own_settings_through_its_conf():
    from importlib import import_module

    from egov_plugin.core.conf import AppSettings, egov_settings, find_setting

    apps_with_settings = [
        "analysis", "budgeting", "consultations", "imports", "outreach", "participation",
        "people", "privacy",
    ]  # fmt: skip
    seen = dict.fromkeys(DEFAULTS, "core")
    for app in apps_with_settings:
        conf = import_module(f"egov_plugin.{app}.conf")
        assert isinstance(conf.app_settings, AppSettings)
        for name in conf.DEFAULTS:
            assert name not in seen, f"EGOV_{name} is defined by {seen[name]} and {app}"
            seen[name] = app
    # core keeps only its own settings.
    assert not any(name.startswith(("OUTREACH_", "IMPORT_", "BUDGET_")) for name in DEFAULTS)
    with pytest.raises(AttributeError, match="EGOV_OUTREACH_BATCH_SIZE"):
        egov_settings.OUTREACH_BATCH_SIZE  # noqa: B018 - the attribute access is the test
    # The scheduler asks for another app's setting by name.
    with override_settings(EGOV_IMPORT_MAIL_HOST="imap.example.go.kr"):
        assert find_setting("IMPORT_MAIL_HOST") == "imap.example.go.kr"
    assert find_setting("IMPORT_MAIL_HOST") == ""


def test_an_app_setting_follows_override_settings():
    from egov_plugin.outreach.conf import DEFAULTS as OUTREACH_DEFAULTS
    from egov_plugin.outreach.conf import app_settings

    assert app_settings.OUTREACH_BATCH_SIZE == OUTREACH_DEFAULTS["OUTREACH_BATCH_SIZE"]
    with override_settings(EGOV_OUTREACH_BATCH_SIZE=7):
        assert app_settings.OUTREACH_BATCH_SIZE == 7
    assert app_settings.OUTREACH_BATCH_SIZE == OUTREACH_DEFAULTS["OUTREACH_BATCH_SIZE"]
