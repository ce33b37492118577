"""Saved audiences move to ``egov_people`` with their rows and permissions (decision 73).

Forward: every row is copied with its id (campaigns refer to audiences by id) into the table
``egov_people`` 0005 made, the id sequence is moved past them, the permissions follow the model
(the content type is re-labelled, so the roles and users who held them keep them), the insights
permission moves to ``InsightsAccess``, and the old table is dropped. Backward does the same the
other way round, rows included.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import migrations, models

OLD = ("egov_insights", "savedaudience")
NEW = ("egov_people", "savedaudience")
ACCESS = ("egov_insights", "insightsaccess")
FIELDS = ("id", "name", "criteria", "person_ids", "size", "created_by_id", "created_at")


def _copy(apps, schema_editor, source, target):
    """Move every row of ``source`` into ``target``, ids and times included."""
    source_model = apps.get_model(*source)
    target_model = apps.get_model(*target)
    rows = list(source_model.objects.order_by("pk").values(*FIELDS))
    target_model.objects.bulk_create([target_model(**row) for row in rows], batch_size=100)
    # created_at is auto_now_add, which an insert always sets to now: put the originals back.
    for row in rows:
        target_model.objects.filter(pk=row["id"]).update(created_at=row["created_at"])
    # People's 0006 ("made by staff", decision 80) may have run before this copy: then the copied
    # rows need the creator's name beside the account, as 0006 gave the rows it found.
    if any(f.name == "created_by_label" for f in target_model._meta.get_fields()):
        username_field = get_user_model().USERNAME_FIELD
        for row in target_model.objects.filter(created_by__isnull=False).select_related(
            "created_by"
        ):
            label = getattr(row.created_by, username_field)
            target_model.objects.filter(pk=row.pk).update(created_by_label=label)
    source_model.objects.all().delete()
    # The ids were given explicitly: the next audience saved must get a new one (PostgreSQL).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [target_model]):
            cursor.execute(sql)


def _move_permission(Permission, permission, content_type):
    """Point ``permission`` at ``content_type``, or merge it into the same one already there
    (a post-migrate signal of an earlier, partial run may have made it), keeping who holds it."""
    existing = Permission.objects.filter(
        content_type=content_type, codename=permission.codename
    ).first()
    if existing is None:
        permission.content_type = content_type
        permission.save(update_fields=["content_type"])
        return
    existing.group_set.add(*permission.group_set.all())
    existing.user_set.add(*permission.user_set.all())
    permission.delete()


def _move_codename(apps, codename, source, target):
    """Move the permission ``codename`` from model ``source`` to model ``target``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(
            content_type__app_label=source[0], content_type__model=source[1], codename=codename
        )
    )
    if not permissions:
        return  # a fresh database: the post-migrate signal creates the permissions
    holder, _created = ContentType.objects.get_or_create(app_label=target[0], model=target[1])
    for permission in permissions:
        _move_permission(Permission, permission, holder)


def _relabel(apps, source, target):
    """Let the permissions of model ``source`` belong to model ``target`` (same code names)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=source[0], model=source[1]).first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label=target[0], model=target[1]).first()
    if new is None:
        old.app_label, old.model = target
        old.save(update_fields=["app_label", "model"])
        return
    for permission in Permission.objects.filter(content_type=old):
        _move_permission(Permission, permission, new)
    old.delete()


def forward(apps, schema_editor):
    _copy(apps, schema_editor, OLD, NEW)
    _move_codename(apps, "use_insights", OLD, ACCESS)
    _relabel(apps, OLD, NEW)


def backward(apps, schema_editor):
    _relabel(apps, NEW, OLD)
    _move_codename(apps, "use_insights", ACCESS, OLD)
    _copy(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("egov_insights", "0001_initial"),
        ("egov_people", "0005_saved_audiences"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InsightsAccess",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "e-governance insights",
                "permissions": [("use_insights", "Can use the e-governance dashboard and cross-search")],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.DeleteModel(name="SavedAudience"),
    ]
