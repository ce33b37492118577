"""A saved audience becomes "made by staff" (decision 80): the creator's username is kept beside
the foreign key, copied here for the existing rows."""

import django.utils.timezone
from django.contrib.auth import get_user_model
from django.db import migrations, models


def copy_usernames(apps, schema_editor):
    username_field = get_user_model().USERNAME_FIELD
    SavedAudience = apps.get_model("egov_people", "SavedAudience")
    for row in SavedAudience.objects.filter(created_by__isnull=False).select_related("created_by"):
        label = getattr(row.created_by, username_field)
        SavedAudience.objects.filter(pk=row.pk).update(created_by_label=label)


class Migration(migrations.Migration):
    dependencies = [("egov_people", "0005_saved_audiences")]

    operations = [
        migrations.AddField(
            model_name="savedaudience",
            name="created_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="created by (name)"
            ),
        ),
        migrations.AlterField(
            model_name="savedaudience",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="created"
            ),
        ),
        migrations.RunPython(copy_usernames, migrations.RunPython.noop),
    ]
