"""Forms of the registry used outside its own admin screens (choosers, inline creation)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm

from .models import Person


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
