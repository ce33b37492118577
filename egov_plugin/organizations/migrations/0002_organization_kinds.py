from django.db import migrations

KINDS = [
    "주민자치회",
    "통장협의회",
    "새마을부녀회",
    "새마을지도자협의회",
    "바르게살기위원회",
    "자유총연맹",
    "방위협의회",
    "자원봉사캠프",
]


def add_kinds(apps, schema_editor):
    OrganizationKind = apps.get_model("egov_organizations", "OrganizationKind")
    for order, name in enumerate(KINDS, start=1):
        OrganizationKind.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("egov_organizations", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
