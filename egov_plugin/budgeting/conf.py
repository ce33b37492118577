"""Settings of the budgeting app: ``EGOV_BUDGET_*``, kept with every other ``EGOV_*`` setting in
:mod:`egov_plugin.core.conf` (defaults and documentation there and in
``docs/reference/settings.md``)."""

from egov_plugin.core.conf import egov_settings


def setting(name):
    """The value of ``EGOV_<name>`` or its default (``override_settings`` works)."""
    return getattr(egov_settings, name)
