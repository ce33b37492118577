"""Admin views of the registry; each one that touches personal data writes one audit event."""

import datetime

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from egov_plugin.core import audit
from egov_plugin.core.listings import (
    AbsoluteUpdatedAtColumn,
    AuditedListingMixin,
    listing_buttons,
)
from egov_plugin.core.text import mask_email, mask_name, mask_phone

from . import consent
from .columns import GroupBadgesColumn, MaskedColumn, MaskedTitleColumn
from .conf import app_settings
from .filters import PersonFilterSet
from .forms import PaperConsentForm
from .groups import attach_groups, get_groups
from .models import ConsentRecord, Person
from .permissions import can_view_personal_data


class PersonIndexView(AuditedListingMixin, generic.IndexView):
    """The people listing: search by name, mobile (full or last four) and e-mail, filters."""

    audit_summary = _("People listing")

    filterset_class = PersonFilterSet
    is_searchable = True
    search_backend_name = None  # our own search (phone and name fragments): PersonQuerySet
    default_ordering = "name"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("region")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        return paginator, page, attach_groups(object_list), is_paginated

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search(self.search_query)

    @cached_property
    def header_buttons(self):
        # The export lives in egov_imports (it shares the import's Korean column titles), which
        # depends on the registry, not the other way round: it adds its button through the hook.
        return super().header_buttons + listing_buttons(self.model, self.request)

    @cached_property
    def columns(self):
        visible = can_view_personal_data
        return [
            MaskedTitleColumn(
                "name",
                label=_("Name"),
                sort_key="name",
                get_url=lambda person: self.get_inspect_url(person),
                mask=mask_name,
                can_view=visible,
            ),
            MaskedColumn("mobile", label=_("Mobile number"), mask=mask_phone, can_view=visible),
            MaskedColumn("email", label=_("E-mail address"), mask=mask_email, can_view=visible),
            Column("region", label=_("Neighbourhood"), sort_key="region__sort_order"),
            Column("age_band", label=_("Age band"), accessor="get_age_band_display"),
            Column("gender", label=_("Gender"), accessor="get_gender_display"),
            GroupBadgesColumn("groups", groups=get_groups(), label=_("Groups")),
            AbsoluteUpdatedAtColumn(),
        ]


class PersonInspectView(generic.InspectView):
    """Everything the registry knows about one person, masked unless permitted."""

    template_name = "egov_people/person_inspect.html"

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        return type(person).objects.select_related("region", "subscriber").get(pk=person.pk)

    def get_fields(self):
        return [
            "name",
            "gender",
            "age_band",
            "birth_year",
            "region",
            "mobile",
            "email",
            "memo",
            "source",
            "created_at",
            "updated_at",
        ]

    @cached_property
    def personal_data_visible(self):
        return can_view_personal_data(self.request.user)

    def get_name_display_value(self):
        name = self.object.name
        return name if self.personal_data_visible else mask_name(name)

    def get_mobile_display_value(self):
        mobile = self.object.mobile or ""
        return mobile if self.personal_data_visible else mask_phone(mobile)

    def get_email_display_value(self):
        email = self.object.email
        return email if self.personal_data_visible else mask_email(email)

    def get_memo_display_value(self):
        # Staff notes may name people or contacts, so they share the contacts' protection.
        return self.object.memo if self.personal_data_visible else "…"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        annotated = type(person).objects.with_groups().get(pk=person.pk)
        context["groups"] = [g for g in get_groups() if getattr(annotated, g.annotation)]
        context["subscriber"] = getattr(person, "subscriber", None)
        context["consents"] = person.consents.all()[:50]
        context["consent_ages"] = consent.consent_ages(person)
        context["renewal_years"] = app_settings.CONSENT_RENEWAL_YEARS
        context["personal_data_visible"] = self.personal_data_visible
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            context["paper_consent_url"] = reverse("egov_people:paper_consent", args=[person.pk])
        audit.record(self.request, audit.Action.VIEW, obj=person, summary=str(person))
        return context


class _AuditedSaveMixin:
    audit_action = None

    def save_instance(self):
        # The change and its audit event are stored together or not at all.
        with transaction.atomic():
            instance = super().save_instance()
            audit.record(
                self.request,
                self.audit_action,
                obj=instance,
                summary=str(instance),
                data={"fields": sorted(self.form.changed_data)},
            )
        return instance


class PersonCreateView(_AuditedSaveMixin, generic.CreateView):
    audit_action = audit.Action.CREATE


class PersonEditView(_AuditedSaveMixin, generic.EditView):
    audit_action = audit.Action.EDIT


class PersonDeleteView(generic.DeleteView):
    def delete_action(self):
        # Recorded first, while the person still has an id; the transaction keeps the two together.
        with transaction.atomic():
            audit.record(
                self.request, audit.Action.DELETE, obj=self.object, summary=str(self.object)
            )
            super().delete_action()


class PaperConsentView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Staff record the consent (or withdrawal) a person wrote on a paper 소통 네트워크
    관리카드: basis "paper", dated the day the card was signed. Needs the right to change the
    person (which includes seeing their personal data); the record and its audit event are
    stored together."""

    model = Person
    permission_required = "change"
    form_class = PaperConsentForm
    template_name = "egov_people/paper_consent.html"
    header_icon = "doc-full"
    page_title = _("Record consent from a paper card")

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(Person, pk=unquote(str(pk)))

    def get_page_subtitle(self):
        return str(self.person)

    def inspect_url(self):
        return reverse("egov_people:inspect", args=[quote(self.person.pk)])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("egov_people:index"), "label": _("People")},
            {"url": self.inspect_url(), "label": self.get_page_subtitle()},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["inspect_url"] = self.inspect_url()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        signed = data["card_signed_on"]
        # Dated the day the person signed: a later answer (a withdrawal online) still stands.
        at = timezone.make_aware(datetime.datetime.combine(signed, datetime.time()))
        record_kwargs = {
            "source": "staff:paper-card",
            "at": at,
            "basis": ConsentRecord.Basis.PAPER,
            "card_signed_on": signed,
        }
        with transaction.atomic():
            if data["granted"]:
                record = consent.grant(
                    self.person,
                    data["channel"],
                    wording=_("Consent on the paper network management card."),
                    wording_version=data["wording_version"],
                    **record_kwargs,
                )
            else:
                record = consent.withdraw(self.person, data["channel"], **record_kwargs)
            audit.record(
                self.request,
                audit.Action.EDIT,
                obj=self.person,
                person=self.person,
                summary=_("Consent from a paper card: %(channel)s")
                % {"channel": record.get_channel_display()},
                data={
                    "consent_record": record.pk,
                    "channel": record.channel,
                    "granted": record.granted,
                    "basis": record.basis,
                    "card_signed_on": signed.isoformat(),
                },
            )
        newest = consent.current(self.person, record.channel)
        if newest != record:
            messages.warning(
                self.request,
                _("Recorded; a later answer (%(date)s) still stands.")
                % {"date": timezone.localtime(newest.recorded_at).strftime("%Y-%m-%d")},
            )
        else:
            messages.success(self.request, _("The consent from the paper card was recorded."))
        return redirect(self.inspect_url())
