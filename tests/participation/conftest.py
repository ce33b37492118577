"""Fixtures of the participation tests: an SMS outbox, a consultation, a resident's records."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from egov_plugin.consultations.models import Opinion
from egov_plugin.core import sms
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person
from home.demo import home_body
from tests.budgeting.factories import BudgetVotePageFactory
from tests.consultations.conftest import (  # noqa: F401 - fixtures
    consultation,
    consultation_index,
    home,
    make_consultation,
    opinion_data,
)

MOBILE = "010-2468-1357"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The figures are cached by the newest ids, which a rolled-back test may reuse."""
    cache.clear()
    yield
    cache.clear()


OTHER_MOBILE = "010-9999-0000"


@pytest.fixture
def outbox(settings):
    """SMS "sent" into memory; rate-limit counters cleared."""
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    cache.clear()
    yield sms.outbox
    sms.outbox.clear()


def last_code(outbox, phone):
    """The code in the newest message sent to ``phone``."""
    message = next(m for m in reversed(outbox) if m.to == phone)
    return re.search(r"\d{6}", message.text).group()


def opinion(page, text, *, person=None, mobile="", email="", name="김민수", **fields):
    return Opinion.objects.create(
        page=page, person=person, name=name, mobile=mobile, email=email, text=text,
        consent_version="1", consent_at=timezone.now(), **fields,
    )  # fmt: skip


@pytest.fixture
def resident(db):
    """A registry person with an SMS consent given under a known wording."""
    person = Person.objects.create(name="김민수", mobile=MOBILE, source=Person.Source.OPINION)
    consent.grant(
        person,
        ConsentRecord.Channel.SMS,
        wording="성동구 정책 소식을 문자로 받는 데 동의합니다.",
        wording_version="sms-3",
        source="가입",
    )
    return person


def prove(client, outbox, phone=MOBILE):
    """Prove ``phone`` through the real steps of 내 참여; returns the client."""
    response = client.post("/my/", {"phone": phone})
    assert response.status_code == 302 and response["Location"] == "/my/code/"
    response = client.post("/my/code/", {"code": last_code(outbox, phone)})
    assert response.status_code == 302 and response["Location"] == "/my/"
    return client


SECRET = "비공개 전문가 검토 안건"


@pytest.fixture
def portal(home, consultation_index, regions):  # noqa: F811 - the imported fixtures
    """Open, closing-soon, upcoming, decided and closed (expert-only) consultations; votes."""
    soon = make_consultation(consultation_index, "마감 임박 정책", closes=2, slug="soon")
    later = make_consultation(consultation_index, "여유 있는 정책", closes=20, slug="later")
    make_consultation(consultation_index, "예정 정책", opens=3, closes=30, slug="upcoming")
    secret = make_consultation(
        consultation_index, SECRET, closes=5, slug="secret", visibility="closed"
    )
    decided = make_consultation(
        consultation_index, "결정된 정책", opens=-60, closes=-30, slug="done"
    )
    decided.outcome = "<p>주민 의견에 따라 횡단보도 3곳을 새로 놓습니다.</p>"
    decided.outcome_published = True
    decided.save_revision().publish()
    for number in range(3):
        opinion(soon, f"의견 {number}", mobile=f"010-1000-000{number}")
    opinion(soon, "숨긴 의견", status="hidden")
    opinion(decided, "반영된 의견", answer="반영하겠습니다.")
    opinion(secret, "비공개 의견")
    BudgetVotePageFactory(title="열린 투표", slug="vote-open")
    BudgetVotePageFactory(
        title="다가오는 투표", slug="vote-next",
        opens_at=timezone.now() + timedelta(days=5), closes_at=timezone.now() + timedelta(days=9),
    )  # fmt: skip
    BudgetVotePageFactory(
        title="끝난 투표", slug="vote-old",
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    home.body = home_body(consultation_index)
    home.save_revision().publish()
    return {"soon": soon, "later": later, "decided": decided, "secret": secret}
