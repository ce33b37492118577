"""The meeting form: one field per registered kind of body (``organization``, ``committee`` …),
of which exactly one is chosen, and attendees limited to that body's members."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

from egov_plugin.people.body_kinds import get_body_kinds
from egov_plugin.people.member_choices import BodyMembersForm
from egov_plugin.people.models import Person


def missing_body_message(kinds):
    """'Choose the organization or the committee that met.' for the registered kinds."""
    names = pgettext("between kinds of body", " or the ").join(
        str(kind.model_class._meta.verbose_name) for kind in kinds
    )
    return gettext("Choose the %(kinds)s that met.") % {"kinds": names}


def two_bodies_message(kinds):
    """'Choose either an organization or a committee, not both: …' for the registered kinds
    (each named by its ``one_label``, or its model's name)."""
    names = pgettext("between kinds of body", " or ").join(
        str(kind.one_label or kind.model_class._meta.verbose_name) for kind in kinds
    )
    return gettext("Choose either %(kinds)s, not both: a meeting belongs to one body.") % {
        "kinds": names
    }


# Lazy: a form's errors are shown (and tests read them) in the language of the moment.
missing_body_message_lazy = lazy(missing_body_message, str)
two_bodies_message_lazy = lazy(two_bodies_message, str)


def body_field(kind):
    """The form field choosing a body of ``kind``."""
    model = kind.model_class
    return forms.ModelChoiceField(
        queryset=model._default_manager.all(),
        required=False,
        label=capfirst(model._meta.verbose_name),
    )


class MeetingForm(BodyMembersForm):
    """A meeting: one body (of any registered kind); attendees are its members.

    The form class the admin uses is :func:`meeting_form_class`, which declares one field per
    kind, named by its key; Wagtail leaves out the fields of kinds a user may not see.
    """

    people_field = "attendees"

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        kind = instance.body_kind if instance is not None else None
        if kind is not None:
            kwargs["initial"] = {kind.key: instance.body_id, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    @property
    def body_kinds(self):
        return get_body_kinds()

    def chosen_pk(self, name):
        if name not in self.fields:
            # A kind this user may not choose: the stored body, if it is of that kind.
            kind = self.instance.body_kind
            return self.instance.body_id if kind is not None and kind.key == name else None
        return super().chosen_pk(name)

    def chosen_bodies(self):
        """``[(kind, pk)]`` of the kinds with a body chosen (stored for kinds not shown)."""
        chosen = []
        for kind in self.body_kinds:
            pk = self.chosen_pk(kind.key)
            if pk is not None:
                chosen.append((kind, pk))
        return chosen

    def get_body_members(self):
        chosen = self.chosen_bodies()
        if len(chosen) != 1 or chosen[0][0].membership_model is None:
            return None
        kind, body_pk = chosen[0]
        model = kind.membership_model
        memberships = model.objects.filter(**{f"{model.body_field}_id": body_pk})
        roles = {m.person_id: m.get_role_display() for m in memberships.only("person", "role")}
        people = Person.objects.filter(pk__in=memberships.values("person_id"))
        return people, roles, model, body_pk

    def clean(self):
        cleaned = super().clean()
        kinds = self.body_kinds
        shown = [kind for kind in kinds if kind.key in self.fields]
        chosen = [kind for kind in shown if cleaned.get(kind.key) is not None]
        if not chosen:
            # A user who sees no kind of body at all gets the message above the form.
            self.add_error(shown[0].key if shown else None, missing_body_message_lazy(kinds))
        elif len(chosen) > 1:
            self.add_error(chosen[-1].key, two_bodies_message_lazy(kinds))
        else:
            body = cleaned[chosen[0].key]
            self.instance.body_type = ContentType.objects.get_for_model(body)
            self.instance.body_id = body.pk
        return cleaned


def meeting_form_class(kinds=None):
    """:class:`MeetingForm` with one declared field per kind of body (all registered kinds)."""
    kinds = get_body_kinds() if kinds is None else kinds
    fields = {kind.key: body_field(kind) for kind in kinds}
    return type(MeetingForm)("MeetingForm", (MeetingForm,), {"__module__": __name__, **fields})
