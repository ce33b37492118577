"""The campaign form: the audience is chosen with the cross-search filters or a saved audience.

Staff never type JSON: the filter fields below are stored in ``Campaign.audience`` as plain ids
and values, and the saved-audience choice in ``Campaign.saved_audience_id``.
"""

from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES
from egov_plugin.people.groups import get_groups
from egov_plugin.people.models import Region

from .models import Campaign

EMPTY = [("", "---------")]

#: Form field → key in ``Campaign.audience``.
FILTER_FIELDS = {
    "audience_group": "group",
    "audience_region": "region",
    "audience_age_band": "age_band",
    "audience_gender": "gender",
    "audience_committee_field": "committee_field",
    "audience_organization": "organization",
    "audience_consent": "consent",
}


class CampaignForm(WagtailAdminModelForm):
    """Create and edit a campaign; the audience fields replace the raw ``audience`` JSON."""

    audience_group = forms.ChoiceField(label=_("Audience: group"), required=False)
    audience_region = forms.ModelChoiceField(
        label=_("Audience: neighbourhood"), queryset=Region.objects.all(), required=False
    )
    audience_age_band = forms.ChoiceField(
        label=_("Audience: age band"), required=False, choices=EMPTY + list(AGE_BAND_CHOICES)
    )
    audience_gender = forms.ChoiceField(
        label=_("Audience: gender"), required=False, choices=EMPTY + list(GENDER_CHOICES)
    )
    audience_consent = forms.ChoiceField(
        label=_("Audience: consent"),
        required=False,
        choices=[
            *EMPTY,
            ("sms", _("Only people who agree to SMS")),
            ("email", _("Only people who agree to e-mail")),
        ],
        help_text=_("Consent for each chosen channel is always required; this narrows further."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "purpose",
            "page",
            "send_sms",
            "send_email",
            "message",
            "sms_title",
            "email_subject",
            "advertising",
            "consent_wording",
            "consent_version",
            "scheduled_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Outcome notices are created by publishing a consultation, never by hand.
        if self.instance.kind != Campaign.Kind.OUTCOME:
            self.fields["kind"].choices = [
                c for c in Campaign.Kind.choices if c[0] != Campaign.Kind.OUTCOME
            ]
        self.fields["audience_group"].choices = EMPTY + [(g.key, g.label) for g in get_groups()]
        # Committees, organizations and saved audiences belong to apps a site may leave out.
        if apps.is_installed("egov_plugin.committees"):
            self.fields["audience_committee_field"] = forms.ModelChoiceField(
                label=_("Audience: committee field"),
                queryset=apps.get_model("egov_committees", "CommitteeField").objects.all(),
                required=False,
            )
        if apps.is_installed("egov_plugin.organizations"):
            self.fields["audience_organization"] = forms.ModelChoiceField(
                label=_("Audience: organization"),
                queryset=apps.get_model("egov_organizations", "Organization").objects.all(),
                required=False,
            )
        if apps.is_installed("egov_plugin.insights"):
            self.fields["saved_audience"] = forms.ModelChoiceField(
                label=_("Or a saved audience"),
                queryset=apps.get_model("egov_insights", "SavedAudience").objects.all(),
                required=False,
                help_text=_("People saved from a cross-search; the filters above are then unused."),
            )
        else:
            # Without the insights app the cross-search's extra filters do not apply.
            for name in ("audience_committee_field", "audience_organization", "audience_consent"):
                self.fields.pop(name, None)
        audience = self.instance.audience or {}
        for name, key in FILTER_FIELDS.items():
            if name in self.fields and audience.get(key) not in (None, ""):
                self.initial[name] = audience[key]
        if "saved_audience" in self.fields and self.instance.saved_audience_id:
            self.initial["saved_audience"] = self.instance.saved_audience_id
        self.order_fields(
            [
                *self.Meta.fields[:-1],
                *FILTER_FIELDS,
                "saved_audience",
                "scheduled_at",
            ]
        )

    def audience_filters(self):
        """The chosen filters as JSON-ready ``{key: id or value}``."""
        filters = {}
        for name, key in FILTER_FIELDS.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            filters[key] = value.pk if hasattr(value, "pk") else value
        return filters

    def clean_scheduled_at(self):
        value = self.cleaned_data.get("scheduled_at")
        if value and value < timezone.now() and "scheduled_at" in self.changed_data:
            raise forms.ValidationError(
                _("%(when)s has already passed: choose a time in the future or leave it empty.")
                % {"when": timezone.localtime(value).strftime("%Y-%m-%d %H:%M")}
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("saved_audience") and self.audience_filters():
            self.add_error(
                "saved_audience",
                _("Choose either a saved audience or filters, not both."),
            )
        if not cleaned.get("send_sms") and not cleaned.get("send_email"):
            self.add_error("send_sms", _("Choose SMS, e-mail or both."))
        if cleaned.get("kind") == Campaign.Kind.CONSENT_RENEWAL:
            if "{link}" not in (cleaned.get("message") or ""):
                self.add_error(
                    "message",
                    _("A consent renewal message must contain {link}: each person's consent page."),
                )
            for name in ("consent_wording", "consent_version"):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, _("A consent renewal needs this."))
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        instance.audience = self.audience_filters()
        saved = self.cleaned_data.get("saved_audience")
        instance.saved_audience_id = saved.pk if saved else None
        if commit:
            instance.save()
        return instance
