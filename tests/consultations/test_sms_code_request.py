"""SMS codes are sent only where a consultation checks mobile numbers by SMS (issue 13, item 11).

KISA 프로세스 검증 누락 / 자동화 공격: the "send a code" step must belong to the flow of the page it
is posted to. Without the check, anyone could make the district text any number (cost, and
harassment in the district's name) through a consultation that never asks for a code.
"""

import pytest
from django.core.cache import cache
from django.utils import translation

from egov_plugin.core import sms
from egov_plugin.core.models import VerificationCode
from tests.consultations.conftest import make_consultation

pytestmark = pytest.mark.django_db

REFUSED = "This consultation does not check mobile numbers by SMS."


@pytest.fixture(autouse=True)
def _memory_sms(settings):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()


def ask_for_code(client, page, mobile="010-5555-1234"):
    return client.post(page.url, {"action": "send_code", "mobile": mobile, "name": "김민수"})


@pytest.mark.parametrize("identity_check", ["none", "email"])
def test_no_code_is_sent_where_none_is_checked(client, consultation_index, identity_check):
    page = make_consultation(consultation_index, "코드 없는 정책", identity_check=identity_check)
    response = ask_for_code(client, page)
    assert response.status_code == 400
    with translation.override("ko"):
        assert translation.gettext(REFUSED) in response.content.decode()
    assert sms.outbox == [] and not VerificationCode.objects.exists()


def test_the_refusal_reads_in_korean(client, consultation_index, settings):
    page = make_consultation(consultation_index, "코드 없는 정책")
    html = ask_for_code(client, page).content.decode()
    assert "이 정책 의견 수렴은 문자 인증을 하지 않아 인증번호를 보내지 않았습니다." in html


def test_a_consultation_with_an_sms_check_still_sends_its_code(client, consultation_index):
    page = make_consultation(consultation_index, "문자 인증 정책", identity_check="sms")
    response = ask_for_code(client, page)
    assert response.status_code == 200
    [message] = sms.outbox
    assert message.to == "010-5555-1234"
    assert VerificationCode.objects.filter(purpose=f"opinion:{page.pk}").count() == 1
