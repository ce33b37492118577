"""The rendered opinion list is cached per state: every change a resident must see shows at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from egov_plugin.consultations.models import Opinion

pytestmark = pytest.mark.django_db


def opinion(consultation, regions, text, **fields):
    return Opinion.objects.create(
        page=consultation, name="김민수", text=text, region=regions["마장동"], **fields
    )


def html(client, consultation):
    return client.get(consultation.url).content.decode()


def test_new_hidden_and_answered_opinions_show_at_once(client, consultation, regions):
    first = opinion(consultation, regions, "첫 번째 의견")
    assert "첫 번째 의견" in html(client, consultation)
    second = opinion(consultation, regions, "두 번째 의견")
    assert "두 번째 의견" in html(client, consultation)  # added
    Opinion.objects.filter(pk=first.pk).update(status=Opinion.Status.HIDDEN)
    assert "첫 번째 의견" not in html(client, consultation)  # hidden, even by a bulk update
    Opinion.objects.filter(pk=second.pk).update(
        answer="검토하겠습니다.", answered_at=timezone.now()
    )
    assert "검토하겠습니다." in html(client, consultation)  # answered


def test_a_repeated_view_skips_the_opinion_rows(client, consultation, regions):
    opinion(consultation, regions, "의견")
    html(client, consultation)
    with CaptureQueriesContext(connection) as queries:
        assert "의견" in html(client, consultation)
    assert not any('egov_consultations_opinion"."text"' in q["sql"] for q in queries)


def test_the_cached_head_follows_a_new_revision_and_the_status(client, consultation):
    assert consultation.title in html(client, consultation)
    consultation.title = "광장 조성 계획 (수정)"
    consultation.save_revision().publish()
    consultation.refresh_from_db()
    assert "광장 조성 계획 (수정)" in html(client, consultation)  # published: shown at once
    assert 'class="egov-status egov-status--open"' in html(client, consultation)
    type(consultation).objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    # Closed by the clock alone (no new revision): the status is part of the head's key.
    assert 'class="egov-status egov-status--closed"' in html(client, consultation)


def test_a_preview_is_never_served_from_or_stored_in_the_head_cache(rf, consultation):
    from django.contrib.auth.models import AnonymousUser

    def render(page, preview):
        request = rf.get(page.url)
        request.user, request.session = AnonymousUser(), {}
        request.is_preview = preview
        return page.serve(request).render().content.decode()

    assert consultation.title in render(consultation, False)  # the head is cached now
    consultation.title = "미리 보기 제목"  # a draft, not saved
    assert "미리 보기 제목" in render(consultation, True)
    consultation.refresh_from_db()
    assert "미리 보기 제목" not in render(consultation, False)
