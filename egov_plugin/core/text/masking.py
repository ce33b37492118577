"""Masked forms of personal data, for lists, logs and audit summaries.

Masking follows the usual practice of Korean public bodies: enough is shown for staff to
recognise a record they already know, not enough to identify a stranger.

>>> mask_name("홍길동"), mask_phone("010-1234-5678"), mask_email("hong@example.com")
('홍*동', '010-1234-****', 'h***@example.com')
"""

import re
import unicodedata

_CANONICAL_MOBILE_RE = re.compile(r"^(01\d-\d{3,4}-)\d{4}$")


def _clean(value):
    """NFC text with surrounding whitespace removed; ``""`` for ``None``."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _mask_word(word):
    """First letter kept, every other letter replaced: ``Smith`` → ``S****``."""
    return word[0] + "*" * (len(word) - 1)


def _mask_korean_name(name):
    """홍길동 → 홍*동; two syllables keep the first, four or more keep the first two.

    Names of four or more syllables usually have a two-syllable surname (남궁, 황보, 선우),
    so the first two are kept and the given name masked.
    """
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    if len(name) == 3:
        return name[0] + "*" + name[2]
    return name[:2] + "*" * (len(name) - 2)


def _is_latin_name(name):
    """Latin letters and no Hangul syllables: masked word by word, not syllable by syllable."""
    has_latin = any(c.isascii() and c.isalpha() for c in name)
    return has_latin and not any("\uac00" <= c <= "\ud7a3" for c in name)


def mask_name(name):
    """A person's name with most of it hidden; ``""`` when blank.

    Korean names: ``홍길동`` → ``홍*동``, ``김수`` → ``김*``, ``남궁민수`` → ``남궁**``.
    Latin names keep the first letter of each word.

    >>> mask_name("김민수"), mask_name("남궁민수"), mask_name("John Smith"), mask_name("")
    ('김*수', '남궁**', 'J*** S****', '')
    """
    name = _clean(name)
    if not name:
        return ""
    if _is_latin_name(name):
        return " ".join(_mask_word(word) for word in name.split())
    # Korean names are masked syllable by syllable; a stray space does not count as one.
    return _mask_korean_name("".join(name.split()))


def _mask_last_digits(text, count=4):
    """``text`` with its last ``count`` digits replaced by ``*``, other characters kept."""
    chars = list(text)
    for index in range(len(chars) - 1, -1, -1):
        if count == 0:
            break
        if chars[index].isdigit():
            chars[index] = "*"
            count -= 1
    return "".join(chars)


def mask_phone(phone):
    """A phone number with its last four digits hidden; ``""`` when blank.

    >>> mask_phone("010-1234-5678"), mask_phone("010 1234 5678"), mask_phone(None)
    ('010-1234-****', '010 1234 ****', '')
    """
    phone = _clean(phone)
    if not phone:
        return ""
    canonical = _CANONICAL_MOBILE_RE.match(phone)
    if canonical:
        return canonical.group(1) + "****"
    return _mask_last_digits(phone)


def mask_email(email):
    """An e-mail address with the local part hidden but its first character.

    Always three asterisks, so the mask does not reveal the length of the local part.

    >>> mask_email("hong@example.com"), mask_email("h@example.com"), mask_email("")
    ('h***@example.com', '*@example.com', '')
    """
    email = _clean(email)
    if not email:
        return ""
    local, at, domain = email.rpartition("@")
    if not at:
        # Not an address at all: hide it the same way rather than show it.
        local, domain = email, ""
    masked = "*" if len(local) <= 1 else local[0] + "***"
    return f"{masked}{at}{domain}"
