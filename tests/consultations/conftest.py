"""A consultation index under the site's home page, and consultations in each state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from egov_plugin.consultations.models import ConsultationIndexPage, ConsultationPage
from tests.sitedata import ensure_site


@pytest.fixture
def home(db):
    return ensure_site()


@pytest.fixture
def consultation_index(home):
    index = ConsultationIndexPage(title="정책 제안", slug="consultations")
    home.add_child(instance=index)
    return index


def make_consultation(index, title, *, opens=-1, closes=7, **fields):
    now = timezone.now()
    page = ConsultationPage(
        title=title,
        slug=fields.pop("slug", None) or f"c-{abs(hash(title)) % 10**8}",
        summary=fields.pop("summary", f"{title}에 대한 의견을 듣습니다."),
        opens_at=now + timedelta(days=opens),
        closes_at=now + timedelta(days=closes),
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def consultation(consultation_index, regions):
    return make_consultation(consultation_index, "주민참여예산 사업 제안")


@pytest.fixture
def opinion_data(regions):
    return {
        "name": "김민수",
        "gender": "M",
        "age_band": "30s",
        "region": str(regions["마장동"].pk),
        "mobile": "010-1234-5678",
        "email": "",
        "text": "공원 산책로에 조명을 더 설치해 주세요.",
        "stance": "agree",
        "consent": "on",
    }
