"""Exporting the whole people result of a cross-search (every page), reason asked, audited."""

from django.utils.translation import gettext_lazy as _

from egov_plugin.core.exports import UPLOAD_LANGUAGE, AuditedExportView
from egov_plugin.people.audiences.conditions import people_queryset
from egov_plugin.people.groups import attach_groups, get_groups

from .filters import parse
from .permissions import ContactPolicy, InsightsPermissionMixin

#: Rows fetched (and given their group badges) at a time: memory stays flat for 80,000 people.
CHUNK = 2000


class PeopleExportView(InsightsPermissionMixin, AuditedExportView):
    """The people a cross-search selects, as .xlsx or .csv, masked unless permitted."""

    extra_permissions = ("egov_people.view_person",)
    filename = "people"
    page_title = _("Export people")
    index_url_name = "egov_insights:index"
    # Korean whatever the admin language: the file is uploaded again (members, people, opinions).
    file_language = UPLOAD_LANGUAGE

    def get_export_data(self):
        criteria, _form = parse(self.request.GET)
        people = people_queryset(criteria).select_related("region")
        policy = ContactPolicy(self.request.user)
        groups = get_groups()
        headers = [
            _("Name"), _("Mobile number"), _("E-mail address"), _("Neighbourhood"),
            _("Age band"), _("Gender"), *(g.label for g in groups),
        ]  # fmt: skip

        def rows():
            # Keyset pagination by pk: stable and cheap however deep into the result.
            last = 0
            while True:
                chunk = attach_groups(people.filter(pk__gt=last).order_by("pk")[:CHUNK])
                if not chunk:
                    return
                for person in chunk:
                    yield [
                        policy.name(person), policy.mobile(person), policy.email(person),
                        person.region.name if person.region else "",
                        person.get_age_band_display(), person.get_gender_display(),
                        *("Y" if getattr(person, g.annotation) else "" for g in groups),
                    ]  # fmt: skip
                last = chunk[-1].pk

        summary = criteria.query or ", ".join(criteria.as_json().keys() - {"q"})
        return headers, rows(), people.count(), summary
