"""Admin forms: member rows that refuse a person twice, and the activity form whose participant
list holds only the organization's members, masked for users who may not see their names."""

from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet

from egov_plugin.people.member_choices import BodyMembersForm
from egov_plugin.people.models import Person


class OneRowPerPersonFormSet(BaseChildFormSet):
    """Member rows: a person added twice gets the message on the second row's person field.

    The unique constraint alone would only give the formset a general message at the top of
    the page, which does not say which of several rows is the duplicate.
    """

    def validate_unique(self):
        seen = set()
        deleted = set(self.deleted_forms) if self.can_delete else set()
        for form in self.forms:
            if form in deleted or not form.is_valid():
                continue
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                form.add_error(
                    "person",
                    _("This person is already a member: each person can be added only once."),
                )
            seen.add(person.pk)
        super().validate_unique()


class ActivityForm(BodyMembersForm):
    """An activity: participating members are the organization's members."""

    people_field = "participants"

    def get_body_members(self):
        from .models import OrganizationMembership

        organization_pk = self.chosen_pk("organization")
        if organization_pk is None:
            return None
        memberships = OrganizationMembership.objects.filter(organization_id=organization_pk)
        roles = {m.person_id: m.get_role_display() for m in memberships.only("person", "role")}
        return (
            Person.objects.filter(organization_memberships__organization_id=organization_pk),
            roles,
            OrganizationMembership,
            organization_pk,
        )
