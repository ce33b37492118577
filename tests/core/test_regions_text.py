"""Recognising Seongdong-gu's neighbourhoods however their names are written."""

import csv
import doctest
import io
import itertools
from types import SimpleNamespace

import pytest
from django.conf import settings

from egov_plugin.core.text import regions
from egov_plugin.core.text.regions import RegionMatcher, region_key

if not settings.configured:
    # Without pytest-django, lazy translations still need settings to be turned into text.
    settings.configure(USE_I18N=False)

SEONGDONG_CSV = """\
code,name,official_name,short_name
1120053500,왕십리도선동,왕십리도선동,왕도
1120052000,왕십리2동,왕십리제2동,왕2
1120054000,마장동,마장동,마장
1120055000,사근동,사근동,사근
1120056000,행당1동,행당제1동,행1
1120057000,행당2동,행당제2동,행2
1120058000,응봉동,응봉동,응봉
1120059000,금호1가동,금호1가동,금1
1120061500,금호2·3가동,금호2·3가동,금2.3
1120062000,금호4가동,금호4가동,금4
1120064500,옥수동,옥수동,옥수
1120065000,성수1가1동,성수1가제1동,성1-1
1120066000,성수1가2동,성수1가제2동,성1-2
1120067000,성수2가1동,성수2가제1동,성2-1
1120069000,성수2가3동,성수2가제3동,성2-3
1120072000,송정동,송정동,송정
1120079000,용답동,용답동,용답
"""

ROWS = list(csv.DictReader(io.StringIO(SEONGDONG_CSV)))
CODE = {row["name"]: row["code"] for row in ROWS}
MATCHER = RegionMatcher(
    (row["code"], row["name"], row["official_name"], row["short_name"]) for row in ROWS
)


def test_the_data_has_17_neighbourhoods():
    assert len(ROWS) == 17


def test_module_doctests():
    result = doctest.testmod(regions)
    assert result.attempted > 0
    assert result.failed == 0


# --- region_key ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("왕십리2동", "왕십리2동"),
        ("왕십리제2동", "왕십리2동"),
        ("왕십리 제2동", "왕십리2동"),
        ("왕십리 2동", "왕십리2동"),
        ("성수1가제1동", "성수1가1동"),
        ("금호2·3가동", "금호2.3가동"),
        ("금호2.3가동", "금호2.3가동"),
        ("금호2,3가동", "금호2.3가동"),
        ("금호2，3가동", "금호2.3가동"),
        ("금호2ㆍ3가동", "금호2.3가동"),
        ("금호2\u119e3가동", "금호2.3가동"),  # ㆍ after NFKC
        ("금호2‧3가동", "금호2.3가동"),
        ("금호2・3가동", "금호2.3가동"),
        ("금호2･3가동", "금호2.3가동"),
        ("금호 2·3가동", "금호2.3가동"),
        ("금2.3", "금2.3"),
        ("성1-1", "성1-1"),
        ("성1\u20131", "성1-1"),
        ("성１－１", "성1-1"),
        ("\u00a0마장동\u3000", "마장동"),
        ("마\u200b장동", "마장동"),
        ("제기동", "제기동"),  # 제 not before a digit is part of the name
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_region_key(text, expected):
    assert region_key(text) == expected


def test_normalize_is_region_key():
    assert RegionMatcher.normalize("왕십리 제2동") == region_key("왕십리 제2동")
    assert MATCHER.normalize("금호2,3가동") == "금호2.3가동"


# --- Matching the 17 neighbourhoods -------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
@pytest.mark.parametrize("column", ["name", "official_name", "short_name"])
def test_every_name_matches_its_region(row, column):
    assert MATCHER.match(row[column]) == row["code"]


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
@pytest.mark.parametrize(
    "prefix", ["서울특별시 성동구 ", "서울시 성동구 ", "서울시 성동구", "성동구 "]
)
def test_every_name_matches_with_city_and_district(row, prefix):
    assert MATCHER.match(prefix + row["name"]) == row["code"]
    assert MATCHER.match(prefix + row["official_name"]) == row["code"]
    assert MATCHER.match(prefix + row["short_name"]) == row["code"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Official names
        ("왕십리제2동", "왕십리2동"),
        ("성수1가제1동", "성수1가1동"),
        ("성수2가제3동", "성수2가3동"),
        ("행당제2동", "행당2동"),
        ("금호2·3가동", "금호2·3가동"),
        # Common names
        ("왕십리2동", "왕십리2동"),
        ("행당1동", "행당1동"),
        # Short names
        ("왕도", "왕십리도선동"),
        ("왕2", "왕십리2동"),
        ("성1-1", "성수1가1동"),
        ("성1-2", "성수1가2동"),
        ("성2-1", "성수2가1동"),
        ("성2-3", "성수2가3동"),
        ("금2.3", "금호2·3가동"),
        ("금2·3", "금호2·3가동"),
        ("금1", "금호1가동"),
        ("금4", "금호4가동"),
        ("행1", "행당1동"),
        ("행2", "행당2동"),
        # Spelling variants
        ("금호2.3가동", "금호2·3가동"),
        ("금호2,3가동", "금호2·3가동"),
        ("금호 2·3가동", "금호2·3가동"),
        ("금호2ㆍ3가동", "금호2·3가동"),
        ("금호2・3가동", "금호2·3가동"),
        ("왕십리 2동", "왕십리2동"),
        ("왕십리 제2동", "왕십리2동"),
        ("성수1가 1동", "성수1가1동"),
        ("성수 1가 제1동", "성수1가1동"),
        ("왕십리 도선동", "왕십리도선동"),
        ("  마장동\u00a0", "마장동"),
        ("성1–1", "성수1가1동"),
        # City and district
        ("서울특별시 성동구 왕십리2동", "왕십리2동"),
        ("서울특별시 성동구 금호2,3가동", "금호2·3가동"),
        ("서울시 성동구 행당1동", "행당1동"),
        ("서울시 성동구왕십리도선동", "왕십리도선동"),
        ("서울 성동구 옥수동", "옥수동"),
        ("성동구 마장동", "마장동"),
        ("성동구 성1-1", "성수1가1동"),
        ("성동구 왕2", "왕십리2동"),
        ("서울특별시성동구왕십리제2동", "왕십리2동"),
        ("서울특별시 성동구 마장", "마장동"),
        # Names without 동
        ("마장", "마장동"),
        ("옥수", "옥수동"),
        ("송정", "송정동"),
        ("용답", "용답동"),
        ("사근", "사근동"),
        ("응봉", "응봉동"),
        ("왕십리도선", "왕십리도선동"),
        ("왕십리2", "왕십리2동"),
        ("왕십리제2", "왕십리2동"),
        ("행당1", "행당1동"),
        ("금호4가", "금호4가동"),
        ("금호2·3가", "금호2·3가동"),
        ("성수1가1", "성수1가1동"),
    ],
)
def test_match(text, name):
    assert MATCHER.match(text) == CODE[name]


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "성수동",  # four neighbourhoods
        "금호동",
        "행당동",
        "왕십리동",
        "성수1가동",
        "성동구",
        "서울특별시",
        "서울특별시 성동구",
        "왕3",
        "성1-3",
        "행3",
        "역삼동",
        "강남구 역삼동",
        "서울특별시 강남구 압구정동",
        "1120052000",
    ],
)
def test_match_returns_none(text):
    assert MATCHER.match(text) is None


# --- Distinctness -------------------------------------------------------------------------


def test_no_key_is_shared_by_two_regions():
    assert MATCHER.ambiguous_keys == frozenset()
    keys = {row["code"]: MATCHER.keys_for(row["code"]) for row in ROWS}
    for (code_a, keys_a), (code_b, keys_b) in itertools.combinations(keys.items(), 2):
        assert not keys_a & keys_b, (code_a, code_b)


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_every_region_has_its_names_and_stem_as_keys(row):
    keys = MATCHER.keys_for(row["code"])
    assert region_key(row["name"]) in keys
    assert region_key(row["official_name"]) in keys
    assert region_key(row["short_name"]) in keys
    assert region_key(row["name"])[:-1] in keys


@pytest.mark.parametrize(
    ("a", "b"),
    [("왕2", "왕도"), ("행1", "행2"), ("성1-1", "성1-2"), ("성2-1", "성2-3"), ("금1", "금4")]
    + [("성1-1", "성2-1"), ("금2.3", "금1"), ("왕십리2동", "왕십리도선동")],
)
def test_similar_names_stay_distinct(a, b):
    assert MATCHER.match(a) is not None
    assert MATCHER.match(b) is not None
    assert MATCHER.match(a) != MATCHER.match(b)


# --- Building matchers --------------------------------------------------------------------


def test_matcher_from_objects():
    objects = [
        SimpleNamespace(pk=7, name="왕십리2동", official_name="왕십리제2동", short_name="왕2"),
        SimpleNamespace(pk=8, name="마장동", official_name="", short_name=""),
    ]
    matcher = RegionMatcher(objects)
    assert matcher.match("왕십리 제2동") == 7
    assert matcher.match("마장") == 8


def test_matcher_from_objects_with_another_key_attribute():
    objects = [SimpleNamespace(code="1120054000", name="마장동")]
    assert RegionMatcher(objects, key_attr="code").match("마장동") == "1120054000"


def test_matcher_from_short_tuples():
    matcher = RegionMatcher([(1, "마장동"), (2, "사근동", "사근동")])
    assert matcher.match("마장") == 1
    assert matcher.match("사근동") == 2


def test_a_name_shared_by_two_regions_matches_nothing():
    matcher = RegionMatcher([(1, "가동", "", "가"), (2, "나동", "", "가")])
    assert matcher.match("가") is None
    assert matcher.ambiguous_keys == frozenset({"가"})
    assert matcher.match("가동") == 1
    assert matcher.match("나동") == 2


def test_a_full_name_wins_over_another_regions_stem():
    matcher = RegionMatcher([(1, "행1동", "", ""), (2, "행당1동", "행당제1동", "행1")])
    assert matcher.match("행1") == 2
    assert matcher.match("행1동") == 1
    assert matcher.ambiguous_keys == frozenset()


def test_an_empty_matcher_matches_nothing():
    assert RegionMatcher([]).match("마장동") is None
