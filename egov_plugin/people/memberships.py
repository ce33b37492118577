"""The member look-up of a kind of body, written once: its filters' shared part, the listing,
the export and the viewset. Committees and organizations subclass these and declare only
their body's columns, export columns and labels (see :class:`egov_plugin.people.bodies.Membership`).
"""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from egov_plugin.core.exports import UPLOAD_LANGUAGE, AuditedExportView
from egov_plugin.core.listings import AuditedListingMixin
from egov_plugin.core.text import mask_email, mask_name, mask_phone

from . import consent
from .bodies import MemberContacts
from .columns import MaskedColumn
from .models import filter_by_person

HAS_EMAIL_CHOICES = [("yes", _("Has an e-mail address")), ("no", _("No e-mail address"))]

#: The person's contacts a look-up may show: (key, label, attribute, mask).
CONTACT_COLUMNS = {
    "name": (_("Name"), "name", mask_name),
    "mobile": (_("Mobile number"), "mobile", mask_phone),
    "email": (_("E-mail address"), "email", mask_email),
}


class MemberFilterSet(WagtailFilterSet):
    """The filters every member look-up has: with or without an e-mail address."""

    has_email = django_filters.ChoiceFilter(
        label=_("E-mail address"), choices=HAS_EMAIL_CHOICES, method="filter_has_email"
    )

    def filter_has_email(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(person__email="")
        if value == "no":
            return queryset.filter(person__email="")
        return queryset


def member_contacts(user, model):
    """Whose names and contacts ``user`` sees among ``model``'s members (see people.bodies)."""
    return MemberContacts(user, model)


def member_queryset(request, model, filterset_class, related):
    """Memberships selected by the look-up's search and filters in ``request.GET``."""
    body = model.body_field
    queryset = model.objects.select_related("person", *related).order_by(
        f"{body}__name", "person__name", "pk"
    )
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if filterset.is_valid():
        queryset = filterset.qs
    return filter_by_person(queryset, request.GET.get("q"))


class MemberIndexView(AuditedListingMixin, generic.IndexView):
    """Search members by name, e-mail or mobile; filter by the body's filters. Each listing
    or search is one audit event. Subclasses set ``filterset_class``, ``related`` (the body's
    ``select_related``), ``contact_columns``, :meth:`body_columns` and ``export_label``."""

    is_searchable = True
    search_backend_name = None
    #: ``select_related`` of the body and what its columns show.
    related = ()
    #: Which of :data:`CONTACT_COLUMNS` are shown, in order.
    contact_columns = ("name", "email")
    export_label = _("Export")
    export_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("person", *self.related)

    def search_queryset(self, queryset):
        return filter_by_person(queryset, self.search_query)

    def body_columns(self):
        return []

    @cached_property
    def columns(self):
        visible = member_contacts(self.request.user, self.model).visible
        contacts = []
        for key in self.contact_columns:
            label, attribute, mask = CONTACT_COLUMNS[key]
            contacts.append(
                MaskedColumn(
                    key,
                    label=label,
                    accessor=f"person.{attribute}",
                    **({"sort_key": "person__name"} if key == "name" else {}),
                    mask=mask,
                    visible=visible,
                )
            )
        return [*contacts, *self.body_columns()]

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        query = self.request.GET.urlencode()
        buttons.append(
            HeaderButton(
                self.export_label,
                url=reverse(self.export_url_name) + (f"?{query}" if query else ""),
                icon_name="download",
            )
        )
        return buttons


class MemberExportView(AuditedExportView):
    """Export the look-up's current selection (all pages), masked unless permitted.
    Subclasses set ``model``, ``filterset_class``, ``related``, ``contact_columns``,
    ``body_headers`` and :meth:`body_row`."""

    permission_required = "view"
    filterset_class = None
    related = ()
    contact_columns = ("name", "email")
    body_headers = ()
    # Korean whatever the admin language: the file is uploaded again (members, people, opinions).
    file_language = UPLOAD_LANGUAGE

    def body_row(self, membership):
        return []

    def member_queryset(self):
        return member_queryset(self.request, self.model, self.filterset_class, self.related)

    def member_contacts(self):
        return member_contacts(self.request.user, self.model)

    def get_export_data(self):
        # The consent columns last, titled as the members' upload reads them: an export
        # uploaded again records no consent twice (see egov_plugin.imports.kinds.members).
        memberships = consent.with_current(self.member_queryset(), person="person_id")
        visible = self.member_contacts().visible
        contacts = [CONTACT_COLUMNS[key] for key in self.contact_columns]
        headers = [
            *(label for label, _attr, _mask in contacts),
            *self.body_headers,
            *consent.SPREADSHEET_TITLES,
        ]

        def rows():
            for m in memberships.iterator(chunk_size=2000):
                shown = visible(m)
                values = []
                for _label, attribute, mask in contacts:
                    value = getattr(m.person, attribute) or ""
                    values.append(value if shown else mask(value))
                yield [*values, *self.body_row(m), *consent.spreadsheet_cells(m)]

        return headers, rows(), memberships.count(), ""


class MemberViewSet(ModelViewSet):
    """One listing of all members of a kind of body: look-up, export. Memberships are added
    and edited on their body's page. Subclasses set ``model``, ``index_view_class``,
    ``export_view_class``, names and menu."""

    icon = "user"
    list_per_page = 50
    exclude_form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = False
    export_view_class = None

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        # Only the listing and the export exist: no per-row add/edit/delete/inspect links.
        for key in ("add_url_name", "edit_url_name", "delete_url_name", "inspect_url_name",
                    "copy_url_name"):  # fmt: skip
            kwargs[key] = None
        return kwargs

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name in ("index", "index_results")] + [
            path(
                "export/",
                self.export_view_class.as_view(index_url_name=self.get_url_name("index")),
                name="export",
            )
        ]
