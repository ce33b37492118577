"""Writing spreadsheets safely: streamed ``.xlsx`` (openpyxl write-only) and ``.csv``.

A cell that a spreadsheet program would run as a formula (text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is never run, and what residents wrote comes back
exactly when the file is uploaded again:

- ``.xlsx``: every text is a **cell typed as text** (an inline string, never a formula), and a
  formula-like one also carries Excel's "quote prefix" style, so that editing the cell in Excel
  keeps it text. Nothing is added to the text itself: ``'성수동' 주민입니다`` stays as written.
  Characters XML cannot hold as they are (a carriage return, control characters) are written
  as OOXML's ``_xHHHH_`` escapes, which Excel, LibreOffice and python-calamine read back.
- ``.csv`` has no cell types, so a formula-like text gets an **apostrophe prefix** (the usual
  CSV-injection defence). So that the prefix can be told from a resident's own apostrophe, a
  text that already starts with apostrophes followed by a formula character gets one more
  (:func:`neutralize`); the import's reader removes exactly one (:func:`unneutralize`). Any other
  text, ``'별명'`` for one, is written and read as it is.

CSV is UTF-8 with a BOM so that Korean Excel opens it without garbling Hangul. Wagtail's own
listing exports (reports, form submissions) write CSV cells as they come;
:func:`protect_wagtail_exports` (called when the app is ready) gives them the same prefix.

When ``EGOV_ENCRYPT_EXPORTS`` is on, workbooks of personal data are password-encrypted
(:func:`encrypt_xlsx`, ECMA-376 agile encryption as Excel itself writes it, through the optional
``msoffcrypto-tool`` — the package's ``encryption`` extra) with a password from
:func:`new_password`, which the user is shown once.
"""

import csv
import datetime
import io
import re
import secrets
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}

# Apostrophes, then a formula character: the texts that get (or, read back, lose) one apostrophe.
_PREFIXED = re.compile(r"'*[=+\-@\t\r]")
# What an OOXML text cannot hold as it is: a carriage return (XML turns it into a line feed),
# control characters (not XML at all), and an underscore that would start an escape.
_XLSX_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def neutralize(value):
    """A CSV cell value that no spreadsheet will evaluate, and that :func:`unneutralize` undoes.

    >>> neutralize("=1+1"), neutralize("'=1+1"), neutralize(-3), neutralize("'별명'")
    ("'=1+1", "''=1+1", -3, "'별명'")
    """
    if isinstance(value, str) and _PREFIXED.match(value):
        return "'" + value
    return value


def unneutralize(text):
    """The text :func:`neutralize` was given: one apostrophe less before a formula character.

    >>> unneutralize("'=1+1"), unneutralize("''=1+1"), unneutralize("'별명'")
    ('=1+1', "'=1+1", "'별명'")
    """
    if text[:1] == "'" and _PREFIXED.match(text, 1):
        return text[1:]
    return text


def formula_like(text):
    """Whether a spreadsheet program would run ``text`` as a formula if it were typed in."""
    return text.startswith(FORMULA_PREFIXES)


def _xlsx_escape(match):
    char = match.group()
    return "_x005F_" if char == "_" else f"_x{ord(char):04X}_"


def xlsx_text(text):
    """``text`` as an OOXML string: CR and control characters as ``_xHHHH_`` escapes.

    >>> xlsx_text("a\r\nb"), xlsx_text("_x000D_"), xlsx_text("'별명'")
    ('a_x000D_\nb', '_x005F_x000D_', "'별명'")
    """
    return _XLSX_UNSAFE.sub(_xlsx_escape, text)


def text_cell(sheet, text):
    """A write-only cell typed as text holding ``text`` exactly (never a formula)."""
    cell = WriteOnlyCell(sheet, value=xlsx_text(text))
    cell.data_type = "s"  # openpyxl would otherwise treat "=..." as a formula
    if formula_like(text):
        cell.quotePrefix = True  # Excel's own mark of "typed as text": editing keeps it text
    return cell


def _cell_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the local (Asia/Seoul) wall-clock time.
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return "Y" if value else "N"
    return value


def _csv_value(value):
    value = _cell_value(value)
    if isinstance(value, datetime.datetime):
        # ISO with a space, as str() writes it; the import reads it back to the microsecond.
        return value.isoformat(sep=" ")
    return neutralize(value)


def xlsx_cells(sheet, values):
    """The cells of one row: texts as :func:`text_cell`, the rest as openpyxl writes them."""
    cells = []
    for value in values:
        value = _cell_value(value)
        # openpyxl writes any other text as a text cell itself (it takes only "=…" for a
        # formula), and ordinary text, by far the most, needs no cell object of its own.
        if isinstance(value, str) and (
            formula_like(value)
            # isprintable() is false for every control character: the regex only runs then.
            or ((not value.isprintable() or "_x" in value) and _XLSX_UNSAFE.search(value))
        ):
            cells.append(text_cell(sheet, value))
        else:
            cells.append(value)
    return cells


def write_xlsx(headers, rows, *, title="Sheet1", password=None):
    """Write ``rows`` (iterables of cell values) under ``headers`` to a temporary file.

    Returns the file, rewound; openpyxl's write-only mode keeps memory flat however many rows.
    Texts are cells typed as text (:func:`text_cell`), so they are never run and come back as
    they were written. With ``password``, the workbook is encrypted with it (:func:`encrypt_xlsx`).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(xlsx_cells(sheet, [str(h) for h in headers]))
    for row in rows:
        sheet.append(xlsx_cells(sheet, row))
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(output)
    output.seek(0)
    if password:
        return encrypt_xlsx(output, password)
    return output


#: Letters and digits that cannot be mistaken for one another when read off a screen.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def new_password(length=16):
    """A random password for an encrypted export (about 92 bits for 16 characters)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


class EncryptionUnavailable(RuntimeError):
    """Encryption was asked for but ``msoffcrypto-tool`` is not installed."""


def encryption_available():
    """Whether ``msoffcrypto-tool`` (the ``encryption`` extra) can be imported."""
    try:
        import msoffcrypto  # noqa: F401
    except ImportError:
        return False
    return True


def encrypt_xlsx(workbook_file, password):
    """The ``.xlsx`` in ``workbook_file`` encrypted with ``password``; returns a rewound file.

    Excel, LibreOffice and ``msoffcrypto`` open it with the password; without it, it is an
    unreadable OLE container.
    """
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError as exc:
        raise EncryptionUnavailable(
            "Encrypted exports need msoffcrypto-tool: pip install 'egov_plugin[encryption]'."
        ) from exc
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    OOXMLFile(workbook_file).encrypt(password, output)
    output.seek(0)
    return output


class _Echo:
    def write(self, value):
        return value


def iter_csv(headers, rows):
    """Yield CSV text chunks (UTF-8 with BOM first) for a streaming response."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([neutralize(str(h)) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row])


def csv_bytes(headers, rows):
    """The whole CSV as bytes (for tests and small exports)."""
    buffer = io.StringIO()
    for chunk in iter_csv(headers, rows):
        buffer.write(chunk)
    return buffer.getvalue().encode("utf-8")


def protect_wagtail_exports():
    """Give the CSV exports of Wagtail's own listings (reports such as Site history, form
    submissions, any viewset's ``list_export``) the apostrophe prefix of :func:`neutralize`.

    Wagtail writes xlsx texts as text cells but CSV cells as they come, and offers no hook for
    it; every such view inherits ``SpreadsheetExportMixin.write_csv_row``, so that one method is
    wrapped (once).
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin.write_csv_row, "egov_neutralized", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralize(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    write_csv_row.egov_neutralized = True
    write_csv_row.__doc__ = SpreadsheetExportMixin.write_csv_row.__doc__
    SpreadsheetExportMixin.write_csv_row = write_csv_row
