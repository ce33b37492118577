"""The resident's forms: mobile number, SMS code, and the ballot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.text import (
    AGE_BAND_CHOICES,
    AGE_BANDS,
    GENDER_FEMALE,
    GENDER_MALE,
    InvalidPhone,
    normalize_mobile,
)

from .rules import RuleViolation, check_choices, format_won

# The oldest age in each band (None: no upper limit), to offer only bands that can be eligible.
_BAND_UPPER_AGE = dict(zip(AGE_BANDS, (19, 29, 39, 49, 59, 69, None), strict=True))


class PhoneForm(forms.Form):
    """The number to send the code to, and the resident's consent to its use."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        error_messages={"required": _("Enter your mobile number.")},
        help_text=_("We send a 6-digit code to this number. Example: 010-1234-5678"),
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "010-0000-0000"}
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my mobile number is used to check that I vote only once. "
            "Ballots keep only a code derived from the number, never the number itself."
        ),
        error_messages={"required": _("Please agree to the use of your number to continue.")},
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
    """The 6-digit code the resident received."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        error_messages={"required": _("Enter the code from the text message.")},
        help_text=_("The 6 digits in the text message. The code is valid for 5 minutes."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )

    def clean_code(self):
        code = "".join(ch for ch in self.cleaned_data["code"] if not ch.isspace())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("Enter the 6 digits of the code."))
        return code


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, project):
        return f"{project.title} ({format_won(project.cost)})"


class BallotForm(forms.Form):
    """Where the voter lives, their age band and gender, and the projects they choose.

    Only the vote's own projects and neighbourhoods are accepted: a tampered value is an
    invalid choice, and a choice breaking the rule is refused with the rule's message.
    """

    region = forms.ModelChoiceField(
        label=_("Neighbourhood you live in"),
        queryset=None,
        empty_label=_("Choose your neighbourhood"),
        error_messages={
            "required": _("Choose the neighbourhood you live in."),
            "invalid_choice": _("Choose one of the neighbourhoods in the list."),
        },
        help_text=_("Residents of the district's neighbourhoods may vote."),
    )
    age_band = forms.ChoiceField(
        label=_("Age band"),
        error_messages={
            "required": _("Choose your age band."),
            "invalid_choice": _("Choose one of the age bands in the list."),
        },
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[
            (GENDER_FEMALE, _("Female")),
            (GENDER_MALE, _("Male")),
            ("", _("Prefer not to say")),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the answers for gender.")},
    )
    age_confirmed = forms.BooleanField(label="")
    projects = ProjectChoiceField(
        label=_("Projects"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a project of this vote."),
            "invalid_pk_value": _("“%(pk)s” is not a project of this vote."),
        },
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["region"].queryset = page.get_regions()
        self.fields["projects"].queryset = page.get_projects()
        minimum = page.minimum_age
        self.fields["age_band"].choices = [("", _("Choose your age band"))] + [
            (code, label)
            for code, label in AGE_BAND_CHOICES
            if _BAND_UPPER_AGE[code] is None or _BAND_UPPER_AGE[code] >= minimum
        ]
        confirm = self.fields["age_confirmed"]
        confirm.label = _("I am %(age)d years old or older.") % {"age": minimum}
        confirm.error_messages["required"] = _("Only residents aged %(age)d or older may vote.") % {
            "age": minimum
        }

    def clean_projects(self):
        projects = list(self.cleaned_data["projects"])
        try:
            check_choices(self.page, projects)
        except RuleViolation as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return projects
