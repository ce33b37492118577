"""The two forms of 내 참여: the mobile number to send a code to, and the code.

Both do their work in validation — sending the code, checking it — so that a refusal of the
verification (cool-down, hourly limits, a wrong or expired code) is an error of the field,
announced beside it and in the summary like any other (``AccessibleErrorsMixin``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.forms import AccessibleErrorsMixin
from egov_plugin.core.text import InvalidPhone, normalize_mobile
from egov_plugin.core.verification import VerificationError, check_code, request_code

#: The verification purpose of 내 참여's codes (a code proves a number for this page only).
PURPOSE = "my_participation"


class PhoneForm(AccessibleErrorsMixin, forms.Form):
    """The number whose records the resident wants to see; valid once a code was sent to it."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        error_messages={"required": _("Enter your mobile number.")},
        help_text=_(
            "We send a 6-digit code to this number. The number is used only for this check. "
            "Example: 010-1234-5678"
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, ip=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ip = ip
        #: The verification's refusal code (``"cooldown"``, ``"ip_limit"``...), if it refused.
        self.refusal = None

    def clean_phone(self):
        try:
            phone = normalize_mobile(self.cleaned_data["phone"])
        except InvalidPhone as exc:
            raise forms.ValidationError(
                _("This is not a mobile number we can send a code to: %(reason)s.")
                % {"reason": exc.reason}
            ) from None
        try:
            request_code(phone, PURPOSE, ip=self.ip)
        except VerificationError as exc:
            self.refusal = exc.code
            raise forms.ValidationError(exc.message) from None
        return phone


class CodeForm(AccessibleErrorsMixin, forms.Form):
    """The 6-digit code from the text message; valid once it proved ``phone``."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        error_messages={"required": _("Enter the code from the text message.")},
        help_text=_("The 6 digits in the text message."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, phone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.phone = phone

    def clean_code(self):
        code = "".join(ch for ch in self.cleaned_data["code"] if not ch.isspace())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("Enter the 6 digits of the code."))
        try:
            check_code(self.phone, PURPOSE, code)
        except VerificationError as exc:
            raise forms.ValidationError(exc.message) from None
        return code
