"""Korean mobile numbers: one stored form, whatever way the number was written.

Numbers reach us typed by staff, pasted from messengers, and exported from spreadsheets that
turn ``010…`` into the number ``1012345678``. :func:`normalize_mobile` accepts all of these
and returns the canonical ``010-1234-5678`` form, or raises :class:`InvalidPhone`.

>>> normalize_mobile("+82 10-1234-5678")
'010-1234-5678'
>>> normalize_mobile("(010)1234.5678")
'010-1234-5678'
>>> normalize_mobile("０１０－１２３４－５６７８")
'010-1234-5678'
>>> normalize_mobile(1012345678)
'010-1234-5678'
>>> normalize_mobile("011-123-4567")
'011-123-4567'
>>> is_mobile("02-123-4567")
False
>>> phone_last4("010-1234-5678"), phone_digits("010-1234-5678")
('5678', '01012345678')
"""

import math
import unicodedata

from django.utils.translation import gettext_lazy as _

from .people import InvalidValue

#: Mobile prefixes; all but 010 are pre-2004 numbers that may still have a 3-digit middle.
MOBILE_PREFIXES = ("010", "011", "016", "017", "018", "019")

_DIGITS = frozenset("0123456789")
# Characters people put between digit groups. NFKC has already turned full-width forms into
# ASCII; the Unicode dashes and the minus sign survive it and come from word processors.
_SEPARATORS = frozenset(" -./()") | frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")

_REASONS = {
    "empty": _("empty"),
    "letters": _("contains letters"),
    "characters": _("contains characters that are not allowed in a phone number"),
    "not_number": _("not a whole positive number"),
    "country": _("not a Korean number: only the +82 country code is accepted"),
    "not_mobile": _("not a mobile number: it must start with 010, 011, 016, 017, 018 or 019"),
    "too_short": _("too few digits"),
    "too_long": _("too many digits"),
}


def _masked_digits(value):
    """The digits of ``value`` with the last four replaced by ``*`` (all of them if fewer).

    Only digits are shown, so a name pasted into the phone column does not leak either.
    """
    if value is None:
        return ""
    digits = "".join(c for c in unicodedata.normalize("NFKC", str(value)) if c in _DIGITS)
    hidden = min(4, len(digits))
    return digits[: len(digits) - hidden] + "*" * hidden


class InvalidPhone(InvalidValue):
    """A value that is not a Korean mobile number.

    ``str(exc)`` never contains the number: at most its digits with the last four masked.
    """

    def __init__(self, value, code):
        super().__init__(value, _REASONS[code], code)
        self.masked = _masked_digits(value)

    def __str__(self):
        shown = f" ({self.masked})" if self.masked else ""
        return f"invalid mobile number{shown}: {self.reason}"


def _number_to_text(value):
    """Spreadsheet cells come as int or float; anything else is read as text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):  # pandas' empty cell
            raise InvalidPhone(value, "empty")
        if not value.is_integer() or value < 0:
            raise InvalidPhone(value, "not_number")
        return str(int(value))
    if isinstance(value, int):
        if value < 0:
            raise InvalidPhone(value, "not_number")
        return str(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _extract_digits(value, text):
    """The digits of ``text`` and whether it began with ``+``; rejects anything else."""
    if any(c.isalpha() for c in text):
        raise InvalidPhone(value, "letters")
    international = text.startswith("+")
    body = text[1:] if international else text
    if any(c not in _DIGITS and c not in _SEPARATORS and not c.isspace() for c in body):
        raise InvalidPhone(value, "characters")
    return "".join(c for c in body if c in _DIGITS), international


def _national_digits(value, digits, international):
    """Turn ``+82 10…``, ``8210…`` and Excel's ``10…`` into the national ``010…`` form."""
    if international and not digits.startswith("82"):
        raise InvalidPhone(value, "country")
    # No national mobile number starts with 82, so a bare 82 is the country code too.
    if digits.startswith("82") and (international or len(digits) >= 11):
        digits = digits[2:]
        # "+82 010-…" (keeping the trunk zero) is wrong but common.
        return digits if digits.startswith("0") else "0" + digits
    if digits.startswith("1") and len(digits) in (9, 10):
        return "0" + digits  # the leading zero a spreadsheet dropped
    return digits


def _format(value, digits):
    """Check prefix and length of national digits and insert the hyphens."""
    if len(digits) < 3 and MOBILE_PREFIXES[0].startswith(digits):
        raise InvalidPhone(value, "too_short")
    prefix = digits[:3]
    if prefix not in MOBILE_PREFIXES:
        raise InvalidPhone(value, "not_mobile")
    # Since 2004 every new number is 010 with a 4-digit middle block; the older prefixes
    # also had 3-digit middle blocks (10 digits in all).
    shortest = 11 if prefix == "010" else 10
    if len(digits) < shortest:
        raise InvalidPhone(value, "too_short")
    if len(digits) > 11:
        raise InvalidPhone(value, "too_long")
    return f"{prefix}-{digits[3:-4]}-{digits[-4:]}"


def normalize_mobile(value):
    """The canonical ``010-1234-5678`` form of a Korean mobile number.

    Accepts separators (space, ``-``, ``.``, parentheses), full-width characters, the +82
    country code and numbers whose leading zero a spreadsheet dropped. Raises
    :class:`InvalidPhone` for blanks, landlines, 070 numbers and anything else.

    >>> normalize_mobile("821012345678")
    '010-1234-5678'
    >>> normalize_mobile(" 010 0123 4567 ")
    '010-0123-4567'
    >>> try:
    ...     normalize_mobile("02-123-4567")
    ... except InvalidPhone as exc:
    ...     print(exc.code, exc.masked)
    not_mobile 02123****
    """
    if value is None:
        raise InvalidPhone(value, "empty")
    text = _number_to_text(value)
    if not text:
        raise InvalidPhone(value, "empty")
    digits, international = _extract_digits(value, text)
    if not digits:
        raise InvalidPhone(value, "empty")
    return _format(value, _national_digits(value, digits, international))


def is_mobile(value):
    """Whether :func:`normalize_mobile` accepts ``value``.

    >>> is_mobile("010-1234-5678"), is_mobile("070-1234-5678"), is_mobile(None)
    (True, False, False)
    """
    try:
        normalize_mobile(value)
    except InvalidPhone:
        return False
    return True


def phone_digits(canonical):
    """The digits of a phone number, for search; ``""`` when blank.

    >>> phone_digits("010-1234-5678")
    '01012345678'
    """
    if canonical is None:
        return ""
    return "".join(c for c in unicodedata.normalize("NFKC", str(canonical)) if c in _DIGITS)


def phone_last4(canonical):
    """The last four digits, which staff use to look a person up.

    >>> phone_last4("010-1234-5678")
    '5678'
    """
    return phone_digits(canonical)[-4:]
