"""The saved-audience screens: the list, one audience (how it was chosen, how many), delete.

An audience holds people's ids, not their names: the screens show names of audiences, counts
and criteria. Each still leaves an audit event (listed, viewed, deleted), since an audience is
a selection of people that campaigns send to.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_tables2 import RequestConfig
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from egov_plugin.core import audit
from egov_plugin.people.audiences.models import SavedAudience
from egov_plugin.people.audiences.saved import blocking_uses, can_delete, delete_audience, uses

from .audiences import describe_criteria, search_query_string
from .permissions import InsightsPermissionMixin
from .tables import AudienceTable

VIEW_AUDIENCES = "egov_people.view_savedaudience"


class AudienceIndexView(InsightsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every saved audience, newest first, sortable and paged."""

    template_name = "egov_insights/audiences/index.html"
    page_title = _("Saved audiences")
    header_icon = "group"
    extra_permissions = (VIEW_AUDIENCES,)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = AudienceTable(SavedAudience.objects.select_related("created_by"))
        RequestConfig(self.request, paginate={"per_page": 50}).configure(table)
        audit.record(
            self.request,
            audit.Action.LIST,
            summary=_("Saved audiences"),
            data={"results": table.paginator.count},
        )
        context["table"] = table
        return context


class AudienceMixin(InsightsPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "group"
    extra_permissions = (VIEW_AUDIENCES,)

    @cached_property
    def audience(self):
        audiences = SavedAudience.objects.select_related("created_by")
        return get_object_or_404(audiences, pk=self.kwargs["pk"])

    def get_page_title(self):
        return self.audience.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("egov_insights:index"), "label": _("Dashboard")},
            {"url": reverse("egov_insights:audiences"), "label": _("Saved audiences")},
            {"url": "", "label": self.get_page_title()},
        ]


class AudienceDetailView(AudienceMixin, TemplateView):
    """One audience: its criteria, its size then and now, the campaigns that use it."""

    template_name = "egov_insights/audiences/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audience = self.audience
        context.update(
            audience=audience,
            criteria_rows=describe_criteria(audience.criteria),
            still_registered=audience.people().count(),
            search_query=search_query_string(audience.criteria),
            uses=uses(audience),
            can_delete=can_delete(self.request.user, audience),
        )
        audit.record(
            self.request,
            audit.Action.VIEW,
            obj=audience,
            summary=f"{audience.name} ({audience.size})",
        )
        return context


class AudienceDeleteView(AudienceMixin, TemplateView):
    """Confirm, then delete: refused while a campaign that has not finished still uses it."""

    template_name = "egov_insights/audiences/delete.html"
    page_title = _("Delete saved audience")

    def check(self):
        if not can_delete(self.request.user, self.audience):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        self.check()
        context = super().get_context_data(**kwargs)
        context.update(audience=self.audience, blocking=blocking_uses(self.audience))
        return context

    def post(self, request, *args, **kwargs):
        self.check()
        blocking = blocking_uses(self.audience)
        if blocking:
            messages.error(
                request,
                _("“%(name)s” is used by campaigns that have not finished: %(campaigns)s.")
                % {
                    "name": self.audience.name,
                    "campaigns": ", ".join(use.name for use in blocking),
                },
            )
            return redirect("egov_insights:audience", pk=self.audience.pk)
        name = self.audience.name
        delete_audience(request, self.audience)
        messages.success(request, _("Deleted the audience “%(name)s”.") % {"name": name})
        return redirect("egov_insights:audiences")
