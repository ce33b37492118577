"""내 참여: a resident proves their number or address and sees only their own records (#15.4)."""

import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov_plugin.budgeting import voting
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import AuditEvent
from egov_plugin.participation import proof
from egov_plugin.people.models import ConsentRecord
from egov_plugin.privacy.models import DeletionRequest
from tests.budgeting.factories import BudgetVotePageFactory

from .conftest import MOBILE, OTHER_MOBILE, opinion, prove

pytestmark = pytest.mark.django_db


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def records(consultation, resident, regions):
    """The resident's linked opinion (answered, outcome published), an opinion given with their
    number but never verified, and another resident's opinion."""
    linked = opinion(
        consultation, "산책로에 조명을 더 달아 주세요.", person=resident, mobile=MOBILE,
        answer="올해 하반기에 조명 20개를 설치합니다.",
    )  # fmt: skip
    unverified = opinion(consultation, "벤치도 필요합니다.", mobile=MOBILE)
    other = opinion(consultation, "다른 사람의 비밀 의견", mobile=OTHER_MOBILE, name="이서연")
    consultation.outcome = "<p>조명 20개 설치를 예산에 반영했습니다.</p>"
    consultation.outcome_published = True
    consultation.save_revision().publish()
    return {"linked": linked, "unverified": unverified, "other": other}


def test_nothing_is_shown_without_a_proof(client, records):
    response = client.get("/my/")
    html = response.content.decode()
    assert response.status_code == 200 and no_store(response)
    assert 'name="phone"' in html
    assert "산책로" not in html and "벤치" not in html
    # Acting without a proof changes nothing.
    assert client.post("/my/consent/", {"channel": "sms"})["Location"] == "/my/"
    assert client.post("/my/deletion/")["Location"] == "/my/"
    assert not DeletionRequest.objects.exists()
    assert ConsentRecord.objects.filter(granted=False).count() == 0


def test_a_proved_number_sees_its_own_opinions_answer_outcome_and_nothing_else(
    client, outbox, records, resident
):
    prove(client, outbox)
    response = client.get("/my/")
    html = response.content.decode()
    assert response.status_code == 200 and no_store(response)
    assert response["Referrer-Policy"] == "same-origin"
    assert "산책로에 조명을 더 달아 주세요." in html
    assert "올해 하반기에 조명 20개를 설치합니다." in html  # the official answer
    assert "조명 20개 설치를 예산에 반영했습니다." in html  # the consultation's outcome
    assert "벤치도 필요합니다." in html  # given with this number, shown to its holder...
    assert "다른 사람의 비밀 의견" not in html and "이서연" not in html
    assert "성동구 정책 소식을 문자로 받는 데 동의합니다." in html  # the consent's wording
    assert "sms-3" in html
    # ...but not linked: only a contact proved when the opinion was given links it.
    records["unverified"].refresh_from_db()
    assert records["unverified"].person_id is None
    assert MOBILE not in html  # the number itself is shown masked


def test_every_showing_is_audited_as_the_persons_own_access(client, outbox, records, resident):
    prove(client, outbox)
    before = AuditEvent.objects.count()
    client.get("/my/")
    client.get("/my/")
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert len(events) == 2
    event = events[-1]
    assert event.action == AuditEvent.Action.VIEW
    assert event.actor is None and event.person_id == resident.pk
    assert event.data["own_access"] is True and event.data["proved_by"] == "mobile"
    assert sorted(event.data["opinions"]) == sorted(
        [records["linked"].pk, records["unverified"].pk]
    )
    assert MOBILE not in event.summary


def test_the_budget_receipt_of_the_proved_number_is_shown(client, outbox, regions, home):
    vote = BudgetVotePageFactory()
    project = vote.projects.first()
    ballot = voting.cast_ballot(
        vote, phone=MOBILE, region=regions["마장동"], age_band="30s", gender="F",
        projects=[project],
    )  # fmt: skip
    voting.cast_ballot(
        vote, phone=OTHER_MOBILE, region=regions["사근동"], age_band="40s", gender="M",
        projects=[project],
    )  # fmt: skip
    prove(client, outbox)
    html = client.get("/my/").content.decode()
    assert voting.format_receipt(ballot.receipt_code) in html
    assert vote.title in html and project.title in html
    assert "사근동" not in html  # the other voter's ballot


def test_the_proof_lasts_only_a_short_time(client, outbox, records):
    prove(client, outbox)
    session = client.session
    session[proof.SESSION_KEY]["until"] = time.time() - 1
    session.save()
    html = client.get("/my/").content.decode()
    assert "산책로" not in html and 'name="phone"' in html
    assert proof.SESSION_KEY not in client.session


def test_leaving_ends_the_proof_at_once(client, outbox, records):
    prove(client, outbox)
    assert client.post("/my/leave/").status_code == 302
    assert "산책로" not in client.get("/my/").content.decode()


def test_a_wrong_code_is_refused_in_korean(client, outbox, records):
    client.post("/my/", {"phone": MOBILE})
    response = client.post("/my/code/", {"code": "000000"})
    assert response.status_code == 400
    assert "인증번호" in response.content.decode()
    assert "산책로" not in client.get("/my/").content.decode()


def test_code_requests_are_rate_limited(client, outbox, settings):
    assert client.post("/my/", {"phone": MOBILE}).status_code == 302
    again = client.post("/my/", {"phone": MOBILE})
    assert again.status_code == 429
    assert "잠시 기다렸다가" in again.content.decode()  # the cool-down, in Korean
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0
    settings.EGOV_VERIFICATION_PER_IP_PER_HOUR = 1
    assert client.post("/my/", {"phone": "010-1000-2000"}).status_code == 429  # 2nd from this IP
    assert len(outbox) == 1


def test_a_bad_number_is_a_korean_400(client, outbox):
    response = client.post("/my/", {"phone": "12345"})
    assert response.status_code == 400 and outbox == []
    assert "휴대전화" in response.content.decode()


def test_the_confirmation_mail_carries_a_signed_link_that_proves_the_address(
    client, consultation_index, regions, opinion_data
):
    from tests.consultations.conftest import make_consultation

    page = make_consultation(consultation_index, "메일 확인 정책", identity_check="email")
    data = {**opinion_data, "mobile": "", "email": "minsu@example.org"}
    assert client.post(page.url, data).status_code == 302
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/my/link/" in line)
    assert "minsu" not in link  # the address never goes into the URL
    path = link[link.index("/my/link/") :]
    assert client.get(path)["Location"] == "/my/"
    html = client.get("/my/").content.decode()
    assert opinion_data["text"] in html
    assert "e-mail link" not in html


def test_a_tampered_or_spent_link_proves_nothing(client, consultation):
    given = opinion(consultation, "메일로 남긴 의견", email="a@example.org")
    token = proof.make_link_token(given)
    assert client.get(f"/my/link/{token}x/").status_code == 403
    Opinion.objects.filter(pk=given.pk).update(email="")  # anonymized since
    assert client.get(f"/my/link/{token}/").status_code == 403
    assert "메일로 남긴 의견" not in client.get("/my/").content.decode()


def test_withdrawing_a_consent_records_it_and_is_audited(client, outbox, records, resident):
    prove(client, outbox)
    response = client.post("/my/consent/", {"channel": "sms"})
    assert response.status_code == 302 and no_store(response)
    newest = resident.consents.filter(channel="sms").order_by("-recorded_at", "-pk").first()
    assert newest.granted is False and newest.source == "내 참여"
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == AuditEvent.Action.EDIT and event.data["consent_withdrawn"] == "sms"
    # Nothing left to withdraw: a second try is a 400, not a second record.
    assert client.post("/my/consent/", {"channel": "sms"}).status_code == 400
    assert client.post("/my/consent/", {"channel": "bogus"}).status_code == 400


def test_a_deletion_request_is_filed_once_for_staff(client, outbox, records, resident):
    prove(client, outbox)
    client.post("/my/deletion/")
    client.post("/my/deletion/")
    request = DeletionRequest.objects.get()
    assert request.person == resident and request.requester_contact == MOBILE
    assert request.verification == DeletionRequest.Verification.SMS_CODE
    assert request.status == DeletionRequest.Status.OPEN
    assert AuditEvent.objects.filter(action="create", object_id=str(request.pk)).count() == 1
    assert "10일" in client.get("/my/").content.decode()


def test_the_page_makes_as_many_queries_for_many_opinions_as_for_one(
    client, outbox, consultation_index, resident
):
    from tests.consultations.conftest import make_consultation

    first = make_consultation(consultation_index, "첫 정책")
    opinion(first, "하나", person=resident, mobile=MOBILE)
    prove(client, outbox)
    client.get("/my/")  # the first showing after the proof warms what every later one reuses
    with CaptureQueriesContext(connection) as one:
        client.get("/my/")
    for number in range(6):
        page = make_consultation(consultation_index, f"정책 {number}", slug=f"more-{number}")
        opinion(page, f"의견 {number}", person=resident, mobile=MOBILE, answer="답변")
    with CaptureQueriesContext(connection) as seven:
        html = client.get("/my/").content.decode()
    assert "의견 5" in html
    assert len(seven.captured_queries) == len(one.captured_queries)
