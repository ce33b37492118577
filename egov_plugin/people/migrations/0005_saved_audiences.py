"""Saved audiences move here from ``egov_insights`` (whose 0002 copies the rows, decision 73).

This migration only creates the table: ``people`` does not depend on ``insights`` (a site may
leave insights out), so the copy belongs to the app the rows come from.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("egov_people", "0003_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SavedAudience",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("criteria", models.JSONField(blank=True, default=dict, verbose_name="query and filters")),
                ("person_ids", models.JSONField(blank=True, default=list, editable=False, verbose_name="people")),
                ("size", models.PositiveIntegerField(default=0, editable=False, verbose_name="number of people")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="created by")),
            ],
            options={
                "verbose_name": "saved audience",
                "verbose_name_plural": "saved audiences",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
