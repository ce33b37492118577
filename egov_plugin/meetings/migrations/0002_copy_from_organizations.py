"""Copy the meetings out of the organizations app, losing nothing.

Each ``egov_organizations.Meeting`` becomes an ``egov_meetings.Meeting`` with the same primary
key (so links, audit events and Wagtail's history still point at it), its body turned from the
``organization`` / ``committee`` foreign key into content type + object id. Attendees and
attachments are copied row by row; attachments keep their document, so files keep their
storage paths. Group and user permissions on the old models are given on the new ones, and
Wagtail's log entries of the old meetings are moved to the new model. ``egov_organizations``
0005 then drops the old tables.

Backwards, meetings of organizations and committees are moved back (the old tables hold no
other kind of body: a meeting of another kind stops the migration rather than being lost).
"""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

BATCH = 2000
_FIELDS = (
    "starts_at", "place", "other_attendees", "agenda", "minutes", "decisions", "minutes_text",
    "is_demo",
)  # fmt: skip
_KINDS = (("organization", "egov_organizations"), ("committee", "egov_committees"))
_ACTIONS = ("add", "change", "delete", "view")
_MODELS = ("meeting", "meetingattachment")


def _content_type(apps, db, app_label, model):
    content_type = apps.get_model("contenttypes", "ContentType")
    return content_type.objects.db_manager(db).get_or_create(app_label=app_label, model=model)[0]


def _batches(queryset):
    batch = []
    for row in queryset.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _reset_sequences(schema_editor, models):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _copy(apps, schema_editor, source_app, target_app, make_meeting):
    db = schema_editor.connection.alias
    source = apps.get_model(source_app, "Meeting")
    target = apps.get_model(target_app, "Meeting")
    source_attachment = apps.get_model(source_app, "MeetingAttachment")
    target_attachment = apps.get_model(target_app, "MeetingAttachment")
    for batch in _batches(source.objects.using(db).order_by("pk")):
        target.objects.using(db).bulk_create([make_meeting(m) for m in batch])
    source_through = source.attendees.through
    target_through = target.attendees.through
    rows = source_through.objects.using(db).order_by("pk").values_list("meeting_id", "person_id")
    for batch in _batches(rows):
        target_through.objects.using(db).bulk_create(
            [target_through(meeting_id=m, person_id=p) for m, p in batch]
        )
    attachments = source_attachment.objects.using(db).order_by("pk")
    for batch in _batches(attachments):
        target_attachment.objects.using(db).bulk_create(
            [
                target_attachment(
                    pk=a.pk,
                    meeting_id=a.meeting_id,
                    document_id=a.document_id,
                    title=a.title,
                    sort_order=a.sort_order,
                )
                for a in batch
            ]
        )
    _reset_sequences(schema_editor, [target, target_attachment, target_through])
    _move_permissions(apps, db, source_app, target_app)
    _move_log_entries(apps, db, source_app, target_app)


def _move_permissions(apps, db, source_app, target_app):
    """Whoever had a right on the old models has it on the new ones."""
    permission = apps.get_model("auth", "Permission")
    group_permissions = apps.get_model("auth", "Group").permissions.through
    user_permissions = apps.get_model(settings.AUTH_USER_MODEL).user_permissions.through
    for model in _MODELS:
        for action in _ACTIONS:
            codename = f"{action}_{model}"
            old = permission.objects.using(db).filter(
                content_type__app_label=source_app, content_type__model=model, codename=codename
            )
            old_ids = list(old.values_list("pk", flat=True))
            if not old_ids:
                continue
            new, _ = permission.objects.using(db).get_or_create(
                content_type=_content_type(apps, db, target_app, model),
                codename=codename,
                defaults={"name": f"Can {action} {model.replace('meetingattachment', 'attachment')}"},
            )
            for through, owner in ((group_permissions, "group_id"), (user_permissions, "user_id")):
                owners = set(
                    through.objects.using(db)
                    .filter(permission_id__in=old_ids)
                    .values_list(owner, flat=True)
                )
                owners -= set(
                    through.objects.using(db)
                    .filter(permission_id=new.pk)
                    .values_list(owner, flat=True)
                )
                through.objects.using(db).bulk_create(
                    [through(permission_id=new.pk, **{owner: pk}) for pk in owners]
                )


def _move_log_entries(apps, db, source_app, target_app):
    """Wagtail's history of each meeting (its log entries) follows it to the new model."""
    log_entry = apps.get_model("wagtailcore", "ModelLogEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in _MODELS:
        old = content_type.objects.using(db).filter(app_label=source_app, model=model).first()
        if old is None or not log_entry.objects.using(db).filter(content_type=old).exists():
            continue
        new = _content_type(apps, db, target_app, model)
        log_entry.objects.using(db).filter(content_type=old).update(content_type=new)


def forwards(apps, schema_editor):
    db = schema_editor.connection.alias
    meeting = apps.get_model("egov_meetings", "Meeting")
    types = {field: _content_type(apps, db, app, field) for field, app in _KINDS}

    def make_meeting(old):
        field = "organization" if old.organization_id is not None else "committee"
        return meeting(
            pk=old.pk,
            body_type=types[field],
            body_id=getattr(old, f"{field}_id"),
            **{name: getattr(old, name) for name in _FIELDS},
        )

    _copy(apps, schema_editor, "egov_organizations", "egov_meetings", make_meeting)


def backwards(apps, schema_editor):
    db = schema_editor.connection.alias
    old_meeting = apps.get_model("egov_organizations", "Meeting")
    fields = {_content_type(apps, db, app, field).pk: field for field, app in _KINDS}
    other = (
        apps.get_model("egov_meetings", "Meeting")
        .objects.using(db)
        .exclude(body_type_id__in=fields)
    )
    if other.exists():
        raise RuntimeError(
            f"{other.count()} meetings belong to bodies that are neither organizations nor "
            "committees; the old tables cannot hold them. Delete or move them first."
        )

    def make_meeting(new):
        return old_meeting(
            pk=new.pk,
            **{f"{fields[new.body_type_id]}_id": new.body_id},
            **{name: getattr(new, name) for name in _FIELDS},
        )

    _copy(apps, schema_editor, "egov_meetings", "egov_organizations", make_meeting)
    # Moved, not copied: a later forwards run copies them again with the same keys.
    apps.get_model("egov_meetings", "Meeting").objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("egov_meetings", "0001_initial"),
        ("egov_organizations", "0004_private_media"),
        ("egov_committees", "0003_body_managers_and_confirmed_members"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
