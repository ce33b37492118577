"""The controls Korean privacy law asks for: access records, reviews, retention, deletions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovPrivacyConfig(AppConfig):
    """Access-record review, permission-change log, retention, deletion requests, login controls."""

    name = "egov_plugin.privacy"
    label = "egov_privacy"
    verbose_name = _("Privacy controls")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from egov_plugin.people import roles

        from . import login, signals

        signals.connect()
        user_login_failed.connect(login.record_failure, dispatch_uid="egov_privacy_login_failed")
        user_logged_in.connect(login.clear_failures, dispatch_uid="egov_privacy_logged_in")
        roles.grant_to_role(
            roles.ADMINISTRATOR,
            "egov_privacy.review_access",
            "egov_privacy.view_monthlyreview",
            "egov_privacy.add_monthlyreview",
            "egov_privacy.view_permissionchange",
            "egov_privacy.view_deletionrequest",
            "egov_privacy.add_deletionrequest",
            "egov_privacy.change_deletionrequest",
        )
