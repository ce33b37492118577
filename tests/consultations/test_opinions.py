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


def test_an_opinion_is_stored_with_person_snapshot_consent_and_channel(
    client, consultation, opinion_data, regions
):
    response = post(client, consultation, {**opinion_data, "ch": "facebook"})
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.channel_detail) == ("social", "facebook")
    assert opinion.status == "published"
    assert (opinion.gender, opinion.age_band, opinion.region) == ("M", "30s", regions["마장동"])
    person = opinion.person
    assert (person.mobile, person.source) == ("010-1234-5678", Person.Source.OPINION)
    consent = ConsentRecord.objects.get(person=person)
    assert consent.wording_version == opinion.consent_version == "1"
    assert "수집·이용 목적" in consent.wording
    thanks = client.get(response["Location"])
    assert "게시" in thanks.content.decode() or "published" in thanks.content.decode()


def test_an_opinion_is_matched_to_the_registry_by_phone_then_email(
    client, consultation, opinion_data
):
    known = PersonFactory(name="김민수", mobile="010-1234-5678", gender="")
    post(client, consultation, opinion_data)
    by_email = PersonFactory(name="이영희", mobile=None, email="lee@example.com")
    post(client, consultation, {**opinion_data, "mobile": "", "email": "LEE@example.com",
                                "text": "다른 의견입니다. 놀이터를 넓혀 주세요."})  # fmt: skip
    people = [o.person for o in Opinion.objects.order_by("pk")]
    assert people == [known, by_email]
    known.refresh_from_db()
    assert known.gender == "M"  # an empty field filled in, nothing overwritten
    assert Person.objects.count() == 2


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
        # Each count renders the opinion list afresh (no egov_opinion_list fragment yet), so
        # a page read from the fragment cache does not hide a query per opinion.
        cache.clear()
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
    count_queries()  # warm what is not cached by the cache (site, settings), like with like
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
