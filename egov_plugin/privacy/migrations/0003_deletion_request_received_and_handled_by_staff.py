"""Who received and who handled a deletion request become "by staff" pairs (decision 80): the
username kept so far (or "내 참여" for a request filed online) becomes the label, and the account
with that username, if it still exists, is linked."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import migrations, models

#: (model, field): the username string becomes ``<field>_label``, the account ``<field>``.
PAIRS = [("DeletionRequest", "received_by"), ("DeletionRequest", "handled_by")]


def link_accounts(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    username_field = get_user_model().USERNAME_FIELD
    users = dict(User.objects.values_list(username_field, "pk"))
    for model_name, field in PAIRS:
        model = apps.get_model("egov_privacy", model_name)
        for pk, name in model.objects.exclude(**{f"{field}_label": ""}).values_list(
            "pk", f"{field}_label"
        ):
            if name in users:
                model.objects.filter(pk=pk).update(**{f"{field}_id": users[name]})


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("egov_privacy", "0002_privacy_policy_page"),
    ]

    operations = [
        migrations.RenameField(
            model_name="deletionrequest", old_name="received_by", new_name="received_by_label"
        ),
        migrations.AlterField(
            model_name="deletionrequest",
            name="received_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="received by (name)"
            ),
        ),
        migrations.AddField(
            model_name="deletionrequest",
            name="received_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="received by",
            ),
        ),
        migrations.RenameField(
            model_name="deletionrequest", old_name="handled_by", new_name="handled_by_label"
        ),
        migrations.AlterField(
            model_name="deletionrequest",
            name="handled_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="handled by (name)"
            ),
        ),
        migrations.AddField(
            model_name="deletionrequest",
            name="handled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="handled by",
            ),
        ),
        migrations.RunPython(link_accounts, migrations.RunPython.noop),
    ]
