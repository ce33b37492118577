"""Admin forms: member rows that refuse a person twice, and activity and meeting forms whose
participant and attendee lists hold only the body's members, masked for users who may not see
their names."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm

from egov_plugin.core.text import mask_name
from egov_plugin.people.bodies import MemberContacts
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


class MemberChoiceField(forms.ModelMultipleChoiceField):
    """Tick boxes of members, labelled with the name (masked unless permitted) and role.

    ``visible_ids`` holds the people whose names this user sees (see people.bodies).
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, visible_ids=(), roles=None, **kwargs):
        self.visible_ids = set(visible_ids)
        self.roles = roles or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person):
        name = person.name if person.pk in self.visible_ids else mask_name(person.name)
        role = self.roles.get(person.pk)
        return f"{name} · {role}" if role else name


class BodyMembersForm(WagtailAdminModelForm):
    """Limits a many-to-many field of people to the members of the chosen body.

    The body comes from the submitted data, the record being edited, or the add link
    (``?organization=<id>``, see the views); until one is chosen the list is empty and says
    why. People already ticked stay in the list even if they have since left the body, so that
    saving does not silently drop them from the record.
    """

    #: The many-to-many field of people to limit.
    people_field = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.people_field in self.fields:
            self._limit_people_field()

    def chosen_pk(self, name):
        """The primary key of the foreign key ``name`` as submitted or as stored."""
        if name not in self.fields:
            return getattr(self.instance, f"{name}_id", None)
        if self.is_bound:
            value = self.data.get(self.add_prefix(name))
        else:
            value = self.initial.get(name)
        value = getattr(value, "pk", value)
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def get_body_members(self):
        """``(members queryset, {person pk: role label}, membership model, body pk)``, or
        ``None`` while no body is chosen."""
        raise NotImplementedError

    def _limit_people_field(self):
        old = self.fields[self.people_field]
        found = self.get_body_members()
        current = [p.pk for p in getattr(self.instance, self.people_field).all()]
        if found is None:
            members, roles, visible_ids = Person.objects.none(), {}, set()
        else:
            members, roles, membership_model, body_pk = found
            policy = MemberContacts(self.for_user, membership_model)
            visible_ids = (
                set(members.values_list("pk", flat=True))
                if policy.all_visible
                else policy.visible_person_ids(body_pk)
            )
        queryset = Person.objects.filter(Q(pk__in=members.values("pk")) | Q(pk__in=current))
        self.fields[self.people_field] = MemberChoiceField(
            queryset=queryset.order_by("name", "pk"),
            required=False,
            label=old.label,
            help_text=(
                old.help_text
                if found is not None
                else _("Choose the body first and save: its members can then be ticked here.")
            ),
            visible_ids=visible_ids,
            roles=roles,
        )


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


class MeetingForm(BodyMembersForm):
    """A meeting: one body (organization or committee); attendees are its members."""

    people_field = "attendees"

    def get_body_members(self):
        from egov_plugin.committees.models import CommitteeMembership

        from .models import OrganizationMembership

        organization_pk = self.chosen_pk("organization")
        committee_pk = self.chosen_pk("committee")
        if organization_pk and not committee_pk:
            memberships = OrganizationMembership.objects.filter(organization_id=organization_pk)
            people = Person.objects.filter(
                organization_memberships__organization_id=organization_pk
            )
            model, body_pk = OrganizationMembership, organization_pk
        elif committee_pk and not organization_pk:
            memberships = CommitteeMembership.objects.filter(committee_id=committee_pk)
            people = Person.objects.filter(committee_memberships__committee_id=committee_pk)
            model, body_pk = CommitteeMembership, committee_pk
        else:
            return None
        roles = {m.person_id: m.get_role_display() for m in memberships.only("person", "role")}
        return people, roles, model, body_pk

    def _update_errors(self, errors):
        # The model names one of the two body fields; a user who may pick only the other one
        # (a committee's staff, say) sees the message on the field they have.
        error_dict = getattr(errors, "error_dict", None)
        if error_dict is not None:
            for name, other in (("organization", "committee"), ("committee", "organization")):
                if name in error_dict and name not in self.fields and other in self.fields:
                    error_dict.setdefault(other, []).extend(error_dict.pop(name))
        super()._update_errors(errors)
