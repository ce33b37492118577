"""The access-record screen, its export, monthly reviews and the permission-change listing."""

import datetime
from collections import Counter

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import ExtractHour, TruncMonth
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from egov_plugin.core import audit
from egov_plugin.core.exports import AuditedExportView
from egov_plugin.core.listings import AbsoluteDateColumn, AuditedListingMixin, RecordTypeColumn
from egov_plugin.core.models import AuditEvent

from .filters import AccessRecordFilterSet, PermissionChangeFilterSet
from .models import MonthlyReview, PermissionChange
from .permissions import ReviewAccessRequiredMixin

#: Local hours counted as outside office hours in the monthly review's summary.
OFFICE_HOURS = range(7, 21)


class AccessRecordIndexView(ReviewAccessRequiredMixin, AuditedListingMixin, generic.IndexView):
    """The audit log as access records (접속기록): who, when, from where, what, whose data."""

    audit_summary = _("Access records")
    model = AuditEvent
    filterset_class = AccessRecordFilterSet
    is_searchable = False
    default_ordering = "-timestamp"
    paginate_by = 50
    page_title = _("Access records")
    header_icon = "history"
    template_name = "egov_privacy/access_records.html"

    def get_base_queryset(self):
        return AuditEvent.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["unreviewed_months"] = [m for m in review_months() if m["review"] is None]
        return context

    @cached_property
    def columns(self):
        return [
            AbsoluteDateColumn("timestamp", label=_("Time"), sort_key="timestamp"),
            Column("actor_label", label=_("Staff member"), sort_key="actor_label"),
            Column("ip_address", label=_("IP address")),
            Column("action", label=_("Action"), accessor="get_action_display"),
            RecordTypeColumn("object_type", label=_("Record type")),
            Column("person_id", label=_("Person number")),
            Column("summary", label=_("Summary")),
            Column("reason", label=_("Reason")),
        ]

    @cached_property
    def header_buttons(self):
        query = self.request.GET.urlencode()
        return [
            HeaderButton(
                _("Export"),
                url=reverse("egov_access_records:export") + (f"?{query}" if query else ""),
                icon_name="download",
            ),
            HeaderButton(
                _("Monthly reviews"),
                url=reverse("egov_access_records:reviews"),
                icon_name="tasks",
            ),
            HeaderButton(
                _("Permission changes"),
                url=reverse("egov_access_records:permissions"),
                icon_name="key",
            ),
        ]


def filtered_events(request):
    """The audit events the access-record screen's filters in ``request.GET`` select."""
    queryset = AuditEvent.objects.order_by("-timestamp", "-pk")
    filterset = AccessRecordFilterSet(request.GET, queryset=queryset, request=request)
    return filterset.qs if filterset.is_valid() else queryset


class AccessRecordExportView(ReviewAccessRequiredMixin, AuditedExportView):
    """The selected access records as .xlsx (or .csv), reason asked, audited."""

    filename = "access-records"
    page_title = _("Export access records")
    index_url_name = "egov_access_records:index"

    def get_export_data(self):
        events = filtered_events(self.request)
        actions = dict(AuditEvent.Action.choices)
        headers = [
            _("Time"), _("Staff member"), _("IP address"), _("Action"), _("Record type"),
            _("Record"), _("Person number"), _("Summary"), _("Reason"),
        ]  # fmt: skip
        columns = (
            "timestamp", "actor_label", "ip_address", "action", "object_type", "object_id",
            "person_id", "summary", "reason",
        )  # fmt: skip

        def rows():
            for values in events.values_list(*columns).iterator(chunk_size=2000):
                at, actor, ip, action, kind, obj, person, summary, reason = values
                yield [at, actor, ip, str(actions.get(action, action)), kind, obj, person,
                       summary, reason]  # fmt: skip

        return headers, rows(), events.count(), _("Access records")


def _months(first, last):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _local_month_bounds(month):
    start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    end = timezone.make_aware(datetime.datetime.combine(following, datetime.time()))
    return start, end


def events_per_month():
    """``{first day of month: number of audit events}`` in local time."""
    rows = (
        AuditEvent.objects.annotate(month=TruncMonth("timestamp"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = Counter()
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        counts[month.replace(day=1)] += row["n"]
    return counts


def review_months():
    """Rows for every completed month since the first event: the month, its events, its review."""
    counts = events_per_month()
    this_month = timezone.localdate().replace(day=1)
    reviews = {r.month: r for r in MonthlyReview.objects.all()}
    starts = [m for m in [*counts, *reviews] if m < this_month]
    if not starts:
        return []
    last = (this_month - datetime.timedelta(days=1)).replace(day=1)
    return [
        {"month": month, "events": counts.get(month, 0), "review": reviews.get(month)}
        for month in reversed(list(_months(min(starts), last)))
    ]


class MonthlyReviewIndexView(ReviewAccessRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each completed month, whether a 관리자 has reviewed its access records, and by whom."""

    template_name = "egov_privacy/monthly_reviews.html"
    page_title = _("Monthly reviews of access records")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("egov_access_records:index"), "label": _("Access records")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = review_months()
        context.update(months=months, unreviewed=[m for m in months if m["review"] is None])
        return context


class MonthlyReviewForm(forms.ModelForm):
    """The findings and notes of a monthly review, and the reviewer's confirmation."""

    confirm = forms.BooleanField(
        label=_("I have reviewed this month's access records."), required=True
    )

    class Meta:
        model = MonthlyReview
        fields = ["findings", "notes"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


def month_summary(month):
    """What a reviewer looks at for one month: counts by action and staff member, exports with
    their reasons, events outside office hours, login locks."""
    start, end = _local_month_bounds(month)
    events = AuditEvent.objects.filter(timestamp__gte=start, timestamp__lt=end)
    actions = dict(AuditEvent.Action.choices)
    by_action = [
        (actions.get(r["action"], r["action"]), r["n"])
        for r in events.values("action").annotate(n=Count("pk")).order_by("-n")
    ]
    by_actor = [
        (r["actor_label"] or "-", r["n"])
        for r in events.values("actor_label").annotate(n=Count("pk")).order_by("-n")[:20]
    ]
    # ExtractHour works in the current time zone (Asia/Seoul on the example site).
    off_hours = events.annotate(hour=ExtractHour("timestamp")).exclude(hour__in=OFFICE_HOURS)
    exports = list(events.filter(action=AuditEvent.Action.EXPORT).order_by("timestamp")[:100])
    return {
        "total": events.count(),
        "by_action": by_action,
        "by_actor": by_actor,
        "off_hours": off_hours.count(),
        "exports": exports,
        "login_locks": events.filter(action=AuditEvent.Action.LOGIN_LOCKED).count(),
    }


class MonthlyReviewCreateView(ReviewAccessRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """Sign off one completed month: the summary to review, then findings and notes."""

    template_name = "egov_privacy/monthly_review_form.html"
    form_class = MonthlyReviewForm
    header_icon = "tasks"

    @cached_property
    def month(self):
        try:
            month = datetime.date(self.kwargs["year"], self.kwargs["month"], 1)
        except ValueError as exc:
            raise Http404 from exc
        if month >= timezone.localdate().replace(day=1):
            raise Http404(_("Only a month that has ended can be reviewed."))
        return month

    def get_page_title(self):
        return _("Review of %(month)s") % {"month": f"{self.month:%Y-%m}"}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("egov_access_records:reviews"), "label": _("Monthly reviews")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        if MonthlyReview.objects.filter(month=self.month).exists():
            messages.info(request, _("This month was already reviewed."))
            return redirect("egov_access_records:reviews")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        last_day = (self.month + datetime.timedelta(days=32)).replace(day=1)
        last_day -= datetime.timedelta(days=1)
        query = f"timestamp_from={self.month:%Y-%m-%d}&timestamp_to={last_day:%Y-%m-%d}"
        context.update(
            month=self.month,
            summary=month_summary(self.month),
            records_url=reverse("egov_access_records:index") + "?" + query,
        )
        return context

    def form_valid(self, form):
        review = form.save(commit=False)
        review.month = self.month
        review.reviewed_by = self.request.user
        review.reviewed_by_label = self.request.user.get_username()
        review.reviewed_at = timezone.now()
        review.event_count = month_summary(self.month)["total"]
        try:
            with transaction.atomic():
                review.save()
                audit.record(
                    self.request,
                    audit.Action.REVIEW,
                    obj=review,
                    summary=_("Access records of %(month)s reviewed (%(count)d events)")
                    % {"month": f"{self.month:%Y-%m}", "count": review.event_count},
                    data={
                        "month": f"{self.month:%Y-%m}",
                        "events": review.event_count,
                        "findings": bool(review.findings.strip()),
                    },
                )
        except IntegrityError:
            messages.info(self.request, _("This month was already reviewed."))
            return redirect("egov_access_records:reviews")
        messages.success(
            self.request,
            _("The review of %(month)s is recorded.") % {"month": f"{self.month:%Y-%m}"},
        )
        return redirect("egov_access_records:reviews")


class PermissionChangeIndexView(ReviewAccessRequiredMixin, generic.IndexView):
    """Who changed which account's or group's rights, and when (kept three years)."""

    model = PermissionChange
    filterset_class = PermissionChangeFilterSet
    is_searchable = False
    default_ordering = "-at"
    paginate_by = 50
    page_title = _("Permission changes")
    header_icon = "key"

    def get_base_queryset(self):
        return PermissionChange.objects.all()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items()[:-1],
            {"url": reverse("egov_access_records:index"), "label": _("Access records")},
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def columns(self):
        return [
            AbsoluteDateColumn("at", label=_("Time"), sort_key="at"),
            Column("actor_label", label=_("Changed by"), sort_key="actor_label"),
            Column("ip_address", label=_("IP address")),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("change", label=_("Change"), accessor="get_change_display"),
            Column("target_user_label", label=_("Account")),
            Column("target_group", label=pgettext_lazy("staff group", "Group")),
            Column("detail", label=_("What")),
        ]
