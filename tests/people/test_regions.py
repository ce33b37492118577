"""Neighbourhoods: shipped data, the loader command and name matching against the database."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from egov_plugin.people.models import Region
from egov_plugin.people.regions import region_matcher

pytestmark = pytest.mark.django_db


def test_load_regions_ships_seongdongs_17_with_codes_and_is_idempotent():
    call_command("egov_load_regions")
    call_command("egov_load_regions")
    assert Region.objects.count() == 17
    wang2 = Region.objects.get(code="1120052000")
    assert (wang2.name, wang2.official_name, wang2.short_name) == (
        "왕십리2동",
        "왕십리제2동",
        "왕2",
    )
    assert list(Region.objects.values_list("name", flat=True))[:2] == ["왕십리도선동", "왕십리2동"]


def test_load_regions_names_the_bad_row(tmp_path):
    bad = tmp_path / "regions.csv"
    bad.write_text("code,name\n1120052000,왕십리2동\n12345,마장동\n", encoding="utf-8")
    with translation.override("en"):
        with pytest.raises(CommandError, match=r"row 3: code '12345' is not 10 digits"):
            call_command("egov_load_regions", str(bad))
    assert Region.objects.count() == 0  # nothing half-loaded


def test_load_regions_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("egov_load_regions", str(tmp_path / "missing.csv"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("왕십리제2동", "왕십리2동"),
        ("왕2", "왕십리2동"),
        ("금호2.3가동", "금호2·3가동"),
        ("금호2,3가동", "금호2·3가동"),
        ("성1-1", "성수1가1동"),
        ("서울특별시 성동구 행당 제1동", "행당1동"),
    ],
)
def test_region_matcher_over_the_database(regions, text, name):
    assert region_matcher().match(text) == regions[name].pk


def test_load_regions_names_a_row_whose_name_clashes(tmp_path, regions):
    clash = tmp_path / "regions.csv"
    clash.write_text("code,name\n1120099999,마장동\n", encoding="utf-8")
    with translation.override("en"):
        with pytest.raises(CommandError, match="row 2: the name 마장동 belongs to another code"):
            call_command("egov_load_regions", str(clash))
    assert Region.objects.count() == 17
