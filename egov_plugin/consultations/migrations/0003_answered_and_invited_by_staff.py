"""Who answered an opinion and who invited an expert become "by staff" pairs (decision 80): the
string kept so far (a username, or the answerer's full name) becomes the label, and the account
with that username, if it still exists, is linked."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import migrations, models

#: (model, field): the username string becomes ``<field>_label``, the account ``<field>``.
PAIRS = [("Opinion", "answered_by"), ("ExpertInvitation", "invited_by")]


def link_accounts(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    username_field = get_user_model().USERNAME_FIELD
    users = dict(User.objects.values_list(username_field, "pk"))
    for model_name, field in PAIRS:
        model = apps.get_model("egov_consultations", model_name)
        for pk, name in model.objects.exclude(**{f"{field}_label": ""}).values_list(
            "pk", f"{field}_label"
        ):
            if name in users:
                model.objects.filter(pk=pk).update(**{f"{field}_id": users[name]})


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("egov_consultations", "0002_opinion_text_search_index"),
    ]

    operations = [
        migrations.RenameField(
            model_name="opinion", old_name="answered_by", new_name="answered_by_label"
        ),
        migrations.AlterField(
            model_name="opinion",
            name="answered_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="answered by (name)"
            ),
        ),
        migrations.AddField(
            model_name="opinion",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="answered by",
            ),
        ),
        migrations.RenameField(
            model_name="expertinvitation", old_name="invited_by", new_name="invited_by_label"
        ),
        migrations.AlterField(
            model_name="expertinvitation",
            name="invited_by_label",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="invited by (name)"
            ),
        ),
        migrations.AddField(
            model_name="expertinvitation",
            name="invited_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="invited by",
            ),
        ),
        migrations.RunPython(link_accounts, migrations.RunPython.noop),
    ]
