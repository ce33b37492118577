"""The groups a person can belong to, registered by the apps that own them.

The registry itself does not know about committees or organizations: those apps register a
:class:`PersonGroup` in their ``AppConfig.ready()``, and the people listing, filters and badges
pick it up. A person is in a group when a row of the group's model points at them.

A group may also bring :class:`GroupFilter` s ("members of this organization", "members of a
committee in this field"): every audience form (the cross-search, a campaign's audience) offers
them and :mod:`egov_plugin.people.audiences.conditions` applies them, so a new kind of body
plugs into audiences by registering, without being named in those forms.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, OuterRef


@dataclass(frozen=True)
class GroupFilter:
    """A filter a group adds to audience forms: its members linked to one chosen object.

    ``key`` is the filter's key in criteria and campaign audiences (and the form field's name);
    ``model`` (``"app_label.ModelName"``) holds the objects to choose from; ``lookup`` leads
    from a row of the group's model to that object (``"organization"``, ``"committee__field"``).
    """

    key: str
    label: str
    model: str
    lookup: str

    def queryset(self):
        """The objects to choose from."""
        return apps.get_model(self.model).objects.all()


@dataclass(frozen=True)
class PersonGroup:
    """A group of people, defined by a model with a foreign key (``person``) to ``Person``."""

    key: str
    label: str
    model: str  # "app_label.ModelName"
    person_field: str = "person"
    extra: dict = field(default_factory=dict)
    order: int = 100
    #: The filters this group adds to audience forms (see :class:`GroupFilter`).
    filters: tuple = ()

    def members(self, **lookups):
        """The ids of the people in this group whose rows match ``lookups`` (a ``values``
        queryset, for ``pk__in``)."""
        model = apps.get_model(self.model)
        return model.objects.filter(**self.extra, **lookups).values(self.person_field)

    def exists(self):
        """An ``Exists`` expression, true for people in this group (for filters and badges)."""
        model = apps.get_model(self.model)
        return Exists(model.objects.filter(**{self.person_field: OuterRef("pk")}, **self.extra))

    @property
    def annotation(self):
        return f"in_group_{self.key}"


_groups: dict[str, PersonGroup] = {}


def register_group(group):
    """Add (or replace, by key) a group."""
    _groups[group.key] = group


def get_groups():
    """The registered groups, in display order."""
    return sorted(_groups.values(), key=lambda g: (g.order, g.key))


def get_group(key):
    return _groups.get(key)


def get_group_filters():
    """``[(group, group_filter), ...]`` of every registered group, in display order."""
    return [(group, f) for group in get_groups() for f in group.filters]


def attach_groups(people):
    """Set ``in_group_<key>`` on each person of a page, with one query per group.

    Cheaper than :meth:`PersonQuerySet.with_groups` on a filtered listing, where the database
    would evaluate the subqueries for every matching row before sorting and slicing.
    """
    people = list(people)
    pks = [p.pk for p in people]
    for group in get_groups():
        model = apps.get_model(group.model)
        members = set(
            model.objects.filter(**{f"{group.person_field}__in": pks}, **group.extra).values_list(
                group.person_field, flat=True
            )
        )
        for person in people:
            setattr(person, group.annotation, person.pk in members)
    return people
