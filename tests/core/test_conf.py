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
