"""Saved audiences move from ``egov_insights`` to ``egov_people`` without losing a row, an id,
a date or a permission a role held — and move back when the migration is reversed."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("egov_insights", "0001_initial")
AFTER = ("egov_insights", "0002_saved_audiences_move_to_people")


def migrate(insights):
    """Migrate ``egov_insights`` to ``insights`` (every other app stays at its latest); returns
    the historical models of that state."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    targets = [node for node in leaves if node[0] != "egov_insights"] + [insights]
    MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection).loader.project_state(targets).apps


def held(apps, group_name):
    group = apps.get_model("auth", "Group").objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db(transaction=True)
def test_rows_ids_dates_and_permissions_survive_the_move_both_ways():
    try:
        old = migrate(BEFORE)
        user = old.get_model("auth", "User").objects.create(username="policy-lee")
        OldAudience = old.get_model("egov_insights", "SavedAudience")
        saved_at = timezone.now() - datetime.timedelta(days=30)
        first = OldAudience.objects.create(
            name="성수1가1동 가입자", criteria={"q": "", "region": 3}, person_ids=[1, 2, 3],
            size=3, created_by=user,
        )  # fmt: skip
        second = OldAudience.objects.create(name="빈 명단", person_ids=[], size=0)
        OldAudience.objects.update(created_at=saved_at)
        Permission = old.get_model("auth", "Permission")
        role = old.get_model("auth", "Group").objects.create(name="역할")
        role.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="egov_insights",
                codename__in=["use_insights", "add_savedaudience", "delete_savedaudience"],
            )
        )
        assert held(old, "역할") == {
            "egov_insights.use_insights",
            "egov_insights.add_savedaudience",
            "egov_insights.delete_savedaudience",
        }

        new = migrate(AFTER)
        NewAudience = new.get_model("egov_people", "SavedAudience")
        rows = {a.pk: a for a in NewAudience.objects.all()}
        assert set(rows) == {first.pk, second.pk}
        assert rows[first.pk].name == "성수1가1동 가입자"
        assert rows[first.pk].criteria == {"q": "", "region": 3}
        assert rows[first.pk].person_ids == [1, 2, 3] and rows[first.pk].size == 3
        assert rows[first.pk].created_by_id == user.pk
        assert all(a.created_at == saved_at for a in rows.values())
        assert held(new, "역할") == {
            "egov_insights.use_insights",
            "egov_people.add_savedaudience",
            "egov_people.delete_savedaudience",
        }
        assert not ContentType.objects.filter(app_label="egov_insights", model="savedaudience")
        # The next audience saved gets a new id, not one of the copied ones.
        assert NewAudience.objects.create(name="새 명단").pk > max(rows)
        NewAudience.objects.filter(name="새 명단").delete()

        back = migrate(BEFORE)
        names = set(
            back.get_model("egov_insights", "SavedAudience").objects.values_list("name", flat=True)
        )
        assert names == {"성수1가1동 가입자", "빈 명단"}
        assert not back.get_model("egov_people", "SavedAudience").objects.exists()
        assert held(back, "역할") == {
            "egov_insights.use_insights",
            "egov_insights.add_savedaudience",
            "egov_insights.delete_savedaudience",
        }
    finally:
        migrate(AFTER)
