"""Fixtures of the privacy tests: English messages, consultations, people in groups."""

from datetime import timedelta

import pytest
from django.utils import timezone

from egov_plugin.consultations.models import ConsultationIndexPage, ConsultationPage, Opinion
from tests.sitedata import ensure_site


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in their English source form, whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def consultation_index(db):
    home = ensure_site()
    index = ConsultationIndexPage(title="정책 제안", slug="consultations")
    home.add_child(instance=index)
    return index


@pytest.fixture
def make_consultation(consultation_index):
    """``make_consultation(title, closed_days_ago)``: a consultation that closed that long ago
    (negative: still open)."""

    def make(title, closed_days_ago):
        now = timezone.now()
        page = ConsultationPage(
            title=title,
            slug=f"c-{abs(hash(title)) % 10**8}",
            summary=title,
            opens_at=now - timedelta(days=closed_days_ago + 30),
            closes_at=now - timedelta(days=closed_days_ago),
        )
        consultation_index.add_child(instance=page)
        return page

    return make


@pytest.fixture
def make_opinion(regions):
    def make(page, n, person=None, **fields):
        values = {
            "page": page,
            "person": person,
            "name": "김민수",
            "gender": "F",
            "age_band": "40s",
            "region": regions["마장동"],
            "mobile": f"010-7000-{n:04d}",
            "email": f"o{n}@example.com",
            "text": f"의견 {n}: 공원에 조명을 더 설치해 주세요.",
            "channel": Opinion.Channel.HOMEPAGE,
            "ip_address": "203.0.113.9",
        }
        values.update(fields)
        return Opinion.objects.create(**values)

    return make
