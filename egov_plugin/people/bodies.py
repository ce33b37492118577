"""Bodies people belong to (committees, organizations): who manages each, and whose member
contacts a staff member sees.

The registry-wide right ``egov_people.view_personal_data`` shows everyone. Otherwise a staff
member sees a member's name and contacts only when all three hold:

- they hold the body kind's contacts permission (``egov_committees.view_member_contacts``,
  ``egov_organizations.view_member_contacts``);
- they **manage** that body (its ``managers``; see :class:`ManagedBody`);
- the membership is **confirmed** (:attr:`BodyMembership.contacts_confirmed`): it was entered
  by someone who already knew the contacts — a person typed in (created) by that same staff
  member, or staff who may see personal data anyway.

Picking an existing person from the chooser does not confirm: the chooser showed that person
masked, and adding them to a body must not reveal more (KISA 불충분한 권한 검증). Someone with
``view_personal_data`` confirms such a membership on the body's page.

Committees and organizations subclass the two abstract models here; every screen that shows
or exports members (look-ups, exports, address copy, the member rows, attendee lists, the
cross-search) asks :class:`MemberContacts` or :func:`visible_member_ids`, so the rule is
enforced where the data leaves, not only in forms.
"""

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from egov_plugin.core import audit

from .permissions import VIEW_PERSONAL_DATA, can_view_personal_data

#: Who may choose a body's managers: delegating the sight of contacts is for those who see
#: them all.
ASSIGN_MANAGERS_PERMISSION = VIEW_PERSONAL_DATA


class BodyCategory(models.Model):
    """Abstract: an editable list that sorts bodies (a committee's field of expertise, a kind of
    organization): a unique name and an order."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ManagedBody(models.Model):
    """A body with the staff members who manage it (and so may see its members' contacts):
    its unique name, description and whether it is active are the same for every kind."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managing staff"),
        blank=True,
        related_name="managed_%(app_label)s_%(class)s",
        help_text=_(
            "Staff who manage this body: with their role's permission they see its confirmed "
            "members' names and contacts."
        ),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyMembership(models.Model):
    """A person's membership of a body; subclasses name the body's foreign key."""

    #: The name of the foreign key to the body (``"committee"``, ``"organization"``).
    body_field = None
    #: The permission that shows this kind of body's members' contacts.
    contacts_permission = None

    contacts_confirmed = models.BooleanField(
        _("membership confirmed"),
        default=False,
        help_text=_(
            "The body's managing staff see this member's name and contacts only once the "
            "membership is confirmed by someone who may see personal data."
        ),
    )

    class Meta:
        abstract = True

    @property
    def body(self):
        return getattr(self, self.body_field)

    @property
    def body_id(self):
        return getattr(self, f"{self.body_field}_id")


class _PersonKey(models.ForeignKey):
    """The membership's person; its reverse name is ``<body_field>_memberships``
    (``person.committee_memberships``, ``person.organization_memberships``)."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        if not cls._meta.abstract:
            # ``_related_name`` is what ``deconstruct()`` writes into migrations.
            self._related_name = self.remote_field.related_name = f"{cls.body_field}_memberships"
        super().contribute_to_class(cls, name, *args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


class _RoleField(models.CharField):
    """The role; its choices are the subclass's ``Role``."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        if not cls._meta.abstract:
            self.choices = list(cls.Role.choices)
        super().contribute_to_class(cls, name, *args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class Membership(BodyMembership):
    """A person's membership of a body, with a role: the shared part of committee and
    organization memberships. A subclass declares its body's ``ParentalKey`` (named
    ``body_field``), its ``Role`` choices (with ``MEMBER = "member"``), its own fields and its
    ``Meta`` built with :func:`membership_meta`."""

    person = _PersonKey("egov_people.Person", verbose_name=_("person"), on_delete=models.CASCADE)
    role = _RoleField(_("role"), max_length=20, default="member")

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.body} · {self.person}"


def member_once(body_field):
    """The "member once" constraint: a person belongs to a body at most once."""
    return models.UniqueConstraint(
        fields=[body_field, "person"], name=f"egov_{body_field}_member_once"
    )


def contacts_permission_entry(label):
    """The ``Meta.permissions`` entry of a body kind's contacts permission."""
    return ("view_member_contacts", label)


def membership_ordering(body_field):
    return [f"{body_field}__name", "role", "person__name"]


def membership_models():
    """The installed concrete :class:`BodyMembership` models."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BodyMembership) and not model._meta.abstract
    ]


def _user_ok(user):
    return bool(user and user.is_active and user.is_authenticated)


def managed_body_ids(user, body_model):
    """The primary keys of the bodies of ``body_model`` that ``user`` manages."""
    if not _user_ok(user):
        return set()
    return set(body_model.objects.filter(managers=user).values_list("pk", flat=True))


class MemberContacts:
    """Whose contacts ``user`` sees among the memberships of ``membership_model``.

    Built once per request (it reads the managed bodies once); :meth:`visible` decides per
    membership, :meth:`condition` gives the same rule as a ``Q`` for querysets.
    """

    def __init__(self, user, membership_model):
        self.model = membership_model
        self.body_field = membership_model.body_field
        self.all_visible = can_view_personal_data(user)
        self.may_see_some = self.all_visible or (
            _user_ok(user) and user.has_perm(membership_model.contacts_permission)
        )
        body_model = membership_model._meta.get_field(self.body_field).related_model
        self.managed = (
            managed_body_ids(user, body_model)
            if self.may_see_some and not self.all_visible
            else set()
        )

    def visible(self, membership):
        """Whether this membership's person is shown in clear."""
        if self.all_visible:
            return True
        return bool(
            membership.pk is not None
            and membership.contacts_confirmed
            and membership.body_id in self.managed
        )

    def condition(self):
        """A ``Q`` on memberships: those whose person is shown in clear."""
        if self.all_visible:
            return Q()
        return Q(contacts_confirmed=True, **{f"{self.body_field}_id__in": self.managed})

    def visible_person_ids(self, body_id=None):
        """The people shown in clear (of one body, or of all bodies of this kind)."""
        memberships = self.model.objects.filter(self.condition())
        if body_id is not None:
            memberships = memberships.filter(**{f"{self.body_field}_id": body_id})
        return set(memberships.values_list("person_id", flat=True))


def visible_member_ids(user):
    """People ``user`` sees in clear because of a body they manage (any kind of body)."""
    ids = set()
    for model in membership_models():
        policy = MemberContacts(user, model)
        if policy.may_see_some and not policy.all_visible and policy.managed:
            ids |= policy.visible_person_ids()
    return ids


def created_by(user, person):
    """Whether ``user`` entered ``person`` into the registry (the audit log's create event):
    they typed the contacts, so adding that person to a body reveals nothing new."""
    if not _user_ok(user) or person is None or person.pk is None:
        return False
    return audit.AuditEvent.objects.filter(
        action=audit.Action.CREATE,
        actor=user,
        object_type=person._meta.label_lower,
        object_id=str(person.pk),
    ).exists()


def confirms_membership(user, person):
    """Whether a membership of ``person`` entered by ``user`` is confirmed at once."""
    return can_view_personal_data(user) or created_by(user, person)


def record_added(request_or_none, membership, *, user=None, via=""):
    """The audit event of adding a person to a body, with the masked name."""
    return audit.record(
        request_or_none,
        audit.Action.CREATE,
        obj=membership,
        person=membership.person_id,
        user=user,
        summary=_("%(person)s added to %(body)s")
        % {"person": membership.person, "body": membership.body},
        data={
            "body": membership.body_id,
            "confirmed": membership.contacts_confirmed,
            **({"via": via} if via else {}),
        },
    )


class ManagedBodyForm(WagtailAdminModelForm):
    """The form of a :class:`ManagedBody`: its creator manages it, and every member row added
    on it is audited as an addition of a person to the body."""

    @transaction.atomic
    def save(self, commit=True):
        adding = self.instance._state.adding
        instance = super().save(commit=commit)
        if commit:
            self.after_save(instance, adding)
        return instance

    def after_save(self, instance, adding):
        user = self.for_user
        if adding and _user_ok(user) and not user.has_perm(ASSIGN_MANAGERS_PERMISSION):
            # Whoever creates a body manages it; members they pick stay unconfirmed (masked)
            # until someone who may see personal data confirms them.
            instance.managers.add(user)
        for formset in self.formsets.values():
            if not issubclass(formset.model, BodyMembership):
                continue
            for membership in getattr(formset, "new_objects", []):
                record_added(None, membership, user=user, via="body_form")
