"""Saved audiences: criteria's result frozen as a list of people, for a later campaign."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.models import MadeByStaff


class SavedAudience(MadeByStaff):
    """The people a cross-search found, frozen at the time it was saved.

    ``criteria`` keeps the query and filters (so a campaign can say how its audience was chosen
    and staff can run the search again); ``person_ids`` keeps who matched *then*, so an audience
    does not change under a campaign when people are added, moved or removed later.
    """

    name = models.CharField(_("name"), max_length=200)
    criteria = models.JSONField(_("query and filters"), default=dict, blank=True)
    person_ids = models.JSONField(_("people"), default=list, blank=True, editable=False)
    size = models.PositiveIntegerField(_("number of people"), default=0, editable=False)
    # Made by staff (decision 80); the time is indexed because the list is newest first.
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        app_label = "egov_people"
        verbose_name = _("saved audience")
        verbose_name_plural = _("saved audiences")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def people(self):
        """The people of the audience who still exist (a queryset)."""
        from ..models import Person

        return Person.objects.filter(pk__in=self.person_ids)
