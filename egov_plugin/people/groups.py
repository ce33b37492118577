"""The groups a person can belong to, registered by the apps that own them.

The registry itself does not know about committees or organizations: those apps register a
:class:`PersonGroup` in their ``AppConfig.ready()``, and the people listing, filters and badges
pick it up. A person is in a group when a row of the group's model points at them.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, OuterRef


@dataclass(frozen=True)
class PersonGroup:
    """A group of people, defined by a model with a foreign key (``person``) to ``Person``."""

    key: str
    label: str
    model: str  # "app_label.ModelName"
    person_field: str = "person"
    extra: dict = field(default_factory=dict)
    order: int = 100

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
