"""The report workbook of a consultation's analysis: one sheet per breakdown (openpyxl,
write-only, so memory stays flat). It holds counts only, no personal data."""

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from egov_plugin.core.spreadsheets import xlsx_cells


def _append(sheet, values):
    # Texts (group labels, nouns, the consultation's title) are cells typed as text: never run.
    sheet.append(xlsx_cells(sheet, values))


def _sheet(workbook, title, headers, rows):
    # Sheet titles are at most 31 characters and may not hold []:*?/\ .
    clean = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31]
    sheet = workbook.create_sheet(title=clean)
    _append(sheet, [str(h) for h in headers])
    for row in rows:
        _append(sheet, row)


def write_report(page, breakdowns, comparison, keywords):
    """The workbook as a rewound temporary file."""
    workbook = Workbook(write_only=True)
    total = breakdowns[0].total if breakdowns else 0
    _sheet(
        workbook,
        _("Summary"),
        [_("Item"), _("Value")],
        [
            [_("Consultation"), page.title],
            [_("Opens"), timezone.localtime(page.opens_at).strftime("%Y-%m-%d %H:%M")],
            [_("Closes"), timezone.localtime(page.closes_at).strftime("%Y-%m-%d %H:%M")],
            [_("Opinions counted"), total],
            [_("Participants compared"), comparison.participants],
            [_("Reference population"), str(comparison.reference_label)],
            [_("Representativeness score (1 − TVD)"), comparison.score],
            [_("Written"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        ],
    )
    for breakdown in breakdowns:
        _sheet(
            workbook,
            breakdown.title,
            [_("Group"), pgettext("number of opinions", "Opinions"), _("Share (%)")],
            [[str(row.label), row.count, row.share] for row in breakdown.rows],
        )
    _sheet(
        workbook,
        _("Representativeness"),
        [
            _("Neighbourhood · age band · gender"),
            _("Participants"),
            _("Participant share (%)"),
            _("Reference"),
            _("Reference share (%)"),
            _("Ratio"),
        ],  # fmt: skip
        [
            [c.label, c.participants, c.participant_share, c.reference, c.reference_share, c.ratio]
            for c in comparison.cells
        ],
    )
    _sheet(
        workbook,
        _("Keywords"),
        [_("Rank"), _("Noun"), _("Occurrences"), pgettext("number of opinions", "Opinions")],
        [[k.rank, k.noun, k.count, k.opinions] for k in keywords],
    )
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(output)
    output.seek(0)
    return output
