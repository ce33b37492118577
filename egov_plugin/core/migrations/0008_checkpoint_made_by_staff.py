"""Audit checkpoints become "made by staff" (decision 80): the username string ``purged_by`` is
kept as ``created_by_label`` and the account it names, if it still exists, is linked."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import migrations, models


def link_accounts(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    username_field = get_user_model().USERNAME_FIELD
    AuditCheckpoint = apps.get_model("egov_core", "AuditCheckpoint")
    for checkpoint in AuditCheckpoint.objects.exclude(created_by_label=""):
        user = User.objects.filter(**{username_field: checkpoint.created_by_label}).first()
        if user is not None:
            AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(created_by=user)


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("egov_core", "0007_audit_parallel_chains"),
    ]

    operations = [
        migrations.RenameField(
            model_name="auditcheckpoint", old_name="purged_by", new_name="created_by_label"
        ),
        migrations.AlterField(
            model_name="auditcheckpoint",
            name="created_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="created by (name)"
            ),
        ),
        migrations.AddField(
            model_name="auditcheckpoint",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="purged by",
            ),
        ),
        migrations.RunPython(link_accounts, migrations.RunPython.noop),
    ]
