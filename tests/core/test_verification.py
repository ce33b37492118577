"""SMS verification codes: hashed, expiring, limited attempts, cool-down, rate limits."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from egov_plugin.core import sms, verification
from egov_plugin.core.models import VerificationCode
from egov_plugin.core.verification import VerificationError

PHONE = "010-1234-5678"
LOCMEM = {"EGOV_SMS_BACKEND": "egov_plugin.core.sms.LocmemBackend"}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_outbox")]


@pytest.fixture
def clean_outbox(settings):
    for key, value in LOCMEM.items():
        setattr(settings, key, value)
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()


def _sent_code():
    return "".join(ch for ch in sms.outbox[-1].text if ch.isdigit())[-6:]


def test_code_is_sent_hashed_and_accepted_once():
    record = verification.request_code("01012345678", "vote:1", ip="10.0.0.1")
    code = _sent_code()
    assert len(code) == 6 and sms.outbox[-1].to == PHONE
    assert code not in record.code_hash
    verification.check_code(PHONE, "vote:1", code)
    with pytest.raises(VerificationError) as exc:
        verification.check_code(PHONE, "vote:1", code)
    assert exc.value.code == "no_code"  # spent


def test_wrong_codes_are_counted_and_then_refused_even_if_right():
    verification.request_code(PHONE, "vote:1")
    code = _sent_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(VerificationError) as exc:
            verification.check_code(PHONE, "vote:1", wrong)
        assert exc.value.code == "wrong"
    assert VerificationCode.objects.get().attempts == 5
    with pytest.raises(VerificationError) as exc:
        verification.check_code(PHONE, "vote:1", code)
    assert exc.value.code == "too_many_attempts"


def test_expired_code_is_refused():
    verification.request_code(PHONE, "vote:1")
    VerificationCode.objects.update(expires_at=timezone.now())
    with pytest.raises(VerificationError) as exc:
        verification.check_code(PHONE, "vote:1", _sent_code())
    assert exc.value.code == "expired"


def test_resend_cooldown_and_limits_per_phone_and_ip():
    verification.request_code(PHONE, "vote:1", ip="10.0.0.9")
    with pytest.raises(VerificationError) as exc:
        verification.request_code(PHONE, "vote:1", ip="10.0.0.9")
    assert exc.value.code == "cooldown"
    with override_settings(EGOV_VERIFICATION_RESEND_SECONDS=0, EGOV_VERIFICATION_PER_IP_PER_HOUR=3):
        verification.request_code("010-2222-0001", "vote:1", ip="10.0.0.9")
        verification.request_code("010-2222-0002", "vote:1", ip="10.0.0.9")
        with pytest.raises(VerificationError) as exc:
            verification.request_code("010-2222-0003", "vote:1", ip="10.0.0.9")
        assert exc.value.code == "ip_limit"
    with override_settings(
        EGOV_VERIFICATION_RESEND_SECONDS=0, EGOV_VERIFICATION_PER_PHONE_PER_HOUR=2
    ):
        verification.request_code("010-3333-0001", "vote:2")
        verification.request_code("010-3333-0001", "vote:2")
        with pytest.raises(VerificationError) as exc:
            verification.request_code("010-3333-0001", "vote:2")
        assert exc.value.code == "phone_limit"


def test_codes_are_per_purpose():
    verification.request_code(PHONE, "vote:1")
    with pytest.raises(VerificationError) as exc:
        verification.check_code(PHONE, "vote:2", _sent_code())
    assert exc.value.code == "no_code"


def test_file_backend_writes_an_outbox(tmp_path):
    path = tmp_path / "outbox.jsonl"
    backend = sms.get_backend("egov_plugin.core.sms.FileBackend", path=str(path))
    sms.send_sms(PHONE, "안녕하세요", backend=backend)
    assert sms.read_file_outbox(path)[0]["text"] == "안녕하세요"


def test_console_backend_masks_the_number(capsys):
    sms.send_sms(PHONE, "hello", backend=sms.get_backend("egov_plugin.core.sms.ConsoleBackend"))
    out = capsys.readouterr().out
    assert "010-1234-****" in out and PHONE not in out
