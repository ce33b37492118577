"""Forms of records of a body's meetings or activities: a list of people limited to the body's
members, masked for users who may not see their names (see :mod:`egov_plugin.people.bodies`)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from egov_plugin.core.text import mask_name

from .bodies import MemberContacts
from .models import Person


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
