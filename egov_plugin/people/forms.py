"""Forms of the registry used outside its generic admin screens (choosers, inline creation,
recording a paper card's consent)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm

from .consent import check_basis
from .models import ConsentRecord, Person


class PersonSearchFilterForm(BaseFilterForm):
    """The person chooser's search box: name part, mobile (full or last four), e-mail part."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, mobile number or e-mail")}),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            return objects.search(query)
        return objects


class PersonCreationForm(forms.ModelForm):
    """Add a person to the registry on the spot (from a chooser)."""

    class Meta:
        model = Person
        fields = ["name", "mobile", "email", "gender", "age_band", "region"]


class PaperConsentForm(forms.Form):
    """What staff copy from a paper card: the channel, the answer, the day it was signed."""

    channel = forms.ChoiceField(
        label=pgettext_lazy("consent", "Channel"),
        choices=[
            (ConsentRecord.Channel.SMS.value, ConsentRecord.Channel.SMS.label),
            (ConsentRecord.Channel.EMAIL.value, ConsentRecord.Channel.EMAIL.label),
        ],
    )
    granted = forms.TypedChoiceField(
        label=_("Answer on the card"),
        choices=[("yes", _("Agrees")), ("no", _("Withdraws"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    card_signed_on = forms.DateField(
        label=_("Card signed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date the person wrote on the card."),
    )
    wording_version = forms.CharField(
        label=_("Wording version on the card"),
        max_length=50,
        required=False,
        help_text=_("As printed on the card, if it has one."),
    )

    def clean(self):
        cleaned = super().clean()
        if "card_signed_on" in cleaned:
            try:
                check_basis(
                    ConsentRecord.Basis.PAPER,
                    granted=cleaned.get("granted", True),
                    wording_version=cleaned.get("wording_version", ""),
                    card_signed_on=cleaned["card_signed_on"],
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
