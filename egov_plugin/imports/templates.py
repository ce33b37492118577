"""Downloadable ``.xlsx`` templates: the 소통 네트워크 관리카드 for each kind of import.

A title row, the Korean column titles the import recognises, an example row (its 번호 is
"예시", so the import skips it), drop-down lists for gender, age band, neighbourhood (and role
or occupation for members) and a notes sheet. A template filled in with the drop-downs imports
without a single warning.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from egov_plugin.core.text import AGE_BAND_KOREAN
from egov_plugin.people.consent import BASIS_WORDS, Basis
from egov_plugin.people.models import Region

from .kinds import get_kind
from .kinds.members import COMMITTEE_ROLES, OCCUPATIONS, ORGANIZATION_ROLES
from .pipeline import EXAMPLE_MARK

#: Rows prepared (numbered, with drop-downs) below the example.
TEMPLATE_ROWS = 500
TITLES = {
    "people": "소통 네트워크 관리카드 (전자소통 가입자)",
    "organization-members": "소통 네트워크 관리카드 (단체 회원)",
    "committee-members": "소통 네트워크 관리카드 (위원회 위원)",
    "opinions": "의견 일괄 등록",
}
_EXAMPLE = {
    "name": "홍길동",
    "mobile": "010-1234-5678",
    "email": "hong@example.com",
    "age_band": "40대",
    "gender": "남",
    "joined": "2024-03-01",
    "sms_consent": "Y",
    "email_consent": "N",
    "memo": "",
    "role": None,  # filled per kind
    "occupation": "교수",
    "term_start": "2024-01-01",
    "term_end": "2025-12-31",
    "joined_on": "2024-03-01",
    "consent_on": "2024-03-01",
    "consent_basis": "명단",
    "card_signed_on": "",
    "text": "공원 산책로에 조명을 더 설치해 주세요.",
    "created_at": "2024-05-02",
    "stance": "찬성",
}
_NOTES = [
    "작성 안내",
    "",
    "1. 2행의 제목은 바꾸지 마세요. 제목으로 각 열을 알아봅니다(다른 제목도 알아보지만, "
    "이 양식이 가장 확실합니다).",
    "2. 3행의 예시(번호가 '예시'인 행)는 올리지 않습니다. 지우지 않아도 됩니다.",
    "3. 성명과, 휴대폰 또는 이메일 중 하나는 꼭 적어 주세요. 없으면 그 행은 등록되지 않고 "
    "오류 목록에 행 번호와 함께 나옵니다.",
    "4. 휴대폰은 010-1234-5678, 01012345678 어느 쪽으로 적어도 됩니다.",
    "5. 성별, 연령대, 주소(동)은 목록에서 고르세요. 목록에 없는 값은 비워 두고 경고로 알려 "
    "드립니다.",
    "6. 이미 등록된 분은 빈 칸만 채우고, 다른 값이 있으면 바꾸지 않고 '충돌'로 알려 드립니다.",
    "7. 같은 파일을 다시 올려도 중복으로 등록되지 않습니다.",
    "8. 올리면 먼저 미리보기(건수와 문제 목록)를 보여 드리고, '가져오기'를 눌러야 저장됩니다.",
    "9. (회원·위원 명단) 문자·이메일 수신 동의는 Y 또는 N으로 적고, 동의한 날을 동의일자에 "
    "적어 주세요. 동의근거는 명단(명단과 함께 받은 동의, 비워 두면 이것) 또는 종이카드(본인이 "
    "서명한 관리카드를 옮겨 적은 것: 카드서명일이 꼭 있어야 합니다)입니다. N은 이미 받은 "
    "동의를 철회하지 않습니다.",
]


def _lists(kind):
    regions = list(Region.objects.order_by("sort_order", "name").values_list("name", flat=True))
    lists = {
        "gender": ["남", "여"],
        "age_band": list(AGE_BAND_KOREAN.values()),
        "region": regions or [""],
        "sms_consent": ["Y", "N"],
        "email_consent": ["Y", "N"],
        "stance": ["찬성", "반대", "중립"],
        "consent_basis": [BASIS_WORDS[Basis.IMPORT], BASIS_WORDS[Basis.PAPER]],
        "occupation": list(OCCUPATIONS),
    }
    if kind.key == "committee-members":
        lists["role"] = list(COMMITTEE_ROLES)
    elif kind.key == "organization-members":
        lists["role"] = list(ORGANIZATION_ROLES)
    return lists


def build_template(kind_key):
    """The template for ``kind_key`` as ``.xlsx`` bytes."""
    kind = get_kind(kind_key)
    fields = kind.fields
    lists = _lists(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "명단"
    sheet.append([TITLES[kind_key]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fields))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f.title for f in fields])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, field in enumerate(fields, start=1):
        cell = sheet.cell(row=2, column=index)
        cell.font = Font(bold=True, color="C00000" if field.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = 40 if field.key == "text" else 16
    example = dict(_EXAMPLE, region=lists["region"][0], role=lists.get("role", [""])[0])
    sheet.append([EXAMPLE_MARK if f.key == "_number" else example.get(f.key, "") for f in fields])
    for index in range(1, len(fields) + 1):
        sheet.cell(row=3, column=index).font = Font(italic=True, color="808080")
    for number in range(1, TEMPLATE_ROWS + 1):
        sheet.cell(row=3 + number, column=1, value=number)
    sheet.freeze_panes = "B3"

    # Lists live on a hidden sheet: a list written into the validation itself may hold at
    # most 255 characters, too few for seventeen neighbourhoods.
    choices = workbook.create_sheet("목록")
    last_row = 3 + TEMPLATE_ROWS
    for list_index, (key, values) in enumerate(sorted(lists.items()), start=1):
        column = get_column_letter(list_index)
        choices.cell(row=1, column=list_index, value=key)
        for offset, value in enumerate(values, start=2):
            choices.cell(row=offset, column=list_index, value=value)
        position = next((i for i, f in enumerate(fields, start=1) if f.key == key), None)
        if position is None:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"'목록'!${column}$2:${column}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="목록에 없는 값",
            error="목록에서 골라 주세요.",
        )
        target = get_column_letter(position)
        validation.add(f"{target}3:{target}{last_row}")
        sheet.add_data_validation(validation)
    choices.sheet_state = "hidden"

    notes = workbook.create_sheet("안내")
    notes.column_dimensions["A"].width = 110
    for line in _NOTES:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append([])
    notes.append(["열", "설명"])
    for field in fields:
        if not field.key.startswith("_"):
            required = " (필수)" if field.required else ""
            notes.append([f"{field.title}{required}", str(field.label)])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
