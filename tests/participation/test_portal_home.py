"""The participation portal's home page and its blocks (issue 15, item 2)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from egov_plugin.budgeting.blocks import current_votes
from egov_plugin.consultations.blocks import open_consultations, published_outcomes
from egov_plugin.core.dday import dday_label
from egov_plugin.participation.figures import participation_figures

from .conftest import SECRET, make_consultation, opinion

pytestmark = pytest.mark.django_db


def test_open_consultations_nearest_deadline_first_with_counts_and_dday(portal):
    found = open_consultations(10)
    assert [p.title for p in found] == ["마감 임박 정책", "여유 있는 정책"]
    assert found[0].opinion_count == 3  # the hidden opinion is not counted
    assert found[0].dday == dday_label(portal["soon"].closes_at)
    assert found[0].dday.startswith("D-")


def test_no_closed_consultation_in_any_block(client, portal):
    assert SECRET not in [p.title for p in open_consultations(10)]
    assert SECRET not in [p.title for p in published_outcomes(10)]
    html = client.get("/").content.decode()
    assert SECRET not in html
    figures = participation_figures()
    assert figures["opinions"] == 4  # 3 + 1 published on public pages; not the expert's
    assert figures["consultations"] == 4 and figures["outcomes"] == 1


def test_outcomes_say_what_was_decided_and_from_how_many_opinions(portal):
    [outcome] = published_outcomes(3)
    assert outcome.title == "결정된 정책"
    assert outcome.opinion_count == 1 and outcome.answered_count == 1


def test_votes_open_first_then_upcoming_never_finished(portal):
    votes = current_votes(5)
    assert [v.title for v in votes] == ["열린 투표", "다가오는 투표"]
    assert votes[0].is_open_now and not votes[1].is_open_now


def test_the_home_page_shows_every_block_in_korean(client, portal):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "지금 의견을 듣고 있어요", "마감 임박 정책", "D-", "의견 3건",
        "주민참여예산 투표", "열린 투표", "다가오는 투표", "투표 예정",
        "의견이 이렇게 반영되었어요", "횡단보도 3곳", "이렇게 참여해요", "결과 듣기",
        "숫자로 보는 주민 참여", "내 참여 보기", "문의", "성동구청 기획예산과",
    ]:  # fmt: skip
        assert text in html, text
    assert "끝난 투표" not in html.split("주민참여예산 투표", 1)[1].split("</section>", 1)[0]
    assert "style=" not in html and "<script>" not in html  # CSP: nothing inline


def test_the_home_page_costs_the_same_queries_for_many_consultations(
    client, portal, consultation_index
):
    from django.core.cache import cache

    client.get("/")  # warm the template loading
    cache.clear()  # both measured requests start cold: the figures are counted in each
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for number in range(8):
        page = make_consultation(consultation_index, f"추가 정책 {number}", slug=f"more-{number}")
        opinion(page, "추가 의견")
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    assert "추가 정책" in html
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 30  # cold: site, menu, session, blocks, figures (27)


def test_the_cached_figures_count_a_new_opinion_at_once(portal):
    before = participation_figures()
    assert participation_figures() == before  # served from the cache
    opinion(portal["later"], "새 의견")
    assert participation_figures()["opinions"] == before["opinions"] + 1


def test_dday_labels():
    now = timezone.now()
    assert dday_label(now, now) == "D-day"
    assert dday_label(now + timedelta(days=3), now) == "D-3"
    assert dday_label(now - timedelta(days=1), now) == ""


def test_the_demo_fills_the_home_page_once_and_adds_the_policy(home, consultation_index, regions):
    import io
    import random

    from egov_plugin.privacy.policy import PrivacyPolicyPage
    from home.demo import create_home

    out = io.StringIO()
    create_home(scale=0.01, rng=random.Random(1), stdout=out)
    home.refresh_from_db()
    assert [b.block_type for b in home.body][:3] == [
        "open_consultations",
        "budget_votes",
        "outcomes",
    ]
    assert PrivacyPolicyPage.objects.live().count() == 1
    home.body = [("text", "<p>편집자가 바꾼 홈</p>")]
    home.save_revision().publish()
    create_home(scale=0.01, rng=random.Random(1), stdout=out)
    home.refresh_from_db()
    assert [b.block_type for b in home.body] == ["text"]  # an editor's change survives
    assert PrivacyPolicyPage.objects.count() == 1
