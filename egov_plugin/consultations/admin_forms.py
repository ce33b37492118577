"""Forms of the consultation admin screens: moderation and expert-review invitations."""

import re

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from egov_plugin.committees.models import Committee, CommitteeMembership
from egov_plugin.core.text import (
    InvalidValue,
    mask_email,
    mask_phone,
    normalize_email,
    normalize_mobile,
)
from egov_plugin.people.models import Person


class HideForm(forms.Form):
    """Why the opinion is hidden; kept on the opinion and in the audit log."""

    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: insults, advertising, personal data of others, off topic."),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Give the reason for hiding."))
        return reason


class AnswerForm(forms.Form):
    """The department's official answer, shown under the opinion on the public page."""

    answer = forms.CharField(
        label=_("Official answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise forms.ValidationError(_("Write the answer."))
        return answer


class CommitteeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s (%(field)s, %(count)d members)") % {
            "name": obj.name,
            "field": obj.field,
            "count": obj.member_count,
        }


# Staff paste lists from mail programs and spreadsheets: any of these separate two contacts.
_SEPARATORS = re.compile(r"[;,\t]+")


def _masked(value):
    return mask_email(value) if "@" in value else mask_phone(value)


class InvitationForm(forms.Form):
    """Whom to invite: members of committees, and people named by e-mail address or mobile.

    Each contact must match one registry person exactly (``Person.objects.find_match``); a line
    that matches no one is an error, so that nobody is silently left out.
    """

    committees = CommitteeChoiceField(
        label=_("Committees"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every member of the chosen committees is invited."),
    )
    current_only = forms.BooleanField(
        label=_("Only members whose term has not ended"), required=False, initial=True
    )
    contacts = forms.CharField(
        label=_("People, by e-mail address or mobile number"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line (or separated by semicolons). Each must match someone in the "
            "registry; people without an e-mail address cannot be invited."
        ),  # fmt: skip
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committees"].queryset = (
            Committee.objects.filter(is_active=True)
            .select_related("field")
            .annotate(member_count=Count("memberships"))
            .order_by("name")
        )

    def clean_contacts(self):
        people, errors = [], []
        for number, line in enumerate(self.cleaned_data["contacts"].splitlines(), start=1):
            for value in filter(None, (v.strip() for v in _SEPARATORS.split(line))):
                person, problem = self._match(value)
                if problem:
                    errors.append(
                        _("Line %(line)d (%(value)s): %(problem)s")
                        % {"line": number, "value": _masked(value), "problem": problem}
                    )
                elif person not in people:
                    people.append(person)
        if errors:
            raise forms.ValidationError(errors)
        return people

    @staticmethod
    def _match(value):
        try:
            if "@" in value:
                person = Person.objects.find_match(email=normalize_email(value))
            else:
                person = Person.objects.find_match(mobile=normalize_mobile(value))
        except InvalidValue:
            return None, _("not an e-mail address or a mobile number")
        if person is None:
            return None, _("no one in the registry has this contact")
        return person, None

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("committees") and not cleaned.get("contacts"):
            raise forms.ValidationError(_("Choose a committee or enter at least one contact."))
        return cleaned

    def people(self):
        """The people to invite, each once, committee members first."""
        memberships = CommitteeMembership.objects.filter(
            committee__in=self.cleaned_data["committees"]
        ).select_related("person")
        #: Members left out because their term has ended (the view says how many, and why).
        self.ended_terms = 0
        if self.cleaned_data["current_only"]:
            current = [m for m in memberships if m.is_current]
            self.ended_terms = len({m.person_id for m in memberships}) - len(
                {m.person_id for m in current}
            )
            memberships = current
        people = {}
        for person in [m.person for m in memberships] + self.cleaned_data["contacts"]:
            people.setdefault(person.pk, person)
        return list(people.values())
