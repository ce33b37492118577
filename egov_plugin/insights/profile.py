"""Everything the district knows about one person, gathered for the person page.

Ballots are deliberately absent: a ballot holds only a hash of the voter's number, never a link
to a person (secret ballot), and this page must not try to re-link them.

Other apps add blocks through the ``egov_insights_person_sections`` hook: a function
``fn(person, request)`` returning ``(heading, rows)`` (rows: strings) or ``None``. Records of an
installed ``egov_outreach`` app that point at the person (deliveries) are found through their
foreign keys to ``Person`` without the hook. Imports that touched the person are the rows of
people imports that created or updated them (``ImportRow.object_id``) and the opinions imported
under their name (``Opinion.import_job_id``).
"""

from django.apps import apps
from django.db import models
from wagtail import hooks

from egov_plugin.people.groups import attach_groups, get_groups
from egov_plugin.people.models import Person

PERSON_SECTIONS_HOOK = "egov_insights_person_sections"

#: Apps whose records pointing at a person (by foreign key) are listed when installed.
LINKED_APPS = ("egov_outreach",)

#: Import kinds whose rows' ``object_id`` is a person's id.
PERSON_IMPORT_KINDS = ("people",)

LIMIT = 50


def load_person(pk):
    """The person with region, subscription and group flags (``in_group_<key>``)."""
    person = Person.objects.select_related("region", "subscriber").get(pk=pk)
    attach_groups([person])
    return person


def memberships(person):
    """``(committee memberships, organization memberships)`` of the person."""
    committees = organizations = []
    if apps.is_installed("egov_plugin.committees"):
        committees = list(
            person.committee_memberships.select_related("committee", "committee__field")
        )
    if apps.is_installed("egov_plugin.organizations"):
        organizations = list(person.organization_memberships.select_related("organization"))
    return committees, organizations


def opinions(person):
    """The person's newest opinions (with their consultation) and their total count."""
    if not apps.is_installed("egov_plugin.consultations"):
        return [], 0
    rows = person.opinions.select_related("page").order_by("-created_at", "-pk")
    return list(rows[:LIMIT]), rows.count()


def linked_records(person):
    """``[(heading, [record, ...]), ...]`` from installed apps with a foreign key to Person."""
    blocks = []
    for label in LINKED_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue  # not installed on this site
        for model in config.get_models():
            for field in model._meta.get_fields():
                if (
                    isinstance(field, models.ForeignKey)
                    and field.related_model is Person
                    and not field.auto_created
                ):
                    # Their other foreign keys (a delivery's campaign) name the record.
                    others = [
                        f.name for f in model._meta.fields if f.many_to_one and f.name != field.name
                    ]
                    records = list(
                        model.objects.filter(**{field.name: person})
                        .select_related(*others)
                        .order_by("-pk")[:LIMIT]
                    )
                    if records:
                        blocks.append((model._meta.verbose_name_plural, records))
    return blocks


def import_rows(person):
    """Rows of people imports that created or updated this person (``None``: no imports app)."""
    if not apps.is_installed("egov_plugin.imports"):
        return None
    from django.core.exceptions import FieldError

    try:
        row_model = apps.get_model("egov_imports", "ImportRow")
        return list(
            row_model.objects.filter(object_id=person.pk, job__kind__in=PERSON_IMPORT_KINDS)
            .select_related("job")
            .order_by("-job__created_at", "-pk")[:LIMIT]
        )
    except (LookupError, FieldError):
        # The imports app is newer than this page; if its models change, show nothing
        # rather than fail the whole page.
        return None


def hooked_sections(person, request):
    blocks = [fn(person, request) for fn in hooks.get_hooks(PERSON_SECTIONS_HOOK)]
    return [block for block in blocks if block]


def person_context(person, request):
    """The context of the person page (the caller decides on masking and audits the view)."""
    committee_rows, organization_rows = memberships(person)
    opinion_rows, opinion_count = opinions(person)
    return {
        "person": person,
        "groups": [g for g in get_groups() if getattr(person, g.annotation, False)],
        "subscriber": getattr(person, "subscriber", None),
        "consents": list(person.consents.all()[:LIMIT]),
        "committee_memberships": committee_rows,
        "organization_memberships": organization_rows,
        "opinions": opinion_rows,
        "opinion_count": opinion_count,
        "imported_opinions": sum(1 for o in opinion_rows if o.import_job_id),
        "linked_records": linked_records(person),
        "extra_sections": hooked_sections(person, request),
        "import_rows": import_rows(person),
    }
