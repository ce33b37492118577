"""Dates in Asia/Seoul as Korean offices write them, counts with thousands separators, and
dotted dates accepted where staff type a period."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone, translation

from egov_plugin.core import dates

SEOUL = ZoneInfo("Asia/Seoul")


def test_a_moment_is_shown_in_seoul_time():
    # 22:02 UTC on 1 December is 07:02 on 2 December in Seoul.
    moment = datetime.datetime(2026, 12, 1, 22, 2, tzinfo=datetime.UTC)
    assert dates.local_datetime(moment) == "2026. 12. 2. 07:02"
    assert dates.local_date(moment) == "2026. 12. 2."
    assert dates.local_iso_date(moment) == "2026-12-02"


def test_a_future_date_is_a_date_not_just_now():
    term_end = datetime.date(2026, 12, 31)
    assert dates.local_datetime(term_end) == "2026. 12. 31."
    html = Template("{% load wagtailadmin_tags %}{% human_readable_date value %}").render(
        Context({"value": timezone.now() + datetime.timedelta(days=30)})
    )
    assert "Just now" not in html and "전" not in html and "후" not in html
    assert re.search(r"\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}", html)


@pytest.mark.parametrize(("value", "shown"), [(3000, "3,000"), (12210, "12,210"), (7, "7")])
def test_counts_have_thousands_separators(value, shown):
    assert dates.thousands(value) == shown
    assert Template("{% load egov_format %}{{ n|thousands }}").render(Context({"n": value})) == (
        shown
    )


@pytest.mark.django_db
def test_a_deletion_request_is_named_by_its_seoul_day(regions):
    from egov_plugin.privacy.models import DeletionRequest

    request = DeletionRequest(
        received_at=datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC),
        requester_name="홍길동",
    )
    assert str(request).startswith("2026. 12. 2.")


@pytest.mark.parametrize("typed", ["2014.01.01", "2014. 1. 1.", "2014-01-01", "20140101"])
def test_a_typed_period_is_understood(typed):
    with translation.override("ko"):
        assert forms.DateField().clean(typed) == datetime.date(2014, 1, 1)


def test_listings_render_absolute_dates():
    from egov_plugin.core.listings import AbsoluteDateColumn

    class Row:
        closes_at = datetime.datetime(2026, 12, 31, 9, 0, tzinfo=SEOUL)

    column = AbsoluteDateColumn("closes_at")
    html = column.render_cell_html(Row(), {"row": None, "table": None})
    assert "2026. 12. 31. 09:00" in html and 'datetime="2026-12-31T09:00:00+09:00"' in html
