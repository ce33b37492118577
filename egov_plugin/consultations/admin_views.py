"""Admin views for moderating opinions: the listing, and one opinion's moderation screen.

Every change goes through :mod:`egov_plugin.consultations.moderation`, which audits it; these
views add the audit events for looking at personal data (the listing and the screen).
"""

from django.contrib.admin.utils import unquote
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from egov_plugin.core import audit, search
from egov_plugin.core.listings import AbsoluteDateColumn, listing_buttons, selection_filters
from egov_plugin.core.text import mask_email, mask_name, mask_phone
from egov_plugin.people.columns import MaskedColumn
from egov_plugin.people.permissions import can_view_personal_data

from . import moderation
from .admin_forms import AnswerForm, HideForm
from .filters import OpinionFilterSet
from .lookups import consultation_pages
from .models import Opinion

#: The opinion listing's URL names (a snippet viewset, see viewsets.OpinionViewSet).
OPINIONS_URL = "wagtailsnippets_egov_consultations_opinion:list"
OPINION_URL = "wagtailsnippets_egov_consultations_opinion:edit"


def opinions_url(page=None, **params):
    """The opinion listing, filtered to one consultation when ``page`` is given."""
    if page is not None:
        params["page"] = page.pk
    return reverse(OPINIONS_URL) + (f"?{urlencode(params)}" if params else "")


class OpinionIndexView(snippet_views.IndexView):
    """Opinions by consultation, status, channel and answer; search in the text."""

    filterset_class = OpinionFilterSet
    is_searchable = True
    search_backend_name = None  # the Korean-aware search of egov_plugin.core.search
    default_ordering = "-created_at"
    list_per_page = 50

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search.search(queryset, ["text"], self.search_query)

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            title_column(
                "text",
                label=_("Opinion"),
                accessor=lambda opinion: Truncator(opinion.text).chars(60),
                get_url=self.get_edit_url,
                get_title_id=lambda opinion: f"snippet_{opinion.pk}_title",
            ),
            MaskedColumn(
                "name",
                label=_("Name"),
                mask=mask_name,
                can_view=can_view_personal_data,
                classname="w-whitespace-nowrap",
            ),
            Column("page", label=_("Consultation"), accessor="page.title"),
            Column(
                "channel",
                label=pgettext_lazy("opinion channel", "Channel"),
                accessor="get_channel_display",
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda opinion: opinion.status == Opinion.Status.PUBLISHED,
            ),
            AbsoluteDateColumn("answered_at", label=_("Answered"), sort_key="answered_at"),
            AbsoluteDateColumn("created_at", label=_("Submitted"), sort_key="created_at"),
        ]

    def get_list_more_buttons(self, instance):
        # Adding, copying and deleting are not offered (see OpinionPermissionPolicy).
        url = self.get_edit_url(instance)
        if not url:
            return []
        return [
            MenuItem(_("Approve or hide"), url=url, icon_name="tick", priority=10),
            MenuItem(_("Answer"), url=url + "#egov-answer", icon_name="comment", priority=20),
        ]

    @cached_property
    def selected_page(self):
        """The consultation the listing is filtered to, if any."""
        value = self.request.GET.get("page", "")
        if not value.isdigit():
            return None
        return consultation_pages().filter(pk=value).first()

    @cached_property
    def header_buttons(self):
        # The export (egov_imports) takes the same filters and search as this listing
        # (``opinion_queryset``); it adds its button through the hook.
        buttons = super().header_buttons + listing_buttons(self.model, self.request)
        page = self.selected_page
        if page is not None:
            buttons.append(
                HeaderButton(
                    _("Expert review"),
                    url=reverse("egov_expert_review:consultation", args=[page.pk]),
                    icon_name="mail",
                )
            )
            if page.live and page.url:
                buttons.append(
                    HeaderButton(
                        _("View the consultation"),
                        url=page.url,
                        icon_name="link-external",
                        attrs={"target": "_blank", "rel": "noreferrer"},
                    )
                )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        searching = bool(self.is_searching or self.is_filtering)
        audit.record(
            self.request,
            audit.Action.SEARCH if searching else audit.Action.LIST,
            summary=_("Opinions"),
            data={
                "query": self.search_query,
                "filters": selection_filters(self.request.GET),
                "results": paginator.count if paginator else None,
            },
        )
        return context


class OpinionModerationView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One opinion: approve it, hide it with a reason, or give the official answer.

    Serves the snippet viewset's "edit" URL, so every link to an opinion in the admin (the
    listing's title, the bulk actions' lists) leads here. Each form posts an ``action``.
    """

    model = Opinion
    permission_required = "change"
    template_name = "egov_consultations/admin/opinion_moderation.html"
    header_icon = "comment"
    index_url_name = OPINIONS_URL
    edit_url_name = OPINION_URL
    page_title = _("Moderate an opinion")

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.opinion = get_object_or_404(
            Opinion.objects.select_related("page", "region", "person"), pk=unquote(str(pk))
        )

    def get_page_subtitle(self):
        return f"#{self.opinion.pk}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": opinions_url(self.opinion.page), "label": pgettext_lazy("menu", "Opinions")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    @cached_property
    def next_url(self):
        return get_valid_next_url_from_request(self.request) or opinions_url(self.opinion.page)

    def get(self, request, *args, **kwargs):
        opinion = self.opinion
        audit.record(
            request,
            audit.Action.VIEW,
            obj=opinion,
            person=opinion.person_id,
            summary=_("Opinion #%(id)d") % {"id": opinion.pk},
        )
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        handler = {
            "approve": self._approve,
            "hide": self._hide,
            "answer": self._answer,
        }.get(request.POST.get("action"))
        if handler is None:
            return HttpResponseBadRequest()
        return handler()

    def _approve(self):
        if not moderation.can_approve(self.opinion):
            messages.error(self.request, _("This opinion cannot be approved in its state."))
            return redirect(self.request.get_full_path())
        moderation.approve([self.opinion], request=self.request)
        messages.success(self.request, _("The opinion was approved and is now published."))
        return redirect(self.next_url)

    def _hide(self):
        form = HideForm(self.request.POST)
        if not form.is_valid():
            return self._invalid(hide_form=form)
        moderation.hide([self.opinion], form.cleaned_data["reason"], request=self.request)
        messages.success(self.request, _("The opinion was hidden from the public page."))
        return redirect(self.next_url)

    def _answer(self):
        form = AnswerForm(self.request.POST)
        if not form.is_valid():
            return self._invalid(answer_form=form)
        moderation.answer(self.opinion, form.cleaned_data["answer"], request=self.request)
        messages.success(self.request, _("The answer was saved and is shown under the opinion."))
        return redirect(self.next_url)

    def _invalid(self, **forms):
        messages.error(self.request, _("The form could not be saved: see the message below."))
        return self.render_to_response(self.get_context_data(**forms), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opinion = self.opinion
        visible = can_view_personal_data(self.request.user)
        context.update(
            opinion=opinion,
            name=opinion.name if visible else mask_name(opinion.name),
            mobile=opinion.mobile if visible else mask_phone(opinion.mobile),
            email=opinion.email if visible else mask_email(opinion.email),
            can_approve=moderation.can_approve(opinion),
            next=self.next_url,
            consultation_url=opinion.page.url if opinion.page.live else "",
            hide_form=kwargs.get("hide_form")
            or HideForm(initial={"reason": opinion.hidden_reason}),
            answer_form=kwargs.get("answer_form") or AnswerForm(initial={"answer": opinion.answer}),
        )
        return context
