"""Gender, age band, name and e-mail normalizers."""

import datetime
import doctest
import unicodedata

import pytest
from django.conf import settings
from django.utils import translation

from egov_plugin.core.text import people
from egov_plugin.core.text.people import (
    AGE_BAND_CHOICES,
    AGE_BAND_KOREAN,
    AGE_BANDS,
    GENDER_CHOICES,
    GENDER_FEMALE,
    GENDER_MALE,
    GENDER_UNSPECIFIED,
    InvalidValue,
    age_band_for_age,
    age_band_for_birth_year,
    normalize_age_band,
    normalize_email,
    normalize_gender,
    normalize_name,
)

if not settings.configured:
    # Without pytest-django, lazy translations still need settings to be turned into text.
    settings.configure(USE_I18N=False)


def english(lazy_text):
    """A lazy string in English (the tests' language is not the site's)."""
    with translation.override("en"):
        return str(lazy_text)


def test_module_doctests():
    result = doctest.testmod(people)
    assert result.attempted > 0
    assert result.failed == 0


# --- Gender -------------------------------------------------------------------------------


def test_gender_constants():
    assert (GENDER_MALE, GENDER_FEMALE, GENDER_UNSPECIFIED) == ("M", "F", "")


def test_gender_choices():
    assert [(value, english(label)) for value, label in GENDER_CHOICES] == [
        ("M", "Male"),
        ("F", "Female"),
        ("", "Unspecified"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("남", "M"),
        ("남자", "M"),
        ("남성", "M"),
        ("M", "M"),
        ("m", "M"),
        ("male", "M"),
        ("Male", "M"),
        ("MALE", "M"),
        (" 남 ", "M"),
        ("Ｍ", "M"),  # full-width, from a Korean IME
        ("여", "F"),
        ("여자", "F"),
        ("여성", "F"),
        ("F", "F"),
        ("f", "F"),
        ("female", "F"),
        ("Female", "F"),
        ("\u00a0여\u3000", "F"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        (float("nan"), ""),
        ("Unspecified", ""),
    ],
)
def test_normalize_gender(value, expected):
    assert normalize_gender(value) == expected


@pytest.mark.parametrize("value", ["x", "남녀", "중성", "1", "mf", "man?", 1, True])
def test_normalize_gender_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        normalize_gender(value)
    assert caught.value.code == "gender"
    assert caught.value.value == value
    assert english(caught.value.reason) == "not a recognised gender: use 남/여, M/F or male/female"
    assert isinstance(caught.value, ValueError)


def test_invalid_value_text_does_not_contain_the_value():
    with pytest.raises(InvalidValue) as caught:
        normalize_gender("secret-value")
    with translation.override("en"):
        assert "secret-value" not in str(caught.value)
    assert "secret-value" not in repr(caught.value)


# --- Age bands ----------------------------------------------------------------------------


def test_age_band_codes_and_choices():
    assert AGE_BANDS == ("U20", "20s", "30s", "40s", "50s", "60s", "70+")
    assert [(value, english(label)) for value, label in AGE_BAND_CHOICES] == [
        ("U20", "Under 20"),
        ("20s", "20s"),
        ("30s", "30s"),
        ("40s", "40s"),
        ("50s", "50s"),
        ("60s", "60s"),
        ("70+", "70 and over"),
    ]


def test_age_band_korean_labels():
    assert AGE_BAND_KOREAN == {
        "U20": "20대 미만",
        "20s": "20대",
        "30s": "30대",
        "40s": "40대",
        "50s": "50대",
        "60s": "60대",
        "70+": "70대 이상",
    }


@pytest.mark.parametrize(("code", "label"), list(AGE_BAND_KOREAN.items()))
def test_korean_labels_round_trip(code, label):
    assert normalize_age_band(label) == code
    assert normalize_age_band(label.replace(" ", "")) == code


@pytest.mark.parametrize(("code", "label"), AGE_BAND_CHOICES)
def test_english_labels_and_codes_round_trip(code, label):
    assert normalize_age_band(english(label)) == code
    assert normalize_age_band(english(label).upper()) == code
    assert normalize_age_band(code) == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20대 미만", "U20"),
        ("20대미만", "U20"),
        ("10대", "U20"),
        ("20대", "20s"),
        ("30대", "30s"),
        ("40대", "40s"),
        ("50대", "50s"),
        ("60대", "60s"),
        (" 60 대 ", "60s"),
        ("70대", "70+"),
        ("70대 이상", "70+"),
        ("70대이상", "70+"),
        ("80대", "70+"),
        ("90대", "70+"),
        ("u20", "U20"),
        ("70+", "70+"),
        ("under 20", "U20"),
        ("70 and over", "70+"),
        (35, "30s"),
        ("35", "30s"),
        ("35세", "30s"),
        ("만 35세", "30s"),
        ("만35세", "30s"),
        ("35살", "30s"),
        ("３５", "30s"),
        (35.0, "30s"),
        ("35.0", "30s"),
        (0, "U20"),
        (14, "U20"),
        ("14세", "U20"),
        (19, "U20"),
        (20, "20s"),
        (29, "20s"),
        (69, "60s"),
        (70, "70+"),
        (120, "70+"),
        ("", ""),
        ("  ", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_normalize_age_band(value, expected):
    assert normalize_age_band(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1980, "40s"),
        ("1980", "40s"),
        ("1980년생", "40s"),
        ("1980 년생", "40s"),
        ("1980년", "40s"),
        (1980.0, "40s"),
        (2005, "20s"),
        (2006, "U20"),
        (2025, "U20"),
        (1955, "70+"),
        (1956, "60s"),
        (1905, "70+"),
    ],
)
def test_normalize_age_band_birth_year(value, expected):
    assert normalize_age_band(value, today_year=2025) == expected


def test_birth_year_defaults_to_this_year():
    this_year = datetime.date.today().year
    assert normalize_age_band(this_year - 35) == "30s"
    assert age_band_for_birth_year(this_year - 75) == "70+"


@pytest.mark.parametrize(
    ("value", "code", "reason"),
    [
        (-1, "age_negative", "an age cannot be negative"),
        (-1.0, "age_negative", "an age cannot be negative"),
        (121, "age_too_high", "an age over 120 is not plausible"),
        ("121", "age_too_high", "an age over 120 is not plausible"),
        ("150세", "age_too_high", "an age over 120 is not plausible"),
        ("만 1980세", "age_too_high", "an age over 120 is not plausible"),
        (999, "age_too_high", "an age over 120 is not plausible"),
        (1900, "age_too_high", "an age over 120 is not plausible"),
        (2030, "birth_year_future", "the birth year is in the future"),
        ("2030년생", "birth_year_future", "the birth year is in the future"),
        ("80년생", "birth_year_digits", "a birth year needs four digits"),
        (35.5, "age_not_whole", "an age must be a whole number"),
        (float("inf"), "age_not_whole", "an age must be a whole number"),
        ("-1", "age_band", "not a recognised age band, age or birth year"),
        ("abc", "age_band", "not a recognised age band, age or birth year"),
        ("30대 이상", "age_band", "not a recognised age band, age or birth year"),
        ("20~29", "age_band", "not a recognised age band, age or birth year"),
        ("100대", "age_band", "not a recognised age band, age or birth year"),
        ("12345", "age_band", "not a recognised age band, age or birth year"),
        (True, "age_band", "not a recognised age band, age or birth year"),
    ],
)
def test_normalize_age_band_rejects(value, code, reason):
    with pytest.raises(InvalidValue) as caught:
        normalize_age_band(value, today_year=2025)
    assert caught.value.code == code
    assert english(caught.value.reason) == reason


@pytest.mark.parametrize(
    ("age", "expected"),
    [(0, "U20"), (19, "U20"), (20, "20s"), (39, "30s"), (40, "40s"), (59, "50s")]
    + [(60, "60s"), (69, "60s"), (70, "70+"), (120, "70+")],
)
def test_age_band_for_age(age, expected):
    assert age_band_for_age(age) == expected


@pytest.mark.parametrize("age", [-1, 121])
def test_age_band_for_age_rejects(age):
    with pytest.raises(InvalidValue):
        age_band_for_age(age)


def test_age_band_for_birth_year():
    assert age_band_for_birth_year(1990, today_year=2025) == "30s"
    assert age_band_for_birth_year(1990, 2025) == "30s"
    with pytest.raises(InvalidValue):
        age_band_for_birth_year(2026, today_year=2025)


# --- Names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("홍길동", "홍길동"),
        ("  홍길동  ", "홍길동"),
        ("\u00a0홍길동\u00a0", "홍길동"),
        ("\u3000홍길동\u3000", "홍길동"),
        ("홍\u200b길동", "홍길동"),
        ("\ufeff홍길동\u200d", "홍길동"),
        ("홍길\u00ad동", "홍길동"),
        ("남궁 민수", "남궁 민수"),
        ("남궁\u00a0민수", "남궁 민수"),
        ("남궁\u3000민수", "남궁 민수"),
        ("John\tSmith", "John Smith"),
        ("John\nSmith", "John Smith"),
        ("John \r\n Smith", "John Smith"),
        ("John    Smith", "John Smith"),
        (unicodedata.normalize("NFD", "홍길동"), "홍길동"),
        ("", ""),
        ("   ", ""),
        ("\u200b", ""),
        (None, ""),
    ],
)
def test_normalize_name(value, expected):
    result = normalize_name(value)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


def test_normalize_name_is_idempotent():
    once = normalize_name(" 홍\u3000\u200b길동\t")
    assert normalize_name(once) == once == "홍 길동"


# --- E-mail -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hong@example.com", "hong@example.com"),
        ("Hong@Example.COM", "hong@example.com"),
        ("HONG.GilDong@Korea.KR", "hong.gildong@korea.kr"),
        ("  hong@example.com  ", "hong@example.com"),
        ("\u00a0hong@example.com\u3000", "hong@example.com"),
        ("ｈｏｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "hong@example.com"),
        ("hong\u200b@example.com", "hong@example.com"),
        ("mailto:hong@example.com", "hong@example.com"),
        ("MAILTO:Hong@Example.com", "hong@example.com"),
        ("mailto: hong@example.com", "hong@example.com"),
        ("hong+news@seoul.go.kr", "hong+news@seoul.go.kr"),
        ("hong@한국.kr", "hong@한국.kr"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("mailto:", ""),
    ],
)
def test_normalize_email(value, expected):
    assert normalize_email(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "hong",
        "hong@",
        "@example.com",
        "hong@@example.com",
        "hong gil@example.com",
        "hong@example",
        "hong@example..com",
        "홍길동@example.com",
        "hong@example.com, kim@example.com",
    ],
)
def test_normalize_email_rejects(value):
    with pytest.raises(InvalidValue) as caught:
        normalize_email(value)
    assert caught.value.code == "email"
    assert english(caught.value.reason) == "not a valid e-mail address"
    with translation.override("en"):
        assert value not in str(caught.value)
