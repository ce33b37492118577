"""Admin screens of the closed expert review: whom to invite, and who opened and answered.

The list of consultations leads to one screen per consultation, where staff invite the members
of committees and people named by e-mail address or mobile number, follow each invitation
(invited, link opened, answered) and send reminders to those who have not answered.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn, Table, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import HeaderButton

from egov_plugin.core import audit
from egov_plugin.core.listings import AbsoluteDateColumn
from egov_plugin.core.text import mask_email, mask_name
from egov_plugin.people.columns import MaskedColumn
from egov_plugin.people.permissions import can_view_personal_data

from . import review
from .admin_forms import InvitationForm
from .admin_views import opinions_url
from .lookups import consultation_pages
from .models import ExpertInvitation, Opinion

NAMESPACE = "egov_expert_review"
NOWRAP = "w-whitespace-nowrap"  # Wagtail's utility class: keeps short names on one line


class _ReviewViewMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = ExpertInvitation
    permission_required = "view"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{NAMESPACE}:index"), "label": _("Expert reviews")}
        ]


class ConsultationListView(_ReviewViewMixin, TemplateView):
    """Every consultation, with how many experts were invited, opened the link and answered."""

    template_name = "egov_consultations/admin/expert_review_index.html"
    page_title = _("Expert reviews")
    per_page = 50

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(consultation_pages().order_by("-pk"), self.per_page)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        pages = list(page_obj.object_list.specific())
        counts = {
            row["page_id"]: row
            for row in ExpertInvitation.objects.filter(page__in=[p.pk for p in pages])
            .values("page_id")
            .annotate(invited=Count("pk"), opened=Count("opened_at"), answered=Count("answered_at"))
        }
        for page in pages:
            row = counts.get(page.pk, {})
            page.invited = row.get("invited", 0)
            page.opened = row.get("opened", 0)
            page.answered = row.get("answered", 0)
        context["table"] = Table(
            [
                TitleColumn(
                    "title",
                    label=_("Consultation"),
                    get_url=lambda page: reverse(f"{NAMESPACE}:consultation", args=[page.pk]),
                ),
                Column("status", label=_("Status"), accessor="get_status_display"),
                Column(
                    "visibility",
                    label=pgettext_lazy("consultation", "Visibility"),
                    accessor="get_visibility_display",
                ),
                Column("invited", label=_("Invited")),
                Column("opened", label=_("Opened the link")),
                Column("answered", label=_("Answered")),
            ],
            pages,
        )
        context["page_obj"] = page_obj
        return context


class RemindColumn(Column):
    """A checkbox for each invitation that can be reminded (not answered yet)."""

    cell_template_name = "egov_consultations/admin/cells/remind_checkbox.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["can_remind"] = review.can_remind(instance)
        return context


class ExpertReviewView(_ReviewViewMixin, TemplateView):
    """One consultation's expert review: the invitation form and the status of each invitation."""

    template_name = "egov_consultations/admin/expert_review.html"
    page_title = _("Expert review")

    def setup(self, request, *args, page_id, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(consultation_pages(), pk=page_id).specific

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.page.title}]

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                _("Opinions of this consultation"),
                url=opinions_url(self.page),
                icon_name="comment",
            )
        ]
        if self.page.live and self.page.url:
            buttons.append(
                HeaderButton(
                    _("View the consultation"),
                    url=self.page.url,
                    icon_name="link-external",
                    attrs={"target": "_blank", "rel": "noreferrer"},
                )
            )
        return buttons

    @cached_property
    def invitations(self):
        return list(
            ExpertInvitation.objects.filter(page_id=self.page.pk)
            .select_related("person")
            .order_by("person__name", "pk")
        )

    def get(self, request, *args, **kwargs):
        response = self.render_to_response(self.get_context_data(form=self._form()))
        audit.record(
            request,
            audit.Action.LIST,
            summary=_("Expert review invitations: %(title)s") % {"title": self.page.title},
            data={"page": self.page.pk, "results": len(self.invitations)},
        )
        return response

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("add"):
            raise PermissionDenied
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = review.invite(self.page, form.people(), request=request, user=request.user)
        self._report(result)
        if form.ended_terms:
            messages.info(
                request,
                ngettext(
                    "%(count)d committee member was not invited: their term has ended "
                    "(untick “Only members whose term has not ended” to invite them).",
                    "%(count)d committee members were not invited: their term has ended "
                    "(untick “Only members whose term has not ended” to invite them).",
                    form.ended_terms,
                )
                % {"count": form.ended_terms},
            )
        return redirect(request.path)

    def _form(self, data=None):
        return InvitationForm(data) if self.user_has_permission("add") else None

    def _report(self, result):
        request = self.request
        if result.invited:
            messages.success(
                request,
                ngettext(
                    "%(count)d person was invited by e-mail.",
                    "%(count)d people were invited by e-mail.",
                    len(result.invited),
                )
                % {"count": len(result.invited)},
            )
        no_address = [p for p in result.skipped if not p.email]
        before = len(result.skipped) - len(no_address)
        if no_address:
            messages.warning(
                request,
                ngettext(
                    "%(count)d person has no e-mail address and was not invited.",
                    "%(count)d people have no e-mail address and were not invited.",
                    len(no_address),
                )
                % {"count": len(no_address)},
            )
        if before:
            messages.info(
                request,
                ngettext(
                    "%(count)d person had been invited before (send a reminder instead).",
                    "%(count)d people had been invited before (send a reminder instead).",
                    before,
                )
                % {"count": before},
            )
        if result.failed:
            messages.error(
                request,
                ngettext(
                    "The mail server refused the invitation of %(count)d person; nothing was "
                    "stored for them. Please try again later.",
                    "The mail server refused the invitations of %(count)d people; nothing was "
                    "stored for them. Please try again later.",
                    len(result.failed),
                )
                % {"count": len(result.failed)},
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitations = self.invitations
        now = timezone.now()
        for invitation in invitations:
            invitation.state = review.state_of(invitation, now)
        visible = can_view_personal_data
        columns = [
            MaskedColumn(
                "name",
                label=_("Name"),
                accessor="person.name",
                mask=mask_name,
                can_view=visible,
                classname=NOWRAP,
            ),
            MaskedColumn(
                "email",
                label=_("E-mail address"),
                accessor="person.email",
                mask=mask_email,
                can_view=visible,
            ),
            StatusTagColumn(
                "state",
                label=_("Status"),
                accessor="state.label",
                primary=lambda i: i.state == review.State.ANSWERED,
            ),
            AbsoluteDateColumn("invited_at", label=_("Invited")),
            AbsoluteDateColumn("opened_at", label=_("Link opened")),
            AbsoluteDateColumn("answered_at", label=_("Answered")),
            AbsoluteDateColumn("reminded_at", label=_("Reminder sent")),
            # A plain date: "in 29 days" reads worse than the day the link stops working.
            Column(
                "expires_at",
                label=_("Link expires"),
                accessor=lambda i: date_format(timezone.localtime(i.expires_at), "Y-m-d H:i"),
                classname=NOWRAP,
            ),
        ]
        can_remind = self.user_has_permission("change")
        if can_remind:
            columns.insert(0, RemindColumn("remind", label=_("Remind")))
        states = [i.state for i in invitations]
        context.update(
            consultation=self.page,
            table=Table(columns, invitations),
            can_remind=can_remind,
            remind_count=sum(1 for i in invitations if review.can_remind(i)),
            counts={
                "invited": len(invitations),
                "opened": sum(1 for i in invitations if i.opened_at),
                "answered": states.count(review.State.ANSWERED),
            },
            expert_opinions_url=opinions_url(self.page, channel=Opinion.Channel.EXPERT_REVIEW),
        )
        return context


class RemindView(_ReviewViewMixin, TemplateView):
    """Send the link again to the selected invitations (or all) that have no answer yet."""

    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, page_id):
        page = get_object_or_404(consultation_pages(), pk=page_id).specific
        invitations = ExpertInvitation.objects.filter(
            page_id=page.pk, answered_at__isnull=True
        ).select_related("person")
        if request.POST.get("remind") != "all":
            selected = [v for v in request.POST.getlist("invitation") if v.isdigit()]
            if not selected:
                messages.error(request, _("Choose whom to remind."))
                return redirect(f"{NAMESPACE}:consultation", page_id=page.pk)
            invitations = invitations.filter(pk__in=selected)
        invitations = list(invitations)
        for invitation in invitations:
            invitation.page = page  # spares a query per e-mail
        reminded, failed = review.remind_many(invitations, request=request)
        if reminded:
            messages.success(
                request,
                ngettext(
                    "A reminder was sent to %(count)d person.",
                    "A reminder was sent to %(count)d people.",
                    len(reminded),
                )
                % {"count": len(reminded)},
            )
        elif not failed:
            messages.info(request, _("Everyone chosen has answered already: no reminder sent."))
        if failed:
            messages.error(
                request,
                ngettext(
                    "The mail server refused the reminder to %(count)d person. Please try "
                    "again later.",
                    "The mail server refused the reminders to %(count)d people. Please try "
                    "again later.",
                    len(failed),
                )
                % {"count": len(failed)},
            )
        return redirect(f"{NAMESPACE}:consultation", page_id=page.pk)
