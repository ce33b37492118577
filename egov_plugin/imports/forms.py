"""Admin forms: the upload (kind, file, target), the column mapping, mail upload and assignment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov_plugin.committees.models import Committee
from egov_plugin.consultations.models import ConsultationPage
from egov_plugin.organizations.models import Organization

from .kinds import KINDS
from .models import ImportJob


class UploadForm(forms.Form):
    """What is uploaded and where it goes; the target that the kind needs is required."""

    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx, .xls), LibreOffice (.ods) or CSV (UTF-8 or CP949)."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.all(), required=False
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.all(), required=False
    )
    consultation = forms.ModelChoiceField(
        label=_("Consultation"), queryset=ConsultationPage.objects.all(), required=False
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            # Staff see only the kinds they may upload (see egov_plugin.imports.permissions).
            self.fields["kind"].choices = [
                (key, label) for key, label in ImportJob.Kind.choices if key in kinds
            ]

    def clean(self):
        data = super().clean()
        kind = KINDS.get(data.get("kind"))
        if kind is not None and kind.target and not data.get(kind.target):
            self.add_error(kind.target, _("Choose where the rows go."))
        return data

    def target(self):
        kind = KINDS[self.cleaned_data["kind"]]
        return self.cleaned_data.get(kind.target) if kind.target else None


class MappingForm(forms.Form):
    """One choice per column of the file: which field it fills (or none)."""

    def __init__(self, *args, job, kind, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not imported)"))] + [
            (f.key, f"{f.title} — {f.label}") for f in kind.fields
        ]
        for index, title in enumerate(job.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=title or _("Column %(number)d") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=job.mapping.get(str(index), ""),
            )

    def clean(self):
        data = super().clean()
        chosen = [v for v in data.values() if v]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Each field can come from one column only."))
        return data

    def mapping(self):
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if value
        }


class MailUploadForm(forms.Form):
    """An .eml or .mbox file of opinions sent by e-mail."""

    file = forms.FileField(label=_("Mail file (.eml or .mbox)"))


class AssignMailForm(forms.Form):
    """The consultation an unassigned mail belongs to."""

    consultation = forms.ModelChoiceField(
        label=_("Consultation"), queryset=ConsultationPage.objects.all()
    )
