"""The fields each kind of import knows and the column titles that mean them.

Offices name their columns differently (성명 or 이름, 휴대폰 or 연락처 …), so every field lists
the Korean and English titles met so far. :func:`auto_map` maps a header row to fields;
staff may correct the result in the admin before committing.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    """A field an import can fill: its key, the Korean column title of the templates, the
    other titles that mean it, and whether a row needs it."""

    key: str
    title: str
    synonyms: tuple = ()
    required: bool = False
    help: str = ""
    #: The English label shown in the mapping form.
    label: str = ""

    def all_titles(self):
        return (self.title, *self.synonyms)


#: The template's "번호" column: ignored on import, except that a row whose number is "예시"
#: is the template's example and is skipped.
NUMBER = Field("_number", "번호", ("연번", "순번", "no", "no.", "#"), label=_("Row number"))

NAME = Field(
    "name",
    "성명",
    ("이름", "성함", "name", "fullname", "위원명", "회원명", "작성자", "작성자명", "신청자"),
    required=True,
    label=_("Name"),
)
MOBILE = Field(
    "mobile",
    "휴대폰",
    (
        "핸드폰",
        "휴대전화",
        "연락처",
        "전화번호",
        "휴대폰번호",
        "핸드폰번호",
        "휴대전화번호",
        "전화",
        "hp",
        "h.p",
        "mobile",
        "phone",
        "cellphone",
        "mobilephone",
    ),
    label=_("Mobile number"),
)
EMAIL = Field(
    "email",
    "이메일",
    ("e-mail", "email", "메일", "전자우편", "이메일주소", "메일주소", "전자메일"),
    label=_("E-mail address"),
)
REGION = Field(
    "region",
    "주소(동)",
    ("거주지", "행정동", "동", "주소", "거주동", "동명", "거주지역", "neighbourhood", "region"),
    label=_("Neighbourhood"),
)
AGE_BAND = Field(
    "age_band",
    "연령대",
    ("연령", "나이", "출생연도", "생년", "출생년도", "age", "ageband"),
    label=_("Age band"),
)
GENDER = Field("gender", "성별", ("gender", "sex", "남녀"), label=_("Gender"))
MEMO = Field("memo", "비고", ("메모", "memo", "note", "notes", "참고"), label=_("Memo"))

PERSON_FIELDS = (NUMBER, NAME, MOBILE, EMAIL, REGION, AGE_BAND, GENDER)


def title_key(text):
    """A comparison key for a column title: width, case, spaces and required-marks folded.

    >>> title_key(" 휴대폰 번호* "), title_key("E-Mail"), title_key("주소 (동)")
    ('휴대폰번호', 'e-mail', '주소(동)')
    """
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = re.sub(r"[\s*※:：]", "", text)
    return text


def _without_brackets(key):
    return re.sub(r"\(.*?\)|\[.*?\]", "", key)


def field_for_title(title, fields):
    """The field a column title means, or ``None``.

    The full title is tried first (주소(동)); then the title without its bracketed note
    (연락처(휴대폰) → 연락처, 성명(필수) → 성명).
    """
    key = title_key(title)
    if not key:
        return None
    index = _index(fields)
    if key in index:
        return index[key]
    return index.get(_without_brackets(key))


_INDEXES = {}


def _index(fields):
    fields = tuple(fields)
    if fields not in _INDEXES:
        _INDEXES[fields] = {title_key(t): f for f in fields for t in f.all_titles()}
    return _INDEXES[fields]


def auto_map(header_cells, fields):
    """``{column index: field key}`` for a header row; the first column wins a field."""
    mapping = {}
    taken = set()
    for index, cell in enumerate(header_cells):
        field = field_for_title(cell, fields)
        if field is not None and field.key not in taken:
            mapping[index] = field.key
            taken.add(field.key)
    return mapping
