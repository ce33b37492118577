"""Korean mobile numbers: accepted spellings, rejections and their reasons, privacy."""

import doctest
import unicodedata

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from egov_plugin.core.text import InvalidValue, phone
from egov_plugin.core.text.phone import (
    MOBILE_PREFIXES,
    InvalidPhone,
    is_mobile,
    normalize_mobile,
    phone_digits,
    phone_last4,
)

if not settings.configured:
    # Without pytest-django, lazy translations still need settings to be turned into text.
    settings.configure(USE_I18N=False)


def reason_text(exc):
    """The English reason of an exception (the tests' language is not the site's)."""
    with translation.override("en"):
        return str(exc.reason)


def exception_text(exc):
    with translation.override("en"):
        return str(exc)


def ascii_digits(text):
    return "".join(c for c in unicodedata.normalize("NFKC", str(text)) if c in "0123456789")


FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

ACCEPTED = [
    ("01012345678", "010-1234-5678"),
    ("010-1234-5678", "010-1234-5678"),
    ("010 1234 5678", "010-1234-5678"),
    ("010.1234.5678", "010-1234-5678"),
    ("(010)1234-5678", "010-1234-5678"),
    ("(010) 1234 5678", "010-1234-5678"),
    ("010/1234/5678", "010-1234-5678"),
    ("+82 10-1234-5678", "010-1234-5678"),
    ("+82-10-1234-5678", "010-1234-5678"),
    ("+821012345678", "010-1234-5678"),
    ("+82 010-1234-5678", "010-1234-5678"),
    ("+82 (0)10-1234-5678", "010-1234-5678"),
    ("821012345678", "010-1234-5678"),
    ("82-10-1234-5678", "010-1234-5678"),
    ("82 10 1234 5678", "010-1234-5678"),
    ("8201012345678", "010-1234-5678"),
    ("０１０１２３４５６７８", "010-1234-5678"),
    ("０１０－１２３４－５６７８", "010-1234-5678"),
    ("０１０\u3000１２３４\u3000５６７８", "010-1234-5678"),
    ("＋８２ １０－１２３４－５６７８", "010-1234-5678"),
    ("010\u30001234\u30005678", "010-1234-5678"),
    ("  010-1234-5678  ", "010-1234-5678"),
    ("\t010-1234-5678\n", "010-1234-5678"),
    ("\u00a0010-1234-5678\u00a0", "010-1234-5678"),
    ("010\u20131234\u20135678", "010-1234-5678"),  # en dashes from a word processor
    ("010\u22121234\u22125678", "010-1234-5678"),  # minus signs
    ("1012345678", "010-1234-5678"),  # Excel dropped the leading zero
    (1012345678, "010-1234-5678"),
    (1012345678.0, "010-1234-5678"),
    ("10-1234-5678", "010-1234-5678"),
    # Demo data uses middle blocks starting with 0, which real numbers never have.
    ("010-0123-4567", "010-0123-4567"),
    ("01000000000", "010-0000-0000"),
    ("1001234567", "010-0123-4567"),
    (1001234567, "010-0123-4567"),
    # Pre-2004 prefixes, with 3- or 4-digit middle blocks.
    ("011-123-4567", "011-123-4567"),
    ("0111234567", "011-123-4567"),
    ("111234567", "011-123-4567"),
    (111234567, "011-123-4567"),
    ("011-1234-5678", "011-1234-5678"),
    ("016-123-4567", "016-123-4567"),
    ("017 1234 5678", "017-1234-5678"),
    ("018.123.4567", "018-123-4567"),
    ("+82 19-987-6543", "019-987-6543"),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_normalize_mobile_accepts(value, expected):
    assert normalize_mobile(value) == expected


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_normalize_mobile_is_idempotent(value, expected):
    assert normalize_mobile(normalize_mobile(value)) == expected


REASONS = {
    "empty": "empty",
    "letters": "contains letters",
    "characters": "contains characters that are not allowed in a phone number",
    "not_number": "not a whole positive number",
    "country": "not a Korean number: only the +82 country code is accepted",
    "not_mobile": "not a mobile number: it must start with 010, 011, 016, 017, 018 or 019",
    "too_short": "too few digits",
    "too_long": "too many digits",
}

REJECTED = [
    (None, "empty"),
    ("", "empty"),
    ("   ", "empty"),
    ("\u3000", "empty"),
    ("-", "empty"),
    (float("nan"), "empty"),  # pandas' empty cell
    ("02-123-4567", "not_mobile"),
    ("02-1234-5678", "not_mobile"),
    ("031-123-4567", "not_mobile"),
    ("031-1234-5678", "not_mobile"),
    ("070-1234-5678", "not_mobile"),
    ("080-123-4567", "not_mobile"),
    ("1588-1234", "not_mobile"),
    ("+82 2-123-4567", "not_mobile"),
    ("012-1234-5678", "not_mobile"),
    ("010", "too_short"),
    ("01", "too_short"),
    ("010-1234", "too_short"),
    ("010-1234-567", "too_short"),
    ("010-123-4567", "too_short"),  # 010 numbers always have a 4-digit middle block
    ("011-123-456", "too_short"),
    ("010-1234-56789", "too_long"),
    ("011-1234-56789", "too_long"),
    ("010-1234-5678-9", "too_long"),
    ("010-1234-abcd", "letters"),
    ("공일공-1234-5678", "letters"),
    ("tel:010-1234-5678", "letters"),
    ("010-1234-5678 (home)", "letters"),
    ("ｏ１０-1234-5678", "letters"),
    ("010#1234#5678", "characters"),
    ("010_1234_5678", "characters"),
    ("010-1234-5678 ☎", "characters"),
    ("010+1234+5678", "characters"),
    ("+1 212 555 1234", "country"),
    ("+44 20 7946 0958", "country"),
    (1012345678.5, "not_number"),
    (-1012345678, "not_number"),
    (-1012345678.0, "not_number"),
    (float("inf"), "not_number"),
]


@pytest.mark.parametrize(("value", "code"), REJECTED)
def test_normalize_mobile_rejects_with_reason(value, code):
    with pytest.raises(InvalidPhone) as caught:
        normalize_mobile(value)
    assert caught.value.code == code
    assert reason_text(caught.value) == REASONS[code]


def test_invalid_phone_is_a_value_error_and_an_invalid_value():
    with pytest.raises(InvalidPhone) as caught:
        normalize_mobile("02-123-4567")
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InvalidValue)
    assert caught.value.value == "02-123-4567"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("02-1234-5678", "021234****"),
        ("010-1234-567", "010123****"),
        ("0101234567890", "010123456****"),
        ("홍길동 010-1234-abcd", "010****"),
        ("abc", ""),
        ("12", "**"),
    ],
)
def test_exception_text_shows_only_masked_digits(value, masked):
    with pytest.raises(InvalidPhone) as caught:
        normalize_mobile(value)
    text = exception_text(caught.value)
    assert caught.value.masked == masked
    assert masked in text
    assert "홍길동" not in text
    if ascii_digits(value):
        assert ascii_digits(value) not in text


def test_exception_repr_does_not_need_settings_or_show_the_number():
    with pytest.raises(InvalidPhone) as caught:
        normalize_mobile("070-1234-5678")
    assert repr(caught.value) == "InvalidPhone('not_mobile')"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("010-1234-5678", True),
        ("+82 10 1234 5678", True),
        (1012345678, True),
        ("010-0123-4567", True),
        ("02-123-4567", False),
        ("070-1234-5678", False),
        ("", False),
        (None, False),
        ("abc", False),
    ],
)
def test_is_mobile(value, expected):
    assert is_mobile(value) is expected


@pytest.mark.parametrize(
    ("value", "digits", "last4"),
    [
        ("010-1234-5678", "01012345678", "5678"),
        ("011-123-4567", "0111234567", "4567"),
        ("０１０－１２３４－５６７８", "01012345678", "5678"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_phone_digits_and_last4(value, digits, last4):
    assert phone_digits(value) == digits
    assert phone_last4(value) == last4


def test_module_doctests():
    result = doctest.testmod(phone)
    assert result.attempted > 0
    assert result.failed == 0


# --- Properties ---------------------------------------------------------------------------

SEPARATORS = ["", "-", " ", ".", "－", "\u3000", "\u00a0", " - ", "\u2013", "/"]
separators = st.sampled_from(SEPARATORS)
four_digits = st.text(alphabet="0123456789", min_size=4, max_size=4)


@st.composite
def written_010_numbers(draw):
    """(text, canonical): a valid 010 number written the way some person or program would."""
    middle, last = draw(four_digits), draw(four_digits)
    style = draw(st.sampled_from(["national", "plus82", "bare82", "dropped_zero"]))
    if style == "national":
        head = draw(st.sampled_from(["010", "(010)", "+82 010", "+82 (0)10"]))
    elif style == "plus82":
        head = draw(st.sampled_from(["+82", "+82 ", "+82-", "+82."])) + "10"
    elif style == "bare82":
        head = draw(st.sampled_from(["82", "82-", "82 "])) + "10"
    else:
        head = "10"
    text = head + draw(separators) + middle + draw(separators) + last
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH_DIGITS)
    padding = st.sampled_from(["", " ", "\t", "\u3000", "\n"])
    return draw(padding) + text + draw(padding), f"010-{middle}-{last}"


@st.composite
def scattered_separators(draw):
    """(text, canonical): 11 digits with a random separator (or none) after each digit."""
    digits = "010" + draw(four_digits) + draw(four_digits)
    seps = draw(st.lists(separators, min_size=len(digits), max_size=len(digits)))
    text = "".join(d + s for d, s in zip(digits, seps, strict=True))
    return text, f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"


@hypothesis_settings(max_examples=200)
@given(written_010_numbers())
def test_any_written_form_normalizes_to_the_canonical_form(case):
    text, canonical = case
    assert normalize_mobile(text) == canonical


@hypothesis_settings(max_examples=200)
@given(scattered_separators())
def test_separators_anywhere_are_ignored(case):
    text, canonical = case
    assert normalize_mobile(text) == canonical


@hypothesis_settings(max_examples=200)
@given(four_digits, four_digits, st.booleans())
def test_spreadsheet_numbers_normalize(middle, last, as_float):
    number = int("10" + middle + last)
    assert normalize_mobile(float(number) if as_float else number) == f"010-{middle}-{last}"


@st.composite
def legacy_numbers(draw):
    prefix = draw(st.sampled_from(MOBILE_PREFIXES[1:]))
    middle = draw(st.text(alphabet="0123456789", min_size=3, max_size=4))
    last = draw(four_digits)
    return f"{prefix}{draw(separators)}{middle}{draw(separators)}{last}", (prefix, middle, last)


@hypothesis_settings(max_examples=200)
@given(legacy_numbers())
def test_legacy_prefixes_keep_their_middle_block(case):
    text, (prefix, middle, last) = case
    assert normalize_mobile(text) == f"{prefix}-{middle}-{last}"


@hypothesis_settings(max_examples=200)
@given(st.one_of(written_010_numbers(), scattered_separators(), legacy_numbers()))
def test_normalize_is_idempotent(case):
    once = normalize_mobile(case[0])
    assert normalize_mobile(once) == once
    assert is_mobile(once)


letters = st.characters(categories=["Lu", "Ll", "Lo"])


@hypothesis_settings(max_examples=200)
@given(
    st.text(alphabet="0123456789-+() ", max_size=15),
    letters,
    st.text(alphabet="0123456789-+() ", max_size=15),
)
def test_text_with_letters_is_rejected(before, letter, after):
    with pytest.raises(InvalidPhone) as caught:
        normalize_mobile(before + letter + after)
    assert caught.value.code == "letters"


@hypothesis_settings(max_examples=200)
@given(
    st.sampled_from(["", "+", "+82 ", "82", "+1 ", "0"]),
    st.text(alphabet="0123456789", min_size=5, max_size=15),
    st.sampled_from(["", "x", "호", " #", "-", "☎"]),
)
def test_exception_text_never_contains_the_number(prefix, number, suffix):
    text = prefix + number + suffix
    try:
        normalize_mobile(text)
    except InvalidPhone as exc:
        digits = ascii_digits(text)
        assert digits not in exception_text(exc)
        assert digits not in repr(exc)
        assert digits not in str(exc.args)
