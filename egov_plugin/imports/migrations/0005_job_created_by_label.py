"""ImportJob becomes "made by staff" (decision 80): the creator's username is kept beside the
foreign key, copied here for the existing rows."""

from django.contrib.auth import get_user_model
from django.db import migrations, models


def copy_usernames(apps, schema_editor):
    username_field = get_user_model().USERNAME_FIELD
    ImportJob = apps.get_model("egov_imports", "ImportJob")
    for row in ImportJob.objects.filter(created_by__isnull=False).select_related("created_by"):
        label = getattr(row.created_by, username_field)
        ImportJob.objects.filter(pk=row.pk).update(created_by_label=label)


class Migration(migrations.Migration):
    dependencies = [("egov_imports", "0004_job_worker_header_rows_mail_duplicates")]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="created_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="created by (name)"
            ),
        ),
        migrations.RunPython(copy_usernames, migrations.RunPython.noop),
    ]
