"""Who may see a consultation: the one rule that keeps closed consultations from the public.

A closed (expert-only) consultation is for the experts invited to it and for the staff who edit
it; to everyone else it does not exist. The rule lives here, on the queryset, so that every
public list asks the same question: :meth:`ConsultationPageQuerySet.visible_to_public` for
querysets of one consultation model, :func:`visible_to_public` for querysets of any page type
(a site's menus, its search, its home page lists).

Why not Wagtail's page view restrictions: their kinds (password, login, groups) do not express
"the person this personal link was sent to", and Wagtail's own check would send an invitee to a
login form. The ``visibility`` field stays the one source of truth; Wagtail restrictions an
editor sets still apply on top (``.public()``).
"""

from django.db.models import Q
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

#: The value of ``visibility`` that keeps a consultation from the public.
CLOSED = "closed"


class ConsultationPageQuerySet(PageQuerySet):
    """Page queryset of a consultation model, with the public-visibility rule."""

    def visible_to_public(self):
        """Live consultations outside any view restriction, closed ones left out."""
        return self.live().public().exclude(visibility=CLOSED)

    def closed(self):
        """Closed (expert-only) consultations."""
        return self.filter(visibility=CLOSED)


#: The manager of consultation page models (``ConsultationFields`` gives it to them).
ConsultationPageManager = PageManager.from_queryset(ConsultationPageQuerySet)


def closed_page_q():
    """A ``Q`` on base pages that matches every closed consultation, of any consultation model."""
    from .lookups import consultation_page_models

    q = Q(pk__in=[])
    for model in consultation_page_models():
        q |= Q(pk__in=model._base_manager.filter(visibility=CLOSED).values("pk"))
    return q


def visible_to_public(queryset):
    """``queryset`` (pages of any type) with only what the public may see: live pages outside
    any view restriction, closed consultations left out."""
    queryset = queryset.live().public()
    # A queryset of one consultation model filters on its own field; any other (base pages,
    # or a site's consultation model with a manager of its own) by the closed pages' ids.
    if isinstance(queryset, ConsultationPageQuerySet):
        return queryset.exclude(visibility=CLOSED)
    return queryset.exclude(closed_page_q())
