"""Counts on residents' pages read as Koreans write them: 의견 1,200건, not 의견 1200건."""

import pytest
from django.core.cache import cache

from egov_plugin.consultations.models import Opinion

pytestmark = pytest.mark.django_db


def test_a_consultation_counts_its_opinions_with_thousands_separators(client, consultation):
    Opinion.objects.bulk_create(
        Opinion(
            page=consultation,
            name="가나다",
            text=f"의견 {i}",
            status=Opinion.Status.PUBLISHED,
            contact_key=f"k{i}",
            text_hash=str(i),
        )
        for i in range(1200)
    )
    cache.clear()
    body = client.get(consultation.url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "의견 1,200건" in body
    assert "1200건" not in body
