"""Reference populations become "made by staff" (decision 80): ``uploaded_by`` / ``uploaded_at``
are renamed ``created_by`` / ``created_at`` (the columns keep their data) and the uploader's
username is kept beside the foreign key, copied here for the existing rows."""

from django.contrib.auth import get_user_model
from django.db import migrations, models


def copy_usernames(apps, schema_editor):
    username_field = get_user_model().USERNAME_FIELD
    ReferencePopulation = apps.get_model("egov_analysis", "ReferencePopulation")
    rows = ReferencePopulation.objects.filter(created_by__isnull=False).select_related("created_by")
    for row in rows:
        label = getattr(row.created_by, username_field)
        ReferencePopulation.objects.filter(pk=row.pk).update(created_by_label=label)


class Migration(migrations.Migration):
    dependencies = [("egov_analysis", "0001_initial")]

    operations = [
        migrations.RenameField(
            model_name="referencepopulation", old_name="uploaded_by", new_name="created_by"
        ),
        migrations.RenameField(
            model_name="referencepopulation", old_name="uploaded_at", new_name="created_at"
        ),
        migrations.AlterModelOptions(
            name="referencepopulation",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "reference population",
                "verbose_name_plural": "reference populations",
            },
        ),
        migrations.AddField(
            model_name="referencepopulation",
            name="created_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="created by (name)"
            ),
        ),
        migrations.RunPython(copy_usernames, migrations.RunPython.noop),
    ]
