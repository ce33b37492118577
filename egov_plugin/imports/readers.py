"""Reading uploaded tables: ``.xlsx``/``.xls``/``.ods`` with python-calamine, ``.csv`` as text.

:func:`read_table` returns every row of the first sheet (row 1 first, as Excel numbers them)
or raises :class:`ReadError` with one sentence staff can act on. The checks that keep bad
files away from the parsers come first: size, type by content (not by name), encrypted Office
files, and the uncompressed size of zip-based workbooks (a zip bomb is refused before a single
member is inflated). This reader knows nothing about people or opinions, so other apps (paper
ballots in :mod:`egov_plugin.budgeting.paper`, for one) can use it too.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from egov_plugin.core.spreadsheets import unneutralize

from .conf import app_settings

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
ACCEPTED_EXTENSIONS = (*SPREADSHEET_EXTENSIONS, ".csv")
#: Names of text tables: a NUL character in one is reported where it is, not as "not a table".
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE container with these streams instead of a zip archive.
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


class ReadError(ValueError):
    """The file cannot be read as a table at all; ``str()`` is the message for staff."""


@dataclass
class Table:
    """The rows of one sheet: lists of cell values; ``rows[0]`` is row 1."""

    rows: list
    sheet_name: str = ""
    format: str = ""
    #: Merged ranges ``((first row, first column), (last row, last column))``, 0-based, where
    #: the format has them (a merged cell's value is in its first cell, the rest are blank).
    merged: list = field(default_factory=list)


def read_table(data, filename=""):
    """Read ``data`` (bytes) as a table; ``filename`` only helps to tell CSV from the rest."""
    limit = app_settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ReadError(
            _("The file is larger than the limit of %(limit)d MB.")
            % {"limit": limit // (1024 * 1024)}
        )
    if not data.strip():
        raise ReadError(_("The file is empty."))
    head = data[:8]
    if head.startswith(_ZIP_MAGIC):
        _check_zip(data)
        return _read_workbook(data)
    if head == _OLE_MAGIC:
        if any(marker in data[:1_000_000] for marker in _ENCRYPTED_MARKERS):
            raise ReadError(_password_message())
        return _read_workbook(data, legacy=True)
    if filename.lower().endswith(SPREADSHEET_EXTENSIONS):
        raise ReadError(_("The file is damaged: it is not the spreadsheet its name says."))
    return _read_csv(data, filename)


def _password_message():
    return _(
        "The file is protected by a password. Open it in Excel, remove the password "
        "(File › Info › Protect Workbook) and upload it again."
    )


def _check_zip(data):
    """Refuse damaged archives and archives that would inflate beyond the setting's limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReadError(_("The file is damaged and cannot be opened.")) from exc
    names = {member.filename for member in members}
    if not ({"xl/workbook.xml", "content.xml"} & names):
        raise ReadError(_("The file is not a spreadsheet (.xlsx, .xls, .ods or .csv)."))
    # The sizes in the central directory are what the archive claims; calamine would stop on a
    # member that inflates to more than it claims, so the claim is what has to be bounded.
    total = sum(member.file_size for member in members)
    if total > app_settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            _(
                "The file would unpack to %(size)d MB, more than the limit of %(limit)d MB; "
                "it is refused as it may be a zip bomb."
            )
            % {
                "size": total // (1024 * 1024),
                "limit": app_settings.IMPORT_MAX_UNCOMPRESSED_BYTES // (1024 * 1024),
            }
        )


def _read_workbook(data, legacy=False):
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise ReadError(_("The workbook has no sheets."))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
        merged = list(sheet.merged_cell_ranges or [])
    except ReadError:
        raise
    except (CalamineError, ValueError, IndexError, OSError) as exc:
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise ReadError(_password_message()) from exc
        raise ReadError(_("The file is damaged and cannot be opened.")) from exc
    fmt = "xls" if legacy else "xlsx/ods"
    return Table(rows=rows, sheet_name=workbook.sheet_names[0], format=fmt, merged=merged)


def decode_text(data):
    """Text of a CSV file: UTF-8 (with or without BOM) or CP949, which Korean Excel writes, or
    UTF-16 with its BOM (Excel's "Unicode text")."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as exc:
        raise ReadError(_not_a_spreadsheet()) from exc


def _not_a_spreadsheet():
    return _("The file is not a spreadsheet (.xlsx, .xls, .ods or .csv in UTF-8 or CP949).")


#: More NUL bytes than this share (and than a handful) make a binary file, not a CSV file
#: with a stray NUL character.
_BINARY_NUL_SHARE = 0.01
_BINARY_NUL_MIN = 16


def column_letter(index):
    """The spreadsheet letter of the 0-based column ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _read_csv(data, filename=""):
    nul_bytes = data.count(b"\x00")
    binary = nul_bytes > max(_BINARY_NUL_MIN, len(data) * _BINARY_NUL_SHARE)
    named_text = filename.lower().endswith(TEXT_EXTENSIONS) or not PurePath(filename).suffix
    if nul_bytes and (binary or not named_text) and not data.startswith(_UTF16_BOMS):
        # Images, PDFs and HWP files are full of NUL bytes; text never holds them.
        raise ReadError(_("The file is not a spreadsheet (.xlsx, .xls, .ods or .csv)."))
    text, encoding = decode_text(data)
    # Excel's "Unicode text" export uses tabs; everything else we meet uses commas. Sniffing
    # more cleverly guesses wrong on Korean prose with quoted commas.
    first_line = text.split("\n", 1)[0]
    dialect = csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise ReadError(_("The CSV file is damaged: %(error)s") % {"error": exc}) from exc
    if "\x00" in text:
        _refuse_nul(rows)
    # Our exports put an apostrophe before text a spreadsheet would run as a formula (see
    # egov_plugin.core.spreadsheets); it is taken off again so that residents' text comes back
    # exactly as they wrote it.
    for row in rows:
        for index, cell in enumerate(row):
            if cell[:1] == "'":
                row[index] = unneutralize(cell)
    return Table(rows=rows, sheet_name="", format=f"csv ({encoding})")


def _refuse_nul(rows):
    """Refuse a CSV holding a NUL character, naming the first cell that holds one."""
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            if "\x00" in cell:
                raise ReadError(
                    _(
                        "Row %(row)d, column %(column)s holds a NUL character (a zero byte), "
                        "which a text file never does: the file is damaged or was not saved as "
                        "CSV. Remove the character, or open the file in Excel and save it again "
                        "as CSV (UTF-8), then upload it again."
                    )
                    % {"row": number, "column": column_letter(index)}
                )
