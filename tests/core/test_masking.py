"""Masked forms of names, phone numbers and e-mail addresses."""

import doctest
import unicodedata

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from egov_plugin.core.text import masking
from egov_plugin.core.text.masking import mask_email, mask_name, mask_phone

if not settings.configured:
    # Without pytest-django, lazy translations still need settings to be turned into text.
    settings.configure(USE_I18N=False)


def test_module_doctests():
    result = doctest.testmod(masking)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("홍길동", "홍*동"),
        ("김민수", "김*수"),
        ("김수", "김*"),
        ("남궁민수", "남궁**"),
        ("독고영재수", "독고***"),
        ("김", "*"),
        ("  홍길동 ", "홍*동"),
        ("남궁 민수", "남궁**"),
        (unicodedata.normalize("NFD", "홍길동"), "홍*동"),
        ("John Smith", "J*** S****"),
        ("John", "J***"),
        ("  Mary  Ann Lee ", "M*** A** L**"),
        ("J", "J"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_mask_name(name, expected):
    assert mask_name(name) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("010-1234-5678", "010-1234-****"),
        ("010-0123-4567", "010-0123-****"),
        ("011-123-4567", "011-123-****"),
        ("01012345678", "0101234****"),
        ("010 1234 5678", "010 1234 ****"),
        ("+82 10-1234-5678", "+82 10-1234-****"),
        ("02-123-4567", "02-123-****"),
        ("010-12-34-56-78", "010-12-34-**-**"),
        ("123", "***"),
        ("", ""),
        ("  ", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone, expected):
    assert mask_phone(phone) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("hong@example.com", "h***@example.com"),
        ("honggildong@example.com", "h***@example.com"),
        ("ho@example.com", "h***@example.com"),
        ("h@example.com", "*@example.com"),
        (" hong@seoul.go.kr ", "h***@seoul.go.kr"),
        ("not-an-address", "n***"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_mask_email(email, expected):
    assert mask_email(email) == expected


four_digits = st.text(alphabet="0123456789", min_size=4, max_size=4)


@hypothesis_settings(max_examples=200)
@given(four_digits, four_digits)
def test_masked_mobile_never_shows_the_last_four_digits(middle, last):
    assert mask_phone(f"010-{middle}-{last}") == f"010-{middle}-****"
    assert mask_phone(f"010{middle}{last}") == f"010{middle}****"


@hypothesis_settings(max_examples=200)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=2, max_size=30))
def test_masked_email_does_not_reveal_the_local_part_length(local):
    assert mask_email(f"{local}@example.com") == f"{local[0]}***@example.com"
