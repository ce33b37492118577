"""The 위원회 담당's start: the committees they manage and the terms ending soon."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.core.dates import local_date, thousands
from egov_plugin.core.home import RolePanel
from egov_plugin.people import roles

from .models import Committee

#: Terms ending within this many days are listed.
TERM_NOTICE_DAYS = 60


class MyCommitteesPanel(RolePanel):
    """Committees the user manages (or all active ones), with members whose term ends soon."""

    role = roles.COMMITTEE_STAFF
    title = gettext_lazy("My committees")
    empty_text = gettext_lazy("No active committee.")

    def get_rows(self, request):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=TERM_NOTICE_DAYS)
        committees = Committee.objects.filter(is_active=True)
        managed = committees.filter(managers=request.user)
        if managed.exists():
            committees = managed
        committees = committees.annotate(
            members=Count("memberships", distinct=True),
            ending=Count(
                "memberships",
                filter=Q(memberships__term_end__gte=today, memberships__term_end__lte=soon),
                distinct=True,
            ),
        ).order_by("name")[:20]
        edit = "wagtailsnippets_egov_committees_committee:edit"
        rows = []
        for committee in committees:
            meta = _("%(n)s members") % {"n": thousands(committee.members)}
            if committee.ending:
                meta += " · " + _("%(n)s terms end by %(date)s") % {
                    "n": thousands(committee.ending),
                    "date": local_date(soon),
                }
            rows.append(
                {"label": committee.name, "url": reverse(edit, args=[committee.pk]), "meta": meta}
            )
        return rows

    def get_links(self, request):
        return [
            (_("Committee members"), reverse("egov_committee_members:index")),
            (_("All committees"), reverse("wagtailsnippets_egov_committees_committee:list")),
        ]
