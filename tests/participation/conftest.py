"""Fixtures of the participation tests: an SMS outbox, a consultation, a resident's records."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from egov_plugin.consultations.models import Opinion
from egov_plugin.core import sms
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person
from tests.consultations.conftest import (  # noqa: F401 - fixtures
    consultation,
    consultation_index,
    home,
    make_consultation,
    opinion_data,
)

MOBILE = "010-2468-1357"
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
