"""The 정책 담당's start: open consultations and the opinions waiting for review."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.core.dates import local_date, thousands
from egov_plugin.core.home import RolePanel
from egov_plugin.people import roles

from .models import ConsultationPage, Opinion

OPINIONS_URL = "wagtailsnippets_egov_consultations_opinion:list"


class OpenConsultationsPanel(RolePanel):
    """Consultations open now, each with its opinions waiting for review and closing date."""

    role = roles.POLICY_STAFF
    title = gettext_lazy("Open consultations")
    empty_text = gettext_lazy("No consultation is open now.")

    def pending(self):
        return Opinion.objects.filter(status=Opinion.Status.PENDING)

    def get_intro(self, request):
        count = self.pending().count()
        if not count:
            return _("No opinion is waiting for review.")
        return _("%(count)s opinions are waiting for review.") % {"count": thousands(count)}

    def get_rows(self, request):
        now = timezone.now()
        pages = list(
            ConsultationPage.objects.live()
            .filter(opens_at__lte=now, closes_at__gt=now)
            .order_by("closes_at")[:15]
        )
        counts = {
            row["page"]: row
            for row in Opinion.objects.filter(page__in=[p.pk for p in pages])
            .values("page")
            .annotate(
                total=Count("pk"), waiting=Count("pk", filter=Q(status=Opinion.Status.PENDING))
            )
        }
        rows = []
        for page in pages:
            count = counts.get(page.pk, {"total": 0, "waiting": 0})
            meta = _("%(total)s opinions, closes %(date)s") % {
                "total": thousands(count["total"]),
                "date": local_date(page.closes_at),
            }
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            if count["waiting"]:
                waiting = _("%(waiting)s waiting for review") % {
                    "waiting": thousands(count["waiting"])
                }
                meta = f"{waiting} · {meta}"
                url = f"{reverse(OPINIONS_URL)}?page={page.pk}&status={Opinion.Status.PENDING}"
            rows.append({"label": page.title, "url": url, "meta": meta})
        return rows

    def get_links(self, request):
        return [
            (_("Opinions waiting for review"), f"{reverse(OPINIONS_URL)}?status=pending"),
            (_("All opinions"), reverse(OPINIONS_URL)),
        ]
