"""The data migration that moves meetings out of the organizations app: every meeting, its
body, attendees, attachments (same documents, same files), permissions and history survive."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("egov_organizations", "0004_private_media"), ("egov_meetings", "0001_initial")]
AFTER = [
    ("egov_organizations", "0005_meetings_moved_to_meetings_app"),
    ("egov_meetings", "0002_copy_from_organizations"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_rows(apps):
    get = apps.get_model
    kind = get("egov_organizations", "OrganizationKind").objects.get_or_create(name="주민자치회")[0]
    organization = get("egov_organizations", "Organization").objects.create(
        name="사근동 주민자치회", kind=kind
    )
    field = get("egov_committees", "CommitteeField").objects.get_or_create(name="복지")[0]
    committee = get("egov_committees", "Committee").objects.create(name="복지위원회", field=field)
    person = get("egov_people", "Person").objects.create(name="김민수", mobile="010-1234-5678")
    collection = get("wagtailcore", "Collection").objects.filter(depth=1).first()
    if collection is None:
        collection = get("wagtailcore", "Collection").objects.create(
            name="Root", path="0001", depth=1, numchild=0
        )
    document = get("wagtaildocs", "Document").objects.create(
        title="회의 자료", file=ContentFile(b"paper", name="paper.txt"), collection=collection
    )
    Meeting = get("egov_organizations", "Meeting")
    starts = timezone.make_aware(datetime.datetime(2014, 6, 3, 19, 0))
    of_organization = Meeting.objects.create(
        organization=organization,
        starts_at=starts,
        place="주민센터",
        agenda="1. 예산",
        minutes="<p>예산을 <b>논의</b></p>",
        minutes_text="예산을 논의",
        decisions="제출한다",
        other_attendees="주무관",
    )
    # A historical model is no ClusterableModel: the attendee row is written directly.
    Meeting.attendees.through.objects.create(meeting_id=of_organization.pk, person_id=person.pk)
    of_committee = Meeting.objects.create(committee=committee, starts_at=starts, is_demo=True)
    attachment = get("egov_organizations", "MeetingAttachment").objects.create(
        meeting=of_organization, document=document, title="제안서", sort_order=0
    )
    return organization, committee, person, document, of_organization, of_committee, attachment


def test_meetings_move_to_their_app_without_loss(back_to_latest):
    apps = migrate(BEFORE)
    organization, committee, person, document, old_org, old_com, old_att = _old_rows(apps)
    group = Group.objects.create(name="회의록 담당(사이트)")
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="egov_organizations", model="meeting"
    )[0]
    old_permission = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="change_meeting", defaults={"name": "Can change"}
    )[0]
    group.permissions.add(old_permission.pk)
    file_name = document.file.name

    migrate(AFTER)
    from egov_plugin.meetings.models import Meeting
    from egov_plugin.organizations.models import Organization

    moved = Meeting.objects.get(pk=old_org.pk)
    assert isinstance(moved.body, Organization) and moved.body.pk == organization.pk
    assert (moved.place, moved.agenda, moved.minutes, moved.minutes_text) == (
        "주민센터", "1. 예산", "<p>예산을 <b>논의</b></p>", "예산을 논의"
    )  # fmt: skip
    assert (moved.decisions, moved.other_attendees, moved.starts_at) == (
        "제출한다", "주무관", old_org.starts_at
    )  # fmt: skip
    assert list(moved.attendees.values_list("pk", flat=True)) == [person.pk]
    attachment = moved.attachments.get()
    assert (attachment.pk, attachment.title, attachment.document_id) == (
        old_att.pk, "제안서", document.pk
    )  # fmt: skip
    assert attachment.document.file.name == file_name
    of_committee = Meeting.objects.get(pk=old_com.pk)
    assert of_committee.body.name == "복지위원회" and of_committee.is_demo
    assert list(Meeting.objects.for_body(of_committee.body)) == [of_committee]
    assert group.permissions.filter(
        content_type__app_label="egov_meetings", codename="change_meeting"
    ).exists()
    # New rows continue after the copied keys (PostgreSQL sequences are reset).
    assert Meeting.objects.create(body=moved.body).pk > max(old_org.pk, old_com.pk)

    apps = migrate(BEFORE)  # reversible: the meetings go back to the old tables
    old = apps.get_model("egov_organizations", "Meeting").objects.get(pk=old_org.pk)
    assert old.organization_id == organization.pk and old.committee_id is None
    assert list(old.attendees.values_list("pk", flat=True)) == [person.pk]
    assert old.attachments.get().document_id == document.pk
    back = apps.get_model("egov_organizations", "Meeting").objects.get(pk=old_com.pk)
    assert back.committee_id == committee.pk
