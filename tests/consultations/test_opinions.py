"""Residents' opinions through the page (Django's test client): storing, refusing, showing."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov_plugin.consultations.models import Opinion
from egov_plugin.people.models import ConsentRecord, Person
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def post(client, page, data, **extra):
    return client.post(page.url, data, **extra)


def test_an_opinion_is_stored_with_its_own_snapshot_consent_and_channel(
    client, consultation, opinion_data, regions
):
    response = post(client, consultation, {**opinion_data, "ch": "facebook"})
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.channel_detail) == ("social", "facebook")
    assert opinion.status == "published"
    assert (opinion.gender, opinion.age_band, opinion.region) == ("M", "30s", regions["마장동"])
    # No contact was verified on this page: the opinion keeps its own contacts and the
    # consent given (version and time), and nobody is added to or linked in the registry.
    assert opinion.mobile == "010-1234-5678" and opinion.person is None
    assert opinion.consent_version == "1" and opinion.consent_at is not None
    assert Person.objects.count() == 0 and ConsentRecord.objects.count() == 0
    thanks = client.get(response["Location"])
    assert "게시" in thanks.content.decode() or "published" in thanks.content.decode()


def test_an_unverified_opinion_never_rewrites_the_registry(client, consultation, opinion_data):
    """Someone else's mobile number and a new e-mail address: the person is left alone."""
    known = PersonFactory(name="김민수", mobile="010-1234-5678", email="minsu@example.com",
                          gender="")  # fmt: skip
    by_email = PersonFactory(name="이영희", mobile=None, email="lee@example.com")
    post(client, consultation, {**opinion_data, "email": "attacker@example.net"})
    post(client, consultation, {**opinion_data, "mobile": "", "email": "LEE@example.com",
                                "text": "다른 의견입니다. 놀이터를 넓혀 주세요."})  # fmt: skip
    assert [o.person for o in Opinion.objects.order_by("pk")] == [None, None]
    known.refresh_from_db()
    by_email.refresh_from_db()
    assert (known.email, known.gender) == ("minsu@example.com", "")
    assert by_email.email == "lee@example.com"
    assert not ConsentRecord.objects.exists()  # no consent in their name
    assert Person.objects.count() == 2
    opinion = Opinion.objects.order_by("pk").first()
    assert opinion.email == "attacker@example.net"  # the opinion keeps what was typed


@pytest.fixture
def sms_outbox(settings):
    from egov_plugin.core import sms

    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _code(outbox):
    import re

    return re.search(r"\d{6}", outbox[-1].text).group()


def test_an_sms_verified_opinion_links_by_mobile_and_records_consent(
    client, consultation_index, opinion_data, sms_outbox
):
    page = make_consultation(consultation_index, "문자 확인 정책", identity_check="sms")
    known = PersonFactory(name="김민수", mobile="010-1234-5678", email="minsu@example.com",
                          gender="")  # fmt: skip
    data = {**opinion_data, "email": "new@example.net"}
    assert post(client, page, {**data, "action": "send_code"}).status_code == 200
    response = post(client, page, {**data, "code": _code(sms_outbox)})
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.person == known
    known.refresh_from_db()
    # The phone was proven, the e-mail address was not: it stays on the opinion only.
    assert known.email == "minsu@example.com" and opinion.email == "new@example.net"
    assert known.gender == "M"  # an empty field filled in by the person themselves
    consent = ConsentRecord.objects.get(person=known)
    assert consent.channel == "personal_data" and consent.wording_version == "1"
    assert "수집·이용 목적" in consent.wording


def test_a_wrong_sms_code_stores_nothing(client, consultation_index, opinion_data, sms_outbox):
    page = make_consultation(consultation_index, "문자 확인 정책", identity_check="sms")
    PersonFactory(mobile="010-1234-5678")
    post(client, page, {**opinion_data, "action": "send_code"})
    wrong = "000000" if _code(sms_outbox) != "000000" else "111111"
    response = post(client, page, {**opinion_data, "code": wrong})
    assert response.status_code == 400 and "code" in response.context["form"].errors
    assert Opinion.objects.count() == 0 and ConsentRecord.objects.count() == 0


def test_mobile_and_desktop_channels(client, consultation, opinion_data):
    post(client, consultation, opinion_data, HTTP_USER_AGENT="Mozilla/5.0 (iPhone; Mobile)")
    post(client, consultation, {**opinion_data, "mobile": "010-2222-3333"},
         HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64)")  # fmt: skip
    assert list(Opinion.objects.order_by("pk").values_list("channel", flat=True)) == [
        "mobile", "homepage"]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"mobile": "", "email": ""}, "mobile"),
        ({"mobile": "02-123-4567"}, "mobile"),
        ({"text": "가" * 2001}, "text"),
        ({"text": "짧"}, "text"),
        ({"region": "999999"}, "region"),
        ({"website": "http://spam.example"}, "website"),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_stores_nothing(
    client, consultation, opinion_data, change, field
):
    response = post(client, consultation, {**opinion_data, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Opinion.objects.count() == 0 and Person.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


def test_after_the_closing_time_nothing_is_stored(
    client, consultation_index, opinion_data, regions
):
    closed = make_consultation(consultation_index, "지난 정책", opens=-30, closes=-1)
    response = post(client, closed, opinion_data)
    assert response.status_code == 403
    assert "의견을 받지 않습니다" in response.content.decode() or Opinion.objects.count() == 0
    assert Opinion.objects.count() == 0


def test_the_same_opinion_twice_is_refused(client, consultation, opinion_data):
    assert post(client, consultation, opinion_data).status_code == 302
    again = post(client, consultation, {**opinion_data, "text": "  " + opinion_data["text"] + " "})
    assert again.status_code == 409
    assert Opinion.objects.count() == 1


def test_rate_limit_per_ip(client, consultation, opinion_data, settings):
    settings.EGOV_OPINION_PER_IP_PER_HOUR = 2
    for i in range(2):
        assert (
            post(client, consultation, {**opinion_data, "mobile": f"010-5555-000{i}"}).status_code
            == 302
        )
    response = post(client, consultation, {**opinion_data, "mobile": "010-5555-0009"})
    assert response.status_code == 429
    assert Opinion.objects.count() == 2


def test_review_moderation_keeps_the_opinion_unpublished(
    client, consultation_index, opinion_data, regions
):
    page = make_consultation(consultation_index, "검토 후 게시", moderation="review")
    post(client, page, opinion_data)
    assert Opinion.objects.get().status == "pending"
    assert opinion_data["text"] not in client.get(page.url).content.decode()


def test_published_opinions_are_escaped_masked_and_answered(client, consultation, regions):
    Opinion.objects.create(
        page=consultation,
        name="박지훈",
        text="<script>alert(1)</script> 좋아요",
        region=regions["옥수동"],
        answer="검토하겠습니다.",
    )
    html = client.get(consultation.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 좋아요" in html
    assert "<script>alert(1)" not in html
    assert "박*훈" in html and "박지훈" not in html
    assert "검토하겠습니다." in html and "옥수동" in html


def test_queries_per_page_do_not_grow_with_the_number_of_opinions(client, consultation, regions):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(consultation.url).status_code == 200
        return len(ctx)

    Opinion.objects.bulk_create(
        Opinion(
            page=consultation,
            name="가나다",
            text=f"의견 {i}",
            region=regions["마장동"],
            contact_key=f"k{i}",
        )  # fmt: skip
        for i in range(3)
    )
    count_queries()  # warm caches (site, settings) so both counts compare like with like
    few = count_queries()
    Opinion.objects.bulk_create(
        Opinion(
            page=consultation,
            name="가나다",
            text=f"의견 {i}",
            region=regions["옥수동"],
            answer="답변",
            contact_key=f"m{i}",
        )  # fmt: skip
        for i in range(300)
    )
    assert count_queries() == few
