from django.db import migrations

FIELDS = ["복지", "교통", "환경", "도시계획", "문화", "교육", "경제", "안전", "보건", "행정"]


def add_fields(apps, schema_editor):
    CommitteeField = apps.get_model("egov_committees", "CommitteeField")
    for order, name in enumerate(FIELDS, start=1):
        CommitteeField.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("egov_committees", "0001_initial")]

    operations = [migrations.RunPython(add_fields, migrations.RunPython.noop)]
