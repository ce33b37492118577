"""Korean-aware search: words inside inflected forms and compounds, names by any part.

Runs against the real database (SQLite, and PostgreSQL when DATABASE_URL points there).
"""

import doctest

import pytest

from egov_plugin.core import search
from egov_plugin.people.models import Person
from tests.factories import PersonFactory

TEXTS = {
    "a": "예산을 더 늘려 주세요",
    "b": "예산에서 빠진 항목이 있습니다",
    "c": "주민참여예산 제도가 좋아요",
    "d": "골목 청소를 했습니다",
    "e": "공원 산책로 정비",
    "f": "Budget REVIEW meeting",
}


@pytest.fixture
def memos(db):
    return {key: PersonFactory(name=f"사람{key}", memo=text).pk for key, text in TEXTS.items()}


def _found(memos, query, fields=("memo",)):
    pks = set(search.search(Person.objects.all(), fields, query).values_list("pk", flat=True))
    return {key for key, pk in memos.items() if pk in pks}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("예산", {"a", "b", "c"}),
        ("예산을", {"a", "b", "c"}),  # the particle the person typed does not narrow it
        ("주민참여예산", {"c"}),
        ("청소", {"d"}),
        ("청소를", {"d"}),
        ("예산 항목", {"b"}),  # terms combine with AND
        ("budget", {"f"}),
        ("ＢＵＤＧＥＴ", {"f"}),  # full-width letters
        ("도서관", set()),
    ],
)
def test_words_inside_inflected_forms_and_compounds(memos, query, expected):
    assert _found(memos, query) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"), [("민수", {"김민수", "남궁민수"}), ("김", {"김민수"})]
)
def test_names_by_any_part(query, expected):
    for name in ("김민수", "남궁민수", "이서연"):
        PersonFactory(name=name)
    found = search.search(Person.objects.all(), ["name"], query)
    assert {p.name for p in found} == expected


@pytest.mark.parametrize("query", ["", "   ", "!!!", "…", None])
def test_empty_or_punctuation_only_queries_do_not_filter(query):
    assert search.split_terms(query) == []
    assert not search.is_searchable(query)
    assert search.text_filter(["memo"], query) is None


def test_highlight_escapes_everything_but_the_marks():
    html = str(search.highlight("<b>예산</b>을 늘려요", "예산을"))
    assert html == "&lt;b&gt;<mark>예산</mark>&lt;/b&gt;을 늘려요"


def test_excerpt_centres_on_the_first_match():
    text = "가" * 200 + " 예산 " + "나" * 200
    snippet = search.excerpt(text, "예산", width=40)
    assert "예산" in snippet and snippet.startswith("…") and snippet.endswith("…")


def test_doctests():
    assert doctest.testmod(search).failed == 0
