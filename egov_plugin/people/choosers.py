"""A chooser for picking a registry person from other screens (committee and organization
members), with creation on the spot. Results are masked for users who may not see personal
data, and every search is audited like any other search over people."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    CreateView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

from egov_plugin.core import audit
from egov_plugin.core.text import mask_name, mask_phone

from .forms import PersonCreationForm, PersonSearchFilterForm
from .permissions import can_view_personal_data


class PersonChooseMixin:
    filter_form_class = PersonSearchFilterForm
    per_page = 20

    def get_object_list(self):
        return self.model_class.objects.select_related("region").order_by("name", "pk")

    def _label(self, person):
        if can_view_personal_data(self.request.user):
            return f"{person.name} ({person.mobile or person.email})"
        return f"{mask_name(person.name)} ({mask_phone(person.mobile or '') or '-'})"

    @property
    def columns(self):
        title = super().title_column
        title.accessor = self._label
        # Wagtail heads a chooser's first column "제목" (Title): here it is a person's name.
        title.label = _("Name")
        return [
            title,
            Column("region", label=_("Neighbourhood")),
            Column("age_band", label=_("Age band"), accessor="get_age_band_display"),
        ]

    def get(self, request):
        response = super().get(request)
        if self.filter_form.is_searching:
            audit.record(
                request,
                audit.Action.SEARCH,
                summary=_("Person chooser"),
                data={"query": self.filter_form.search_query, "results": self.paginator.count},
            )
        return response


class PersonChooseView(PersonChooseMixin, ChooseView):
    pass


class PersonChooseResultsView(PersonChooseMixin, ChooseResultsView):
    pass


class PersonChooserCreateView(CreateView):
    def save_form(self, form):
        with transaction.atomic():
            person = form.save()
            audit.record(self.request, audit.Action.CREATE, obj=person, summary=str(person))
        return person


class PersonChooserViewSet(ChooserViewSet):
    """``person_chooser_viewset.widget_class`` is the widget for a ``Person`` foreign key."""

    model = "egov_people.Person"
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    create_action_label = _("Add to the registry")
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    create_view_class = PersonChooserCreateView
    creation_form_class = PersonCreationForm
    url_filter_parameters = []


person_chooser_viewset = PersonChooserViewSet(
    "egov_person_chooser", url_prefix="egov/people/choose"
)
