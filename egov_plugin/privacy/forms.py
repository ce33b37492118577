"""The admin login form that says when a login is locked."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from egov_plugin.core.clientip import client_ip

from .login import locked_until


class LockingLoginForm(LoginForm):
    """Wagtail's login form; a locked username or address gets a message saying until when.

    Set ``WAGTAILADMIN_USER_LOGIN_FORM = "egov_plugin.privacy.forms.LockingLoginForm"``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's password field has no label, so Django shows its English name "Password".
        self.fields["password"].label = _("Password")

    def clean(self):
        username = self.cleaned_data.get("username")
        ip_address = client_ip(self.request)
        if locked_until(username, ip_address) is not None:
            if self.request is not None:
                self.request._egov_login_locked = True
            raise self.locked_error(username, ip_address)
        try:
            return super().clean()
        except forms.ValidationError:
            # The failure that reaches the limit already says so.
            if locked_until(username, ip_address) is not None:
                raise self.locked_error(username, ip_address) from None
            raise

    def locked_error(self, username, ip_address):
        until = locked_until(username, ip_address)
        return forms.ValidationError(
            _(
                "Too many failed logins: signing in with this account or from this "
                "computer is locked until %(time)s. Try again then, or ask the "
                "administrator to check the account."
            )
            % {"time": timezone.localtime(until).strftime("%H:%M")},
            code="locked",
        )
