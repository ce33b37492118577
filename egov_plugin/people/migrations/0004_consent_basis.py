"""Consent records name their legal basis (and a paper card's signing date)."""

from django.db import migrations, models


def basis_from_source(apps, schema_editor):
    """Records made before the basis existed get it from their source: an upload's records
    ("import:<job>") were collected with the uploaded list, the demo's stand for the
    management card (they carry its wording and version); everything else was given online
    (a consultation form, a campaign's consent link, the unsubscribe page)."""
    ConsentRecord = apps.get_model("egov_people", "ConsentRecord")
    ConsentRecord.objects.filter(source__startswith="import:").update(basis="import")
    ConsentRecord.objects.filter(source="demo").update(basis="card")


class Migration(migrations.Migration):
    dependencies = [
        ("egov_people", "0003_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="consentrecord",
            name="basis",
            field=models.CharField(
                choices=[
                    ("online", "Given online"),
                    ("card", "On the network management card"),
                    ("import", "Collected with an uploaded list"),
                    ("paper", "Recorded by staff from a paper card"),
                ],
                default="online",
                max_length=20,
                verbose_name="legal basis",
            ),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="card_signed_on",
            field=models.DateField(blank=True, null=True, verbose_name="card signed on"),
        ),
        migrations.RunPython(basis_from_source, migrations.RunPython.noop),
    ]
