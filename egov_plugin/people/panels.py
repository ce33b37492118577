"""Inline member panels for bodies that people belong to (committees, organizations).

A member row picks a registry person with the person chooser and shows (and edits) that
person's e-mail address beside the membership: the address lives on the person, once, whatever
bodies they sit on. Users without the body's contacts permission see it masked and read-only.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from egov_plugin.core import audit
from egov_plugin.core.text import InvalidValue, mask_email, normalize_email

from .permissions import can_view_personal_data


def can_view_member_contacts(user, permission):
    """Whether ``user`` sees members' contacts: the registry-wide right, or the body's own."""
    return can_view_personal_data(user) or bool(
        user and user.is_active and user.has_perm(permission)
    )


class MemberContactForm(WagtailAdminModelForm):
    """A membership row with the member's e-mail address (stored on the person).

    The address is shown and editable only where :class:`~egov_plugin.people.bodies.MemberContacts`
    shows this member in clear; a new row (or a row whose person is changed) is confirmed only
    when the user may see personal data or entered that person themselves, so that picking a
    masked person from the chooser never unmasks them.
    """

    #: Set by :func:`member_form_for`: the permission that shows this body's members' contacts.
    contacts_permission = None

    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .bodies import MemberContacts

        self.policy = MemberContacts(self.for_user, self._meta.model)
        if not self.policy.all_visible:
            # Only those who see every member may confirm one (the field is not in the form,
            # so a posted value is ignored).
            self.fields.pop("contacts_confirmed", None)
        elif self.instance.pk is None and "contacts_confirmed" in self.fields:
            self.initial.setdefault("contacts_confirmed", True)
        person = self.instance.person if self.instance.person_id else None
        self.contacts_visible = self.policy.visible(self.instance)
        if person is not None:
            self.initial["email"] = (
                person.email if self.contacts_visible else mask_email(person.email)
            )
        # A new row has no one to show yet: its address may be typed if the user may see
        # some members at all; clean() refuses it for a person they may not see.
        editable = self.contacts_visible or (person is None and self.policy.may_see_some)
        if not editable:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("Masked: you may not see members' contacts.")

    def _person_is_new_here(self, person):
        return self.instance.pk is None or person.pk != self.instance.person_id

    def clean(self):
        from .bodies import confirms_membership

        cleaned = super().clean()
        person = cleaned.get("person")
        self.confirmed_now = None
        if person is not None and self._person_is_new_here(person):
            self.confirmed_now = confirms_membership(self.for_user, person)
            email = cleaned.get("email")
            if email and not self.confirmed_now and email != person.email:
                self.add_error(
                    "email",
                    _(
                        "You may not see this person's contacts, so you cannot change their "
                        "e-mail address here."
                    ),
                )
                cleaned["email"] = None
        return cleaned

    def clean_email(self):
        if self.fields["email"].disabled:
            return None  # read-only for this user: leave the person's address alone
        try:
            return normalize_email(self.cleaned_data.get("email"))
        except InvalidValue as exc:
            raise forms.ValidationError(exc.reason) from exc

    def save(self, commit=True):
        membership = self.instance
        if self.confirmed_now is not None and "contacts_confirmed" not in self.fields:
            # A person new to this row: confirmed only by who entered them (see bodies.py).
            membership.contacts_confirmed = self.confirmed_now
        membership = super().save(commit=commit)
        email = self.cleaned_data.get("email")
        person = membership.person
        if email is not None and person is not None and email != person.email:
            with transaction.atomic():
                person.email = email
                person.save(update_fields=["email", "updated_at"])
                audit.record(
                    None,
                    audit.Action.EDIT,
                    obj=person,
                    user=self.for_user,
                    summary=str(person),
                    data={"fields": ["email"], "via": membership._meta.label_lower},
                )
        return membership


def member_form_for(permission):
    """A :class:`MemberContactForm` subclass bound to a body's contacts permission."""
    return type("MemberContactForm", (MemberContactForm,), {"contacts_permission": permission})


class MemberInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose rows use ``form_class`` and receive the current user."""

    def __init__(self, relation_name, *args, form_class, **kwargs):
        self.form_class = form_class
        super().__init__(relation_name, *args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["form_class"] = self.form_class
        return kwargs

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = self.form_class
        formset["inherit_kwargs"] = ["for_user"]
        return options
