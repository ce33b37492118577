"""KISA 웹 취약점 항목 「프로세스 검증 누락」 (Process Validation Missing).

항목: 여러 단계로 이루어진 업무(본인 확인 → 투표, 인증번호 확인 → 의견 등록, 승인 → 발송)에서
앞 단계를 건너뛰고 뒤 단계의 요청을 직접 보내거나, 끝난 단계를 되돌리거나, 확인하지 않은 값으로
저장된 정보를 바꿀 수 있는지 점검한다.

The item: in a flow of several steps (verify → vote, code → opinion, approval → send), can a
request skip a step by being sent directly, reuse or forge a step, change what a finished step
locked, or let unverified input change what is stored?

Attacks tried against this project's own routes, and the controls that stop them:

- **Ballot without the verified step**: posting ``ballot/`` directly, posting the code step
  with no code requested, a ballot naming another number. Control: ``budgeting.voting`` — the
  number comes only from the session's verified state, set after a correct SMS code and bound
  to the vote.
- **Opinion SMS check bypass**: posting the opinion without a code, with a code sent to another
  number, or with a code already spent. Control: ``core.verification.check_code`` in
  ``ConsultationMixin._accept`` (one code, one number, one use).
- **Unverified contacts rewriting the registry** (issue 13 item 4): an opinion with someone's
  mobile and a new e-mail, a mail with a forged ``From:``. Control: ``people.linking`` — only a
  verified contact links; nothing of an existing person changes; no consent in their name.
- **Campaign send without approval by posting ``action=start`` directly** (issue 13 item 3),
  under each of the site's rules (all, SMS, over N recipients), and an approval whose approver
  lost the right. Control: ``outreach.approval.check_start`` in ``sending.start_campaign``.
- **Changing a locked campaign** (posting the edit form of a campaign that is sending).
  Control: ``CampaignEditView.form_valid`` re-reads the status under a row lock.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.urls import reverse

from egov_plugin.budgeting.models import Ballot
from egov_plugin.consultations.models import Opinion
from egov_plugin.core import sms
from egov_plugin.outreach import approval
from egov_plugin.outreach.models import Campaign, Delivery
from egov_plugin.people.models import ConsentRecord
from tests.budgeting.conftest import ballot_data, url, verify
from tests.budgeting.factories import BudgetVotePageFactory
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms_in_memory(settings):
    """SMS kept in memory, no quiet period, fresh rate limits; the site's default approval."""
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    settings.EGOV_OUTREACH_QUIET_START = settings.EGOV_OUTREACH_QUIET_END = "00:00"
    settings.EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    # A campaign with a link (e-mail: the unsubscribe link) refuses to start on localhost.
    settings.EGOV_PUBLIC_BASE_URL = "http://testserver"
    sms.outbox.clear()
    cache.clear()
    yield sms.outbox
    sms.outbox.clear()


def _code(outbox, phone):
    message = next(m for m in reversed(outbox) if m.to == phone)
    return re.search(r"\d{6}", message.text).group()


# -- Participatory budget: verify, then vote ---------------------------------------------------


@pytest.fixture
def vote(regions):
    return BudgetVotePageFactory()


def test_a_ballot_posted_without_the_verified_step_is_refused(client, vote, regions):
    response = client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert response.status_code in (400, 403)
    assert not Ballot.objects.exists()
    # The code step without a code requested first goes nowhere either.
    response = client.post(url(vote, "verify/code/"), {"code": "123456"})
    assert response.status_code != 302 or not response["Location"].endswith("/ballot/")
    assert client.post(url(vote, "ballot/"), ballot_data(vote, regions)).status_code in (400, 403)
    assert not Ballot.objects.exists()


def test_the_ballot_counts_for_the_verified_number_not_a_posted_one(
    client, vote, regions, sms_in_memory
):
    from egov_plugin.budgeting.voting import phone_hash

    verify(client, vote, sms_in_memory, phone="010-1234-5678")
    response = client.post(url(vote, "ballot/"), ballot_data(vote, regions, phone="010-9999-0000"))
    assert response.status_code == 302
    assert Ballot.objects.get().phone_hash == phone_hash("010-1234-5678")
    # The verified state is spent: a second ballot on the same session is refused.
    again = client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert again.status_code in (400, 403, 409) and Ballot.objects.count() == 1


def test_a_verification_for_one_vote_does_not_open_another(client, vote, regions, sms_in_memory):
    other = BudgetVotePageFactory()
    verify(client, vote, sms_in_memory)
    response = client.post(url(other, "ballot/"), ballot_data(other, regions))
    assert response.status_code in (400, 403) and not Ballot.objects.exists()


# -- Opinions: the SMS check and the registry ----------------------------------------------


@pytest.fixture
def sms_page(consultation_index):
    return make_consultation(consultation_index, "문자 확인 정책", identity_check="sms")


def test_an_opinion_without_a_code_or_with_another_numbers_code_is_refused(
    client,
    sms_page,
    opinion_data,
    sms_in_memory,
):
    response = client.post(sms_page.url, opinion_data)
    assert response.status_code == 400 and "code" in response.context["form"].errors
    # A code sent to the attacker's own phone, used for the victim's number.
    own = {**opinion_data, "mobile": "010-0555-0000"}
    client.post(sms_page.url, {**own, "action": "send_code"})
    code = _code(sms_in_memory, "010-0555-0000")
    response = client.post(sms_page.url, {**opinion_data, "code": code})
    assert response.status_code == 400 and "code" in response.context["form"].errors
    assert not Opinion.objects.exists() and not ConsentRecord.objects.exists()


def test_a_spent_code_does_not_verify_a_second_opinion(
    client,
    sms_page,
    opinion_data,
    sms_in_memory,
):
    client.post(sms_page.url, {**opinion_data, "action": "send_code"})
    code = _code(sms_in_memory, opinion_data["mobile"])
    assert client.post(sms_page.url, {**opinion_data, "code": code}).status_code == 302
    second = {**opinion_data, "text": "두 번째 의견입니다. 벤치를 늘려 주세요.", "code": code}
    response = client.post(sms_page.url, second)
    assert response.status_code == 400
    assert Opinion.objects.count() == 1


def test_an_opinion_with_someone_elses_number_changes_nothing_of_theirs(
    client,
    consultation,
    opinion_data,
):
    victim = PersonFactory(name="김민수", mobile=opinion_data["mobile"], email="minsu@example.com")
    response = client.post(consultation.url, {**opinion_data, "email": "attacker@example.net"})
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.email == "minsu@example.com"
    assert not victim.consents.exists()
    assert Opinion.objects.get().person is None


def test_a_mail_with_a_forged_from_links_to_nobody(consultation):
    from egov_plugin.imports.mail import create_opinion, store_mail

    victim = PersonFactory(name="이영희", mobile=None, email="lee@example.com")
    raw = (
        "From: =?utf-8?b?7J207JiB7Z2s?= <lee@example.com>\r\n"
        "To: minwon@example.go.kr\r\n"
        "Subject: 공원 의견\r\n"
        "Message-ID: <forged-1@example.net>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "놀이터를 없애 주세요.\r\n"
    ).encode()
    mail = store_mail(raw)
    opinion = create_opinion(mail, consultation)
    assert opinion.email == "lee@example.com" and opinion.person is None
    victim.refresh_from_db()
    assert victim.email == "lee@example.com" and not victim.consents.exists()
    assert (opinion.gender, opinion.age_band, opinion.region_id) == ("", "", None)


# -- Campaigns: approval, then sending; nothing changes once sending ----------------------


@pytest.fixture
def reachable(regions):
    """Three SMS subscribers (and e-mail for two)."""
    return [
        SubscriberFactory(person=PersonFactory(), sms_consent=True, email_consent=i < 2).person
        for i in range(3)
    ]


def _campaign(author, **fields):
    values = {"name": "공청회 안내", "message": "{name}님, 의견을 주세요", "send_sms": True}
    values.update(fields)
    return Campaign.objects.create(created_by=author, **values)


def _start(client, campaign):
    return client.post(
        reverse("egov_outreach_campaigns:send", args=[campaign.pk]), {"action": "start"}
    )


@pytest.mark.parametrize(
    ("rule", "fields", "needs"),
    [
        ({}, {}, True),  # the default: every campaign
        ({"ALL": False}, {}, True),  # every SMS campaign
        ({"ALL": False}, {"send_sms": False, "send_email": True}, False),
        ({"ALL": False, "SMS": False, "OVER": 2}, {}, True),  # 3 recipients > 2
        ({"ALL": False, "SMS": False, "OVER": 3}, {}, False),
    ],
)
def test_starting_by_a_direct_post_follows_the_sites_approval_rule(
    settings, admin_client_for, administrator, reachable, rule, fields, needs
):
    for key, value in rule.items():
        setattr(settings, f"EGOV_OUTREACH_APPROVAL_{key}", value)
    campaign = _campaign(administrator, **fields)
    _start(admin_client_for(administrator), campaign)
    campaign.refresh_from_db()
    if needs:
        assert campaign.status == Campaign.Status.DRAFT
        assert not Delivery.objects.exists() and not sms.outbox
    else:
        assert campaign.status != Campaign.Status.DRAFT and Delivery.objects.exists()


def test_the_author_cannot_untick_approval_and_send_to_everyone(
    admin_client_for, policy_staff, reachable
):
    """The old form offered "requires approval" as a checkbox: left unticked (the field is
    simply not posted), a 정책 담당 started an unapproved campaign to the whole registry."""
    client = admin_client_for(policy_staff)
    response = client.post(
        reverse("egov_outreach_campaigns:add"),
        {
            "name": "전체 안내",
            "kind": "message",
            "message": "{name}님, 안내입니다",
            "send_sms": "on",
            "audience_group": "subscriber",
        },  # fmt: skip
    )
    assert response.status_code == 302, response.context["form"].errors
    campaign = Campaign.objects.get()
    _start(client, campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    assert not Delivery.objects.exists() and not sms.outbox


def test_an_approval_by_someone_who_lost_the_right_does_not_count(
    admin_client_for, administrator, django_user_model, reachable
):
    reviewer = django_user_model.objects.create_user(username="reviewer", password="pw")
    permission = Permission.objects.get(codename="approve_campaign")
    reviewer.user_permissions.add(permission)
    campaign = _campaign(administrator)
    approval.approve(campaign, type(reviewer).objects.get(pk=reviewer.pk))
    reviewer.user_permissions.remove(permission)
    _start(admin_client_for(administrator), campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and campaign.approved_by is None
    assert not Delivery.objects.exists()


def test_an_approved_campaign_starts_once(
    admin_client_for, administrator, django_user_model, reachable
):
    reviewer = django_user_model.objects.create_user(username="reviewer", password="pw")
    reviewer.user_permissions.add(Permission.objects.get(codename="approve_campaign"))
    campaign = _campaign(administrator)
    approval.approve(campaign, type(reviewer).objects.get(pk=reviewer.pk))
    client = admin_client_for(administrator)
    _start(client, campaign)
    _start(client, campaign)
    assert Delivery.objects.filter(campaign=campaign).count() == 3
    assert len(sms.outbox) == 3


def test_only_the_systems_own_outcome_notice_skips_approval(administrator):
    notice = Campaign(kind=Campaign.Kind.OUTCOME, name="결과 안내", message="결과", send_sms=True)
    assert approval.required(notice) is False  # started by publishing the outcome
    assert approval.required(notice, user=administrator) is True  # started by hand
    notice.created_by = administrator
    assert approval.required(notice) is True


def test_a_locked_campaign_cannot_be_changed_by_posting_its_form(admin_client_for, administrator):
    campaign = _campaign(administrator, status=Campaign.Status.SENDING)
    response = admin_client_for(administrator).post(
        reverse("egov_outreach_campaigns:edit", args=[campaign.pk]),
        {"name": "공청회 안내", "kind": "message", "message": "바꾼 내용 {name}", "send_sms": "on"},
    )
    assert response.status_code in (200, 302)
    campaign.refresh_from_db()
    assert campaign.message == "{name}님, 의견을 주세요"
    assert campaign.status == Campaign.Status.SENDING
