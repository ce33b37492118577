"""Admin screens of deletion requests: record, list (masked), carry out after confirmation."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import HeaderButton

from egov_plugin.core import audit
from egov_plugin.core.listings import AbsoluteDateColumn, AuditedListingMixin
from egov_plugin.core.text import mask_name
from egov_plugin.people.choosers import person_chooser_viewset
from egov_plugin.people.columns import MaskedTitleColumn
from egov_plugin.people.permissions import can_view_personal_data

from . import deletion
from .models import DeletionRequest


class DeletionRequestForm(forms.ModelForm):
    """Who asked, when, how they were verified, which person in the registry they are."""

    class Meta:
        model = DeletionRequest
        fields = [
            "received_at", "requester_name", "requester_contact", "person", "verification",
            "verification_note", "status", "outcome",
        ]  # fmt: skip
        widgets = {"person": person_chooser_viewset.widget_class}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Carried out" is set only by carrying the request out.
        self.fields["status"].choices = [
            c for c in DeletionRequest.Status.choices if c[0] != DeletionRequest.Status.DONE
        ]
        if self.instance.status == DeletionRequest.Status.DONE:
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("verification") == DeletionRequest.Verification.OTHER
        if other and not cleaned.get("verification_note"):
            self.add_error("verification_note", _("Describe how the requester was verified."))
        return cleaned


class DeletionRequestIndexView(AuditedListingMixin, generic.IndexView):
    """Deletion requests, newest first; the requester's name masked unless permitted."""

    audit_summary = _("Deletion requests")

    @cached_property
    def columns(self):
        return [
            MaskedTitleColumn(
                "requester_name",
                label=_("Requester"),
                url_name=self.edit_url_name,
                mask=mask_name,
                can_view=can_view_personal_data,
            ),
            AbsoluteDateColumn("received_at", label=_("Received"), sort_key="received_at"),
            Column("verification", label=_("Verified by"), accessor="get_verification_display"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            AbsoluteDateColumn("handled_at", label=_("Handled")),
            Column("opinions_anonymized", label=_("Opinions anonymized")),
        ]


class _AuditedSaveMixin:
    audit_action = None

    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            if self.audit_action == audit.Action.CREATE:
                instance.received_by = self.request.user
                instance.received_by_label = self.request.user.get_username()
                instance.save(update_fields=["received_by", "received_by_label"])
            audit.record(
                self.request,
                self.audit_action,
                obj=instance,
                person=instance.person_id,
                summary=str(instance),
                data={"fields": sorted(self.form.changed_data)},
            )
        return instance


class DeletionRequestCreateView(_AuditedSaveMixin, generic.CreateView):
    """Record a new request; who received it is the signed-in staff member."""

    audit_action = audit.Action.CREATE


class DeletionRequestEditView(_AuditedSaveMixin, generic.EditView):
    """Open (audited) and edit a request; an open one offers "Carry out the deletion"."""

    audit_action = audit.Action.EDIT

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        audit.record(
            self.request, audit.Action.VIEW, obj=instance, person=instance.person_id,
            summary=str(instance),
        )  # fmt: skip
        return instance

    @cached_property
    def header_buttons(self):
        if self.object.status != DeletionRequest.Status.OPEN:
            return []
        return [
            HeaderButton(
                _("Carry out the deletion"),
                url=reverse("egov_deletion_requests:carry_out", args=[self.object.pk]),
                icon_name="bin",
            )
        ]


class CarryOutView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirmation page (what will be deleted), then the deletion itself."""

    model = DeletionRequest
    permission_required = "change"
    template_name = "egov_privacy/deletion_confirm.html"
    page_title = _("Carry out the deletion request")
    header_icon = "bin"

    @cached_property
    def request_obj(self):
        return get_object_or_404(DeletionRequest, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.request_obj)

    def get(self, request, *args, **kwargs):
        if self.request_obj.status != DeletionRequest.Status.OPEN:
            messages.error(request, _("This deletion request was already handled."))
            return redirect("egov_deletion_requests:edit", self.request_obj.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.request_obj.person
        context.update(
            deletion_request=self.request_obj,
            person=person,
            plan=deletion.plan(self.request_obj),
            edit_url=reverse("egov_deletion_requests:edit", args=[self.request_obj.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the confirmation to carry out the deletion."))
            return redirect("egov_deletion_requests:carry_out", self.request_obj.pk)
        try:
            done = deletion.carry_out(self.request_obj, http_request=request)
        except ValueError:
            messages.error(request, _("This deletion request was already handled."))
            return redirect("egov_deletion_requests:edit", self.request_obj.pk)
        messages.success(request, done.outcome)
        return redirect("egov_deletion_requests:index")
