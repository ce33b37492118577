"""The insights permission's model: saved audiences moved to ``egov_people`` (decision 73)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InsightsAccess(models.Model):
    """Holds the permission to use the dashboard and cross-search; no table, no rows.

    Django keeps permissions on models. This app's screens read other apps' data and own no
    model of their own since saved audiences moved to ``egov_people``, so the permission sits
    on this unmanaged model (its code name, ``egov_insights.use_insights``, is unchanged).
    """

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("e-governance insights")
        permissions = [
            ("use_insights", _("Can use the e-governance dashboard and cross-search")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)
