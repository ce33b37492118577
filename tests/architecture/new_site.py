"""Run by test_from_old_main.py with the code under test: migrate the database old main made,
then print (JSON) the memberships, meetings, consents and saved audiences as read through the
ORM of the new layout. Tolerant of where issue 17 puts the models: Meeting in ``egov_meetings``
(one generic relation to its body) or still in ``egov_organizations`` (two foreign keys);
SavedAudience in ``egov_people`` or ``egov_insights``; extra fields (a consent's basis) ignored."""

import datetime
import json
import posixpath
import sys

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.contenttypes.fields import GenericForeignKey  # noqa: E402
from django.core.management import call_command  # noqa: E402

import egov_plugin  # noqa: E402

if not egov_plugin.__file__.startswith(sys.argv[1]):
    raise SystemExit(f"egov_plugin comes from {egov_plugin.__file__}, not from {sys.argv[1]}")

call_command("migrate", verbosity=0, interactive=False, skip_checks=True)


def first_model(*labels):
    for label in labels:
        try:
            return apps.get_model(label)
        except LookupError:
            continue
    raise SystemExit(f"none of these models exists: {labels}")


def person_key(person):
    if person.mobile or person.email:
        return [person.mobile, person.email]
    return ["id", person.pk]


def utc(value):
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()


Person = apps.get_model("egov_people", "Person")
people = {p.pk: person_key(p) for p in Person.objects.all()}

memberships = []
for label, body_field in (
    ("egov_committees.CommitteeMembership", "committee"),
    ("egov_organizations.OrganizationMembership", "organization"),
):
    for m in apps.get_model(label).objects.select_related(body_field, "person"):
        body = getattr(m, body_field)
        memberships.append(
            [body_field, body.name, person_key(m.person), m.role, m.contacts_confirmed]
        )

Meeting = first_model("egov_meetings.Meeting", "egov_organizations.Meeting")
generic = [f for f in Meeting._meta.private_fields if isinstance(f, GenericForeignKey)]
attendee_fields = [f for f in Meeting._meta.many_to_many if f.related_model is Person]
attachment_rels = [
    r for r in Meeting._meta.related_objects if r.related_model.__name__.endswith("Attachment")
]


def body_of(meeting):
    if generic:
        return getattr(meeting, generic[0].name)
    return meeting.committee or meeting.organization


def file_name(attachment):
    document = getattr(attachment, "document", None)
    file = document.file if document is not None else attachment.file
    return posixpath.basename(file.name)


meetings = []
for meeting in Meeting.objects.all():
    body = body_of(meeting)
    attachments = sorted(
        [a.title, file_name(a)]
        for rel in attachment_rels
        for a in rel.related_model.objects.filter(**{rel.field.name: meeting})
    )
    attendees = sorted(
        person_key(p) for field in attendee_fields for p in getattr(meeting, field.name).all()
    )
    meetings.append(
        [
            body._meta.model_name,
            body.name,
            utc(meeting.starts_at),
            meeting.place,
            meeting.agenda,
            meeting.minutes,
            meeting.decisions,
            attachments,
            attendees,
        ]
    )

ConsentRecord = apps.get_model("egov_people", "ConsentRecord")
consents = [
    [people[c.person_id], c.channel, c.granted, utc(c.recorded_at), c.wording_version]
    for c in ConsentRecord.objects.all()
]

SavedAudience = first_model("egov_people.SavedAudience", "egov_insights.SavedAudience")
audiences = [
    [a.name, a.criteria, sorted(people[pk] for pk in a.person_ids if pk in people), a.size]
    for a in SavedAudience.objects.all()
]

json.dump(
    {
        "memberships": memberships,
        "meetings": meetings,
        "consents": consents,
        "audiences": audiences,
        "models": {"meeting": Meeting._meta.label, "saved_audience": SavedAudience._meta.label},
    },
    sys.stdout,
    ensure_ascii=False,
)
