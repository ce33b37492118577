"""The residents' opinion form (no account needed)."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.forms import AccessibleErrorsMixin
from egov_plugin.core.text import (
    AGE_BAND_CHOICES,
    GENDER_CHOICES,
    InvalidValue,
    mask_email,
    mask_phone,
    normalize_email,
    normalize_mobile,
    normalize_name,
)
from egov_plugin.people.models import Region

from .records import Opinion

OUTSIDE = "outside"


class OpinionForm(AccessibleErrorsMixin, forms.Form):
    """Name, gender, age band, neighbourhood, a contact, the opinion, stance and consent.

    ``website`` is a honeypot: people never see it (it is hidden and skipped by assistive
    technology), simple bots fill it in.
    """

    name = forms.CharField(label=_("Name"), max_length=50)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[c for c in GENDER_CHOICES if c[0]], widget=forms.RadioSelect
    )
    age_band = forms.ChoiceField(label=_("Age band"), choices=AGE_BAND_CHOICES)
    region = forms.ChoiceField(label=_("Neighbourhood"))
    mobile = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(label=_("Your opinion"), widget=forms.Textarea(attrs={"rows": 6}))
    stance = forms.ChoiceField(
        label=_("Stance (optional)"),
        required=False,
        choices=[("", _("No stance"))] + list(Opinion.Stance.choices),
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal data as described above."),
        error_messages={
            "required": _("You must agree to the collection of personal data to leave an opinion.")
        },  # fmt: skip
    )
    notify_outcome = forms.BooleanField(
        label=_("Tell me what became of the opinions (by e-mail)."), required=False
    )
    code = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, max_length=2000, require_code=False, contact=None, **kwargs):
        """``contact``: ``(mobile, email)`` fixed by the server (an invited expert's), in place
        of the contact fields; the form then shows it masked and ignores what is posted."""
        super().__init__(*args, **kwargs)
        self.fixed_contact = contact
        if contact is not None:
            require_code = False
            for name in ("mobile", "email", "code"):
                del self.fields[name]
        regions = [(str(pk), name) for pk, name in Region.objects.values_list("pk", "name")]
        self.fields["region"].choices = (
            [("", _("Choose…"))] + regions + [(OUTSIDE, _("Outside the district"))]
        )
        self.fields["age_band"].choices = [("", _("Choose…"))] + list(AGE_BAND_CHOICES)
        self.fields["text"].max_length = max_length
        self.fields["text"].widget.attrs["maxlength"] = max_length
        self.fields["text"].validators.append(MaxLengthValidator(max_length))
        self.require_code = require_code
        if require_code:
            self.fields["code"].required = True

    def clean_name(self):
        name = normalize_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean_mobile(self):
        value = self.cleaned_data.get("mobile")
        if not value:
            return ""
        try:
            return normalize_mobile(value)
        except InvalidValue as exc:
            raise forms.ValidationError(exc.reason) from exc

    def clean_email(self):
        try:
            return normalize_email(self.cleaned_data.get("email"))
        except InvalidValue as exc:
            raise forms.ValidationError(exc.reason) from exc

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Please write at least 5 characters."))
        return text

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."))
        return ""

    @property
    def masked_contact(self):
        """The fixed contact as shown on screen: ``"010-1234-**** · h***@example.org"``."""
        mobile, email = self.fixed_contact or ("", "")
        return " · ".join(part for part in (mask_phone(mobile), mask_email(email)) if part)

    def clean(self):
        cleaned = super().clean()
        if self.fixed_contact is not None:
            cleaned["mobile"], cleaned["email"] = self.fixed_contact
            cleaned["code"] = ""
        if not cleaned.get("mobile") and not cleaned.get("email"):
            if "mobile" not in self.errors and "email" not in self.errors:
                self.add_error("mobile", _("Enter a mobile number or an e-mail address."))
        if self.require_code and not cleaned.get("mobile") and "mobile" not in self.errors:
            self.add_error("mobile", _("This consultation checks a mobile number by SMS code."))
        if cleaned.get("notify_outcome") and not cleaned.get("email"):
            self.add_error("email", _("Enter an e-mail address to be told the outcome."))
        return cleaned

    @property
    def region_obj(self):
        value = self.cleaned_data.get("region")
        if not value or value == OUTSIDE:
            return None
        return Region.objects.filter(pk=value).first()
