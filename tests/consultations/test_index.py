"""The consultation index: open first, filters, Korean-aware search, impossible filters."""

import pytest

from egov_plugin.committees.models import CommitteeField
from egov_plugin.core.models import Department
from tests.consultations.conftest import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(consultation_index, regions):
    budget = Department.objects.create(name="기획예산과")
    traffic = CommitteeField.objects.get(name="교통")
    past = make_consultation(
        consultation_index, "주민참여예산 사업 선정", opens=-60, closes=-30, department=budget
    )
    upcoming = make_consultation(consultation_index, "골목 주차 개선", opens=5, closes=30)
    upcoming.policy_fields.add(traffic)
    upcoming.save_revision().publish()
    current = make_consultation(consultation_index, "공원 청소를 함께 합시다")
    current.regions.add(regions["옥수동"])
    current.save_revision().publish()
    decided = make_consultation(
        consultation_index, "도서관 운영 시간", opens=-90, closes=-60, outcome="<p>연장</p>",
        outcome_published=True,
    )  # fmt: skip
    return {"past": past, "upcoming": upcoming, "current": current, "decided": decided,
            "budget": budget, "traffic": traffic}  # fmt: skip


def titles(client, index, **params):
    response = client.get(index.url, params)
    assert response.status_code == 200
    return [p.title for p in response.context["consultations"]]


def test_open_consultations_come_first(client, consultation_index, pages):
    listed = titles(client, consultation_index)
    assert listed[0] == "공원 청소를 함께 합시다"
    assert listed[1] == "골목 주차 개선"
    assert set(listed) == {p.title for k, p in pages.items() if k not in ("budget", "traffic")}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, ["공원 청소를 함께 합시다"]),
        ({"status": "upcoming"}, ["골목 주차 개선"]),
        ({"status": "closed"}, ["주민참여예산 사업 선정"]),
        ({"status": "decided"}, ["도서관 운영 시간"]),
        ({"q": "예산"}, ["주민참여예산 사업 선정"]),
        ({"q": "청소를"}, ["공원 청소를 함께 합시다"]),
        ({"q": "!!!"}, None),  # punctuation only: no filter at all
        ({"department": "999999"}, []),
        ({"department": "not-a-number"}, []),
        ({"status": "open", "q": "도서관"}, []),
    ],
)
def test_filters_and_search(client, consultation_index, pages, params, expected):
    listed = titles(client, consultation_index, **params)
    if expected is None:
        assert len(listed) == 4
    else:
        assert listed == expected


def test_filters_by_department_field_and_region(client, consultation_index, pages, regions):
    assert titles(client, consultation_index, department=pages["budget"].pk) == [
        "주민참여예산 사업 선정"
    ]
    assert titles(client, consultation_index, field=pages["traffic"].pk) == ["골목 주차 개선"]
    assert titles(client, consultation_index, region=regions["옥수동"].pk) == [
        "공원 청소를 함께 합시다"
    ]
