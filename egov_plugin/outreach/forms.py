"""The campaign form: the audience is chosen with the cross-search filters or a saved audience.

Staff never type JSON: the filter fields below are stored in ``Campaign.audience`` as plain ids
and values, and the saved-audience choice in ``Campaign.saved_audience_id``.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from egov_plugin.people.audiences.forms import EMPTY, AudienceFieldsMixin
from egov_plugin.people.audiences.models import SavedAudience

from .models import Campaign


class CampaignForm(AudienceFieldsMixin, WagtailAdminModelForm):
    """Create and edit a campaign; the audience fields replace the raw ``audience`` JSON."""

    audience_field_prefix = "audience_"
    audience_label_format = _("Audience: %(filter)s")

    saved_audience = forms.ModelChoiceField(
        label=_("Or a saved audience"),
        queryset=SavedAudience.objects.all(),
        required=False,
        help_text=_("People saved from a cross-search; the filters above are then unused."),
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
        # Consent for the campaign's channels is always required: this filter narrows further.
        consent = self.fields["audience_consent"]
        consent.choices = [
            *EMPTY,
            ("sms", _("Only people who agree to SMS")),
            ("email", _("Only people who agree to e-mail")),
        ]
        consent.help_text = _(
            "Consent for each chosen channel is always required; this narrows further."
        )
        self.set_audience_initial(self.instance.audience)
        if self.instance.saved_audience_id:
            self.initial["saved_audience"] = self.instance.saved_audience_id
        self.order_fields(
            [
                *self.Meta.fields[:-1],
                *self.audience_field_names(),
                "saved_audience",
                "scheduled_at",
            ]
        )

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
