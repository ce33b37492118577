"""The kinds of body a meeting (or anything else held by a body) can belong to.

Like :mod:`egov_plugin.people.groups`, the registry does not know committees or organizations:
those apps register a :class:`BodyKind` in their ``AppConfig.ready()``, and apps that point at
"a body" (meetings) offer, filter and permit by the registered kinds. A body kind names its
model, the permission that shows its bodies, and its membership model (a subclass of
:class:`egov_plugin.people.bodies.Membership`), whose members are the people who can attend.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class BodyKind:
    """A model whose rows are bodies; users with ``view_permission`` may see them.

    ``one_label`` is how a sentence names one body of the kind ("an organization"), used in
    messages that list the kinds; ``membership`` is ``"app_label.ModelName"`` of the kind's
    membership model, or empty for a body without members; ``menu_area`` is the key of the
    admin menu area (:mod:`egov_plugin.core.menu`) of the kind's own screens, where its
    meetings are listed too.
    """

    model: str  # "app_label.ModelName"
    label: str
    view_permission: str
    membership: str = ""
    one_label: str = ""
    menu_area: str = ""
    order: int = 100

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def membership_model(self):
        return apps.get_model(self.membership) if self.membership else None

    @property
    def key(self):
        """A short, URL-safe name (the model name in lower case)."""
        return self.model.rsplit(".", 1)[-1].lower()

    def visible_to(self, user):
        return user.has_perm(self.view_permission)


_kinds: dict[str, BodyKind] = {}


def _label(model):
    if isinstance(model, str):
        app_label, name = model.split(".", 1)
        return f"{app_label}.{name.lower()}"
    return model._meta.label_lower


def register_body_kind(kind):
    """Add (or replace, by model) a kind of body."""
    _kinds[_label(kind.model)] = kind


def unregister_body_kind(model):
    """Remove the kind of ``model`` ("app_label.ModelName" or a class); for tests."""
    _kinds.pop(_label(model), None)


def get_body_kinds(user=None):
    """The registered kinds in order; with ``user``, only those whose bodies they may see."""
    kinds = sorted(_kinds.values(), key=lambda k: (k.order, k.model))
    return [k for k in kinds if user is None or k.visible_to(user)]


def body_kind_for(model):
    """The kind of ``model`` (a class, an instance or "app_label.ModelName"), or None."""
    if not isinstance(model, str) and not isinstance(model, type):
        model = type(model)
    return _kinds.get(_label(model))


def body_kind_by_key(key):
    """The registered kind whose :attr:`BodyKind.key` is ``key``, or None."""
    return next((k for k in get_body_kinds() if k.key == key), None)
