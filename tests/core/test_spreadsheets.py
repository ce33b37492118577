"""Exports never run a formula and never change what residents wrote (issue 13, item 12).

The writers of :mod:`egov_plugin.core.spreadsheets` are read back with the import's own reader
(python-calamine for .xlsx, the CSV reader), which is what "uploaded again" means.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov_plugin.core import audit
from egov_plugin.core.models import AuditEvent
from egov_plugin.core.spreadsheets import (
    csv_bytes,
    neutralize,
    unneutralize,
    write_xlsx,
    xlsx_text,
)
from egov_plugin.imports.readers import read_table

#: Texts as residents and staff write them: a spreadsheet would run the formula-like ones, a
#: careless writer would lose the apostrophe, the CR, the control character or the escape.
TEXTS = [
    "'성수동' 주민입니다",
    "'별명'",
    "'",
    "''",
    "'=이미 따옴표",
    "''+둘",
    "=1+1",
    '=HYPERLINK("http://evil.example","click")',
    "+82-10-1234-5678",
    "-2",
    "@SUM(A1:A2)",
    "\t탭",
    "\r캐리지 리턴",
    "\r\n",
    "a\r\nb\rc\nd",
    "끝에 공백  ",
    "  앞에 공백",
    "_x000D_ 라고 쓴 글",
    "_x005F_",
    "세로 탭\x0b과 NUL\x00",
    "평범한 의견입니다.",
]


def _xlsx_rows(headers, rows):
    data = write_xlsx(headers, rows).read()
    return data, read_table(data, "export.xlsx").rows


def test_xlsx_gives_every_text_back_exactly_and_runs_none():
    data, rows = _xlsx_rows(["의견"], [[text] for text in TEXTS])
    assert [row[0] for row in rows[1:]] == TEXTS
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)  # text, never a formula
    # Formula-like texts carry Excel's "typed as text" mark, so editing them keeps them text;
    # nothing is added to the text itself.
    marked = {cell.value for cell in cells if cell.quotePrefix}
    assert marked == {xlsx_text(t) for t in TEXTS if t.startswith(("=", "+", "-", "@", "\t", "\r"))}
    assert "'성수동' 주민입니다" in {cell.value for cell in cells}


def test_csv_prefixes_formulas_only_and_the_reader_takes_the_prefix_off():
    data = csv_bytes(["의견"], [[text] for text in TEXTS if "\x00" not in text])
    written = [r[0] for r in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))][1:]
    for cell in written:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'성수동' 주민입니다" in written and "'별명'" in written  # as written
    assert "''=이미 따옴표" in written and "'''+둘" in written  # one apostrophe more
    read = [row[0] for row in read_table(data, "export.csv").rows[1:]]
    assert read == [text for text in TEXTS if "\x00" not in text]


@pytest.mark.parametrize("text", TEXTS)
def test_neutralize_and_unneutralize_are_exact_inverses(text):
    assert unneutralize(neutralize(text)) == text
    assert not neutralize(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_numbers_dates_and_blanks_are_not_text():
    import datetime

    when = datetime.datetime(2024, 3, 5, 14, 30, 15, 123456)
    data, rows = _xlsx_rows(["a", "b", "c", "d"], [[-3, when, None, True]])
    assert rows[1][0] == -3 and rows[1][2] == "" and rows[1][3] == "Y"
    assert abs(rows[1][1] - when) < datetime.timedelta(milliseconds=1)
    text = csv_bytes(["a", "b"], [[-3, when]]).decode("utf-8-sig")
    assert text.splitlines()[1] == "-3,2024-03-05 14:30:15.123456"


def test_the_analysis_report_writes_labels_as_text():
    from openpyxl import Workbook

    from egov_plugin.analysis.report import _sheet

    workbook = Workbook(write_only=True)
    _sheet(workbook, "키워드", ["순위", "명사"], [[1, "=cmd|'/c calc'!A1"], [2, "'성수동'"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_table(buffer.getvalue(), "report.xlsx").rows
    assert rows[1:] == [[1, "=cmd|'/c calc'!A1"], [2, "'성수동'"]]


@pytest.mark.django_db
def test_wagtails_own_csv_exports_are_neutralized_too(administrator, admin_client_for):
    """Site history (a Wagtail report) lists our audit events' summaries; its CSV export is
    Wagtail's own code, which writes cells as they come."""
    audit.record(
        None,
        AuditEvent.Action.IMPORT,
        summary='=HYPERLINK("http://evil.example","click")',
        user=administrator,
    )
    client = admin_client_for(administrator)
    response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    # Its .xlsx export was already safe: the text is a text cell.
    response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = {c.value: c.data_type for row in sheet.iter_rows() for c in row}
    assert values['=HYPERLINK("http://evil.example","click")'] == "s"
