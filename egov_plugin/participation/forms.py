"""The two forms of 내 참여: the mobile number to send a code to, and the code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.text import InvalidPhone, normalize_mobile


class PhoneForm(forms.Form):
    """The number whose records the resident wants to see."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        error_messages={"required": _("Enter your mobile number.")},
        help_text=_(
            "We send a 6-digit code to this number. The number is used only for this check. "
            "Example: 010-1234-5678"
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "class": "krds-input"}
        ),
    )

    def clean_phone(self):
        try:
            return normalize_mobile(self.cleaned_data["phone"])
        except InvalidPhone as exc:
            raise forms.ValidationError(
                _("This is not a mobile number we can send a code to: %(reason)s.")
                % {"reason": exc.reason}
            ) from None


class CodeForm(forms.Form):
    """The 6-digit code from the text message."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        error_messages={"required": _("Enter the code from the text message.")},
        help_text=_("The 6 digits in the text message."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "class": "krds-input",
            }
        ),
    )

    def clean_code(self):
        code = "".join(ch for ch in self.cleaned_data["code"] if not ch.isspace())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("Enter the 6 digits of the code."))
        return code
