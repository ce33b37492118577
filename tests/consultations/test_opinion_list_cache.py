"""The rendered opinion list is cached per state: every change a resident must see shows at once."""

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
