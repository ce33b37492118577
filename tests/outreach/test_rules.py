"""Korean SMS rules and the quiet period."""

import datetime
from zoneinfo import ZoneInfo

from egov_plugin.outreach import quiet, rules

SEOUL = ZoneInfo("Asia/Seoul")


def test_hangul_counts_two_bytes_and_ascii_one():
    assert rules.euckr_len("안녕") == 4
    assert rules.euckr_len("abc") == 3


def test_ninety_bytes_is_sms_and_ninety_one_is_lms():
    assert rules.message_type("가" * 45) == rules.SMS
    assert rules.message_type("가" * 45 + "a") == rules.LMS


def test_long_message_warns_that_it_goes_as_lms():
    check = rules.check_sms("가" * 100)
    assert check.ok
    assert "LMS" in check.warnings[0]


def test_message_too_long_even_for_lms_is_refused():
    check = rules.check_sms("가" * 1001)
    assert not check.ok
    assert "2002 bytes" in check.errors[0]


def test_emoji_is_flagged_before_sending():
    check = rules.check_sms("축제에 오세요 🎉")
    assert not check.ok
    assert "🎉" in check.errors[0]


def test_title_over_forty_bytes_is_refused():
    check = rules.check_sms("본문", title="가" * 21)
    assert not check.ok
    assert "42 bytes" in check.errors[0]


def test_advertising_prefix_and_optout_footer(settings):
    settings.EGOV_OUTREACH_OPTOUT_080 = "080-555-0000"
    text = rules.sms_text("행사 안내", advertising=True)
    assert text.startswith("(광고) 행사 안내")
    assert "080-555-0000" in text


def test_quiet_period_overnight(settings):
    settings.EGOV_OUTREACH_QUIET_START = "21:00"
    settings.EGOV_OUTREACH_QUIET_END = "08:00"
    night = datetime.datetime(2026, 5, 1, 22, 30, tzinfo=SEOUL)
    morning = datetime.datetime(2026, 5, 2, 7, 59, tzinfo=SEOUL)
    day = datetime.datetime(2026, 5, 2, 8, 0, tzinfo=SEOUL)
    assert quiet.is_quiet(night)
    assert quiet.is_quiet(morning)
    assert not quiet.is_quiet(day)
    assert quiet.quiet_ends(night) == datetime.datetime(2026, 5, 2, 8, 0, tzinfo=SEOUL)
    assert quiet.quiet_ends(day) == day
