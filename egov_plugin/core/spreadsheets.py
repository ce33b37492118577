"""Writing spreadsheets safely: streamed ``.xlsx`` (openpyxl write-only) and ``.csv``.

Both writers turn cells that a spreadsheet program would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) into text, so an exported opinion such as
``=HYPERLINK(...)`` is shown, never executed. CSV is UTF-8 with a BOM so that Korean Excel
opens it without garbling Hangul.

When ``EGOV_ENCRYPT_EXPORTS`` is on, workbooks of personal data are password-encrypted
(:func:`encrypt_xlsx`, ECMA-376 agile encryption as Excel itself writes it, through the optional
``msoffcrypto-tool`` — the package's ``encryption`` extra) with a password from
:func:`new_password`, which the user is shown once.
"""

import csv
import datetime
import io
import secrets
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}


def neutralize(value):
    """A cell value that no spreadsheet will evaluate.

    >>> neutralize("=1+1"), neutralize("-3"), neutralize(-3), neutralize("안녕")
    ("'=1+1", "'-3", -3, '안녕')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the local (Asia/Seoul) wall-clock time.
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return "Y" if value else "N"
    return neutralize(value) if isinstance(value, str) else value


def write_xlsx(headers, rows, *, title="Sheet1", password=None):
    """Write ``rows`` (iterables of cell values) under ``headers`` to a temporary file.

    Returns the file, rewound; openpyxl's write-only mode keeps memory flat however many rows.
    Formula-like strings are written as text cells (data type ``s``), not as formulas. With
    ``password``, the workbook is encrypted with it (:func:`encrypt_xlsx`).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(h) for h in headers])
    for row in rows:
        cells = []
        for value in row:
            value = _cell_value(value)
            if isinstance(value, str) and value.startswith("'"):
                cell = WriteOnlyCell(sheet, value=value[1:])
                cell.data_type = "s"  # openpyxl would otherwise treat "=..." as a formula
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
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
    yield "\ufeff" + writer.writerow([str(h) for h in headers])
    for row in rows:
        yield writer.writerow([_cell_value(v) for v in row])


def csv_bytes(headers, rows):
    """The whole CSV as bytes (for tests and small exports)."""
    buffer = io.StringIO()
    for chunk in iter_csv(headers, rows):
        buffer.write(chunk)
    return buffer.getvalue().encode("utf-8")
