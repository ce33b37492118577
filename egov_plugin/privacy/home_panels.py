"""The 관리자's start: this month's review of the access records (접속기록 월 1회 점검)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.core.dates import local_date, thousands
from egov_plugin.core.home import RolePanel
from egov_plugin.people import roles

from .permissions import can_review_access
from .views import review_months


class AccessReviewPanel(RolePanel):
    """Last month's access records: reviewed or not, and the months still to sign off."""

    role = roles.ADMINISTRATOR
    for_superusers = True
    title = gettext_lazy("Review of the access records")

    def is_shown(self):
        return super().is_shown() and can_review_access(self.request.user)

    def last_month(self):
        first_of_this = timezone.localdate().replace(day=1)
        return (first_of_this - datetime.timedelta(days=1)).replace(day=1)

    def get_intro(self, request):
        month = self.last_month()
        row = next((m for m in review_months() if m["month"] == month), None)
        label = _("%(year)s. %(month)s.") % {"year": month.year, "month": month.month}
        if row is None:
            return _("%(month)s: no access records.") % {"month": label}
        if row["review"] is None:
            return _("%(month)s: %(count)s access records, not reviewed yet.") % {
                "month": label,
                "count": thousands(row["events"]),
            }
        return _("%(month)s: reviewed by %(who)s on %(date)s.") % {
            "month": label,
            "who": row["review"].reviewed_by_label or "-",
            "date": local_date(row["review"].reviewed_at),
        }

    def get_rows(self, request):
        return [
            {
                "label": _("%(year)s. %(month)s.")
                % {"year": m["month"].year, "month": m["month"].month},
                "url": reverse(
                    "egov_access_records:review", args=[m["month"].year, m["month"].month]
                ),
                "meta": _("%(count)s records, not reviewed") % {"count": thousands(m["events"])},
            }
            for m in review_months()
            if m["review"] is None
        ][:12]

    def get_links(self, request):
        month = self.last_month()
        return [
            (
                _("Review last month"),
                reverse("egov_access_records:review", args=[month.year, month.month]),
            ),
            (_("Access records"), reverse("egov_access_records:index")),
        ]
