"""Normalizers for the personal fields of a resident record: gender, age band, name, e-mail.

Values arrive from staff typing, spreadsheets exported from other systems and web forms, so the
same thing is written many ways. Each ``normalize_*`` function returns the one stored form, or
raises :class:`InvalidValue` with a translatable ``reason`` that can be shown to staff.

>>> normalize_gender("여성")
'F'
>>> normalize_age_band("70대 이상")
'70+'
>>> normalize_age_band("1980년생", today_year=2025)
'40s'
>>> normalize_name("  홍\\u3000길동 ")
'홍 길동'
>>> normalize_email("mailto:Hong@Example.COM")
'hong@example.com'
"""

import datetime
import math
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _


class InvalidValue(ValueError):
    """A value that cannot be normalized.

    ``value`` is the input as given, ``reason`` a lazily translated explanation for staff and
    ``code`` a short stable identifier for programs and tests. ``str(exc)`` shows only the
    reason: the value may be personal data, which must not end up in logs.
    """

    def __init__(self, value, reason, code="invalid"):
        # Only the code goes into ``args``: ``repr`` of a lazy string needs Django settings, and
        # the value itself may be personal data.
        super().__init__(code)
        self.value = value
        self.reason = reason
        self.code = code

    def __str__(self):
        return str(self.reason)


def _is_blank(value):
    """True for ``None``, empty or whitespace-only strings and NaN (pandas' empty cell)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _compact(value):
    """NFKC-folded, case-folded text with every whitespace character removed."""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", "", text).casefold()


# --- Gender -------------------------------------------------------------------------------

GENDER_MALE = "M"
GENDER_FEMALE = "F"
GENDER_UNSPECIFIED = ""

GENDER_CHOICES = [
    (GENDER_MALE, _("Male")),
    (GENDER_FEMALE, _("Female")),
    (GENDER_UNSPECIFIED, _("Unspecified")),
]

_GENDER_ALIASES = {
    **dict.fromkeys(("m", "male", "남", "남자", "남성"), GENDER_MALE),
    **dict.fromkeys(("f", "female", "여", "여자", "여성"), GENDER_FEMALE),
    # Our own label, so that an exported spreadsheet can be imported again unchanged.
    **dict.fromkeys(("unspecified", "미기재", "미상"), GENDER_UNSPECIFIED),
}


def normalize_gender(value):
    """The stored gender code: ``"M"``, ``"F"`` or ``""`` (unspecified).

    >>> [normalize_gender(v) for v in ("남", "여자", "Male", "f", None)]
    ['M', 'F', 'M', 'F', '']
    """
    if _is_blank(value):
        return GENDER_UNSPECIFIED
    try:
        return _GENDER_ALIASES[_compact(value)]
    except KeyError:
        raise InvalidValue(
            value,
            _("not a recognised gender: use 남/여, M/F or male/female"),
            "gender",
        ) from None


# --- Age bands ----------------------------------------------------------------------------

AGE_UNDER_20 = "U20"
AGE_20S = "20s"
AGE_30S = "30s"
AGE_40S = "40s"
AGE_50S = "50s"
AGE_60S = "60s"
AGE_70_PLUS = "70+"

#: The seven bands, youngest first.
AGE_BANDS = (AGE_UNDER_20, AGE_20S, AGE_30S, AGE_40S, AGE_50S, AGE_60S, AGE_70_PLUS)

AGE_BAND_CHOICES = [
    (AGE_UNDER_20, _("Under 20")),
    (AGE_20S, _("20s")),
    (AGE_30S, _("30s")),
    (AGE_40S, _("40s")),
    (AGE_50S, _("50s")),
    (AGE_60S, _("60s")),
    (AGE_70_PLUS, _("70 and over")),
]

#: Plain Korean labels, used to read input and to fill spreadsheet drop-downs.
AGE_BAND_KOREAN = {
    AGE_UNDER_20: "20대 미만",
    AGE_20S: "20대",
    AGE_30S: "30대",
    AGE_40S: "40대",
    AGE_50S: "50대",
    AGE_60S: "60대",
    AGE_70_PLUS: "70대 이상",
}

MAX_AGE = 120

_UNRECOGNISED_AGE = _("not a recognised age band, age or birth year")

_ENGLISH_AGE_LABELS = {
    AGE_UNDER_20: "under 20",
    AGE_20S: "20s",
    AGE_30S: "30s",
    AGE_40S: "40s",
    AGE_50S: "50s",
    AGE_60S: "60s",
    AGE_70_PLUS: "70 and over",
}


def _age_band_aliases():
    """Every textual spelling of a band (in :func:`_compact` form) mapped to its code."""
    aliases = {}
    for code in AGE_BANDS:
        aliases[_compact(code)] = code
        aliases[_compact(AGE_BAND_KOREAN[code])] = code
        aliases[_compact(_ENGLISH_AGE_LABELS[code])] = code
    # Other systems export teenagers and the very old as their own decades; the seed only
    # distinguishes "under 20" and "70 and over".
    for alias in ("10대", "10대미만", "10대이하", "20세미만"):
        aliases[alias] = AGE_UNDER_20
    for alias in ("70대", "70세이상", "80대", "80대이상", "90대", "90대이상"):
        aliases[alias] = AGE_70_PLUS
    return aliases


_AGE_BAND_ALIASES = _age_band_aliases()

# "35", "35세", "35살", "만35세", "35.0" (a float written out as text), "1980", "1980년생".
_NUMBER_RE = re.compile(
    r"^(?P<man>만)?(?P<number>\d{1,4})(?:\.0+)?(?P<suffix>세|살|년생|년도|년)?$"
)


def age_band_for_age(age):
    """The band of an age in whole years (0–120).

    >>> age_band_for_age(14), age_band_for_age(20), age_band_for_age(69), age_band_for_age(95)
    ('U20', '20s', '60s', '70+')
    """
    if age < 0:
        raise InvalidValue(age, _("an age cannot be negative"), "age_negative")
    if age > MAX_AGE:
        raise InvalidValue(age, _("an age over 120 is not plausible"), "age_too_high")
    if age < 20:
        return AGE_UNDER_20
    if age >= 70:
        return AGE_70_PLUS
    return AGE_BANDS[age // 10 - 1]


def _current_year():
    # The plain system date keeps this module free of Django settings; being a few hours off
    # around New Year does not matter for a year-difference age.
    return datetime.date.today().year


def age_band_for_birth_year(year, today_year=None):
    """The band of someone born in ``year``, counting age as the difference of years.

    >>> age_band_for_birth_year(1980, today_year=2025)
    '40s'
    >>> age_band_for_birth_year(2010, today_year=2025)
    'U20'
    """
    if today_year is None:
        today_year = _current_year()
    if year > today_year:
        raise InvalidValue(year, _("the birth year is in the future"), "birth_year_future")
    return age_band_for_age(today_year - year)


def _band_for_number(number, value, today_year):
    """Read a whole number as an age (up to 120) or a four-digit birth year."""
    if number >= 1000:
        return age_band_for_birth_year(number, today_year)
    if number < 0:
        raise InvalidValue(value, _("an age cannot be negative"), "age_negative")
    return age_band_for_age(number)


def _band_for_text(value, today_year):
    """Parse a band label, decade, age or birth year written as text."""
    text = _compact(value)
    if text in _AGE_BAND_ALIASES:
        return _AGE_BAND_ALIASES[text]
    match = _NUMBER_RE.match(text)
    if match is None:
        raise InvalidValue(value, _UNRECOGNISED_AGE, "age_band")
    number, suffix = int(match["number"]), match["suffix"] or ""
    if suffix.startswith("년") and len(match["number"]) != 4:
        raise InvalidValue(value, _("a birth year needs four digits"), "birth_year_digits")
    if suffix.startswith("년"):
        return age_band_for_birth_year(number, today_year)
    if (match["man"] or suffix) and number > MAX_AGE:
        raise InvalidValue(value, _("an age over 120 is not plausible"), "age_too_high")
    return _band_for_number(number, value, today_year)


def normalize_age_band(value, *, today_year=None):
    """The stored age-band code for a label, decade, age or birth year; ``""`` when blank.

    Ages count in whole years; a four-digit number is a birth year and ``today_year``
    (default: this year) gives the age as the difference of years.

    >>> [normalize_age_band(v) for v in ("20대미만", "30대", "80대", "만 35세", 61, "")]
    ['U20', '30s', '70+', '30s', '60s', '']
    >>> normalize_age_band(1999, today_year=2025)
    '20s'
    """
    if _is_blank(value):
        return ""
    if isinstance(value, bool):
        raise InvalidValue(value, _UNRECOGNISED_AGE, "age_band")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidValue(value, _("an age must be a whole number"), "age_not_whole")
        value = int(value)
    if isinstance(value, int):
        return _band_for_number(value, value, today_year)
    return _band_for_text(value, today_year)


# --- Names --------------------------------------------------------------------------------


def _clean_characters(text):
    """Control characters become spaces; invisible format characters are dropped.

    Format characters (category Cf) are zero-width spaces, joiners, byte-order marks, soft
    hyphens and direction marks: they arrive invisibly from copy-and-paste and would make two
    equal-looking names differ.
    """
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")
        elif category != "Cf":
            kept.append(char)
    return "".join(kept)


def normalize_name(value):
    """A person's name with invisible characters removed and whitespace tidied.

    NFC (not NFKC) composes Hangul typed or pasted as separate jamo (as macOS produces)
    without changing other characters people may deliberately use in their names.

    >>> normalize_name("\\u200b홍길동\\u00a0")
    '홍길동'
    >>> normalize_name("John\\t\\n  Smith")
    'John Smith'
    >>> normalize_name(None)
    ''
    """
    if value is None:
        return ""
    text = _clean_characters(unicodedata.normalize("NFC", str(value)))
    # ``\\s`` also matches NBSP and the ideographic (full-width) space.
    return re.sub(r"\s+", " ", text).strip()


# --- E-mail -------------------------------------------------------------------------------

_MAILTO_RE = re.compile(r"^mailto:", re.IGNORECASE)


def normalize_email(value):
    """A lower-cased, validated e-mail address; ``""`` when blank.

    The whole address is lower-cased, not only the domain. RFC 5321 allows a mail server to
    treat the local part case-sensitively, but Korean portals and government mail systems do
    not, and a single stored form is what makes duplicate detection and search reliable.
    Full-width characters typed with a Korean IME are folded to ASCII (NFKC).

    >>> normalize_email(" ＨＯＮＧ＠ｅｘａｍｐｌｅ．ｃｏｍ ")
    'hong@example.com'
    """
    if _is_blank(value):
        return ""
    text = _clean_characters(unicodedata.normalize("NFKC", str(value))).strip()
    address = _MAILTO_RE.sub("", text).strip().lower()
    if not address:
        return ""
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidValue(value, _("not a valid e-mail address"), "email") from None
    return address
