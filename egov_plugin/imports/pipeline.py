"""The upload pipeline: read → find the header → map → clean → plan (preview) → commit.

The admin upload, the task that commits a job, the ``egov_import`` command and the benchmark
all go through :func:`analyse` and :func:`execute`, so they behave the same. The commit is one
transaction: a failure midway leaves the database as it was before the job.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov_plugin.core import audit

from . import leases, store
from .conf import app_settings
from .headers import find_header
from .kinds import get_kind
from .models import ImportJob, ImportRow, PreparedRows
from .readers import ReadError, read_table
from .rows import Row, cell_text

#: How many problems the preview screen lists.
FIRST_PROBLEMS = 50
#: The value of the template's 번호 column on its example row.
EXAMPLE_MARK = "예시"


@contextmanager
def paused_gc():
    """Run a block with Python's cyclic garbage collector paused.

    Reading and writing a large file creates millions of small objects that live until the
    job ends. The collector would scan them all again and again while they are created
    (about half the time of cleaning and decoding 80,000 rows); reference counting still
    frees everything else at once, and the few cycles left are collected when it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Prepared:
    """A file read and its header found: everything needed to preview or commit it."""

    rows: list
    header_index: int
    headers: list
    mapping: dict  # column index → field key
    #: Rows the column titles take (2 for a group title over its columns).
    header_height: int = 1

    @property
    def header_row(self):
        """The header's last row as Excel numbers it (the data start below it)."""
        return self.header_index + 1

    @property
    def data_rows(self):
        return len(self.rows) - self.header_index - 1


@dataclass
class Report:
    """Totals and problems of one run; :meth:`as_json` is the command's JSON contract."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    committed: bool = False

    def as_json(self):
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "skipped": self.skipped,
            "errors": self.errors,
            "warnings": self.warnings,
        }

    @property
    def counts(self):
        return {k: v for k, v in self.as_json().items() if isinstance(v, int)}

    def first_problems(self, limit=FIRST_PROBLEMS):
        problems = [dict(p, level="error") for p in self.errors] + [
            dict(p, level="warning") for p in self.warnings
        ]
        problems.sort(key=lambda p: (p["row"], p["level"] != "error"))
        return problems[:limit]


def analyse(data, filename, kind, mapping=None):
    """Read ``data`` and find its header row; ``mapping`` overrides the automatic one."""
    table = read_table(data, filename)
    header = find_header(table.rows, kind.fields, table.merged)
    rows = table.rows
    if len(rows) - header.index - 1 > app_settings.IMPORT_MAX_ROWS:
        raise ReadError(
            _("The file has more than %(limit)d rows; split it into smaller files.")
            % {"limit": app_settings.IMPORT_MAX_ROWS}
        )
    headers = header.titles
    if mapping is not None:
        known = {f.key for f in kind.fields}
        mapping = {int(k): v for k, v in mapping.items() if v in known and int(k) < len(headers)}
    else:
        mapping = header.mapping
    prepared = Prepared(
        rows=rows,
        header_index=header.index,
        headers=headers,
        mapping=mapping,
        header_height=header.height,
    )
    if next(_data_rows(prepared), None) is None:
        raise ReadError(
            _(
                "The sheet has column titles (row %(row)d) but no rows below them to import "
                "(the template's example row 예시 is not imported)."
            )
            % {"row": header.index + 1}
        )
    return prepared


def _data_rows(prepared):
    columns = sorted(prepared.mapping.items())
    first = prepared.header_index + 1
    number_columns = {i for i, key in columns if key == "_number"}
    for offset, cells in enumerate(prepared.rows[first:]):
        # A row with nothing but its number (templates come pre-numbered) is not a row.
        if all(
            c is None or c == "" or (isinstance(c, str) and not c.strip()) or i in number_columns
            for i, c in enumerate(cells)
        ):
            continue
        values = {key: (cells[i] if i < len(cells) else None) for i, key in columns}
        if cell_text(values.get("_number")) == EXAMPLE_MARK:
            continue
        yield Row(number=first + offset + 1, cells=values, raw=cells)


def check_required(prepared, kind):
    """Refuse a reading that lacks a column for a required field (nothing can be imported)."""
    missing = [
        f.title for f in kind.fields if f.required and f.key not in prepared.mapping.values()
    ]
    if missing:
        raise ReadError(
            _("No column was found for: %(fields)s. Check the column titles or the mapping.")
            % {"fields": ", ".join(missing)}
        )


def clean_rows(prepared, kind):
    """Every data row cleaned by the kind: values, errors and warnings, nothing planned yet.

    Only rejected rows keep their cells (as text, for the error workbook); the rest keep their
    clean values only, which is what makes 80,000 rows fit in memory twice over.
    """
    check_required(prepared, kind)
    rows = []
    previous = 0
    for row in _data_rows(prepared):
        kind.clean(row)
        row.previous_number, previous = previous, row.number
        row.cells = None
        row.raw = [cell_text(c) for c in row.raw] if row.rejected else None
        rows.append(row)
    return rows


def report_columns(prepared):
    """``{field key: column title}`` of a reading, for the report's problems."""
    return {key: prepared.headers[i] for i, key in prepared.mapping.items()}


def execute(prepared, kind, *, commit, job=None, user=None, request=None):
    """Clean, plan and (when ``commit``) write the rows of a reading; returns a :class:`Report`."""
    return run(
        clean_rows(prepared, kind),
        report_columns(prepared),
        kind,
        commit=commit,
        job=job,
        user=user,
        request=request,
    )


def run(rows, columns, kind, *, commit, job=None, user=None, request=None, finish=None):
    """Plan and (when ``commit``) write cleaned rows; returns a :class:`Report`.

    Nothing is written for a preview. A commit runs in one transaction with the job's rows
    and ``finish(report)`` (the job's own outcome); any exception rolls it all back and
    propagates.
    """
    titles = {f.key: f.title for f in kind.fields}
    valid = []
    for row in rows:
        if row.rejected:
            row.outcome = "rejected"
        else:
            valid.append(row)
    kind.plan(valid)
    report = _report(rows, columns, titles)
    if commit:
        if job is not None:
            _progress(job, len(rows) // 2)
        with transaction.atomic():
            kind.apply(valid, job)
            if job is not None:
                _save_rows(job, rows, kind)
            audit.record(
                request,
                audit.Action.IMPORT,
                obj=job,
                user=user,
                summary=_("Import %(kind)s: %(counts)s")
                % {
                    "kind": kind.key,
                    "counts": ", ".join(f"{k} {v}" for k, v in report.counts.items()),
                },
                data={"kind": kind.key, "counts": report.counts, "file": _name(job)},
            )
            if finish is not None:
                finish(report)
        report.committed = True
    return report


def _name(job):
    return job.original_name if job is not None else ""


def _report(rows, columns, titles):
    report = Report(rows=rows)
    for row in rows:
        if row.outcome == "rejected":
            report.skipped += 1
        else:
            setattr(report, row.outcome, getattr(report, row.outcome) + 1)
        for target, problems in ((report.errors, row.errors), (report.warnings, row.warnings)):
            for key, message in problems:
                column = columns.get(key) or titles.get(key, key)
                target.append({"row": row.number, "column": column, "message": message})
    return report


def _save_rows(job, rows, kind):
    """The outcome runs on the job, and an :class:`ImportRow` for each row with a message."""
    ImportRow.objects.filter(job=job).delete()
    runs, objects = [], []
    for row in rows:
        # Blank rows between two rows of the same outcome have none: the run goes on.
        if runs and runs[-1][2] == row.outcome and runs[-1][1] == row.previous_number:
            runs[-1][1] = row.number
        else:
            runs.append([row.number, row.number, row.outcome])
        messages = [m for __, m in row.errors] + [m for __, m in row.warnings]
        # A created or unchanged row says nothing its outcome does not ("Already in the
        # registry."): a second upload of 80,000 people must not store 80,000 such rows.
        if not messages and row.outcome in ("created", "unchanged"):
            continue
        if row.message:
            messages.insert(0, str(row.message))
        objects.append(
            ImportRow(
                job=job,
                row_number=row.number,
                outcome=row.outcome,
                message="\n".join(messages),
                object_id=None if row.rejected else kind.object_id(row),
                data=row.raw if row.rejected else None,
            )
        )
    ImportRow.objects.bulk_create(objects, batch_size=2000)
    job.outcomes = runs
    ImportJob.objects.filter(pk=job.pk).update(outcomes=runs)


def _progress(job, processed):
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=processed)


# --- jobs: what the admin and the task do -------------------------------------------------


def kind_for_job(job):
    target = {
        "organization": job.organization,
        "committee": job.committee,
        "consultation": job.consultation.specific if job.consultation_id else None,
    }
    kind = get_kind(job.kind)
    kind.target_object = target.get(kind.target) if kind.target else None
    return kind


@dataclass
class Preview:
    """A file read, cleaned and planned without writing: what the preview screen shows, and the
    cleaned rows (encoded) that the commit will use."""

    prepared: Prepared
    report: Report
    total_rows: int
    key: str
    stored: bytes


def preview_file(data, filename, kind, mapping=None):
    """Read, clean and plan ``data``; raises :class:`ReadError` when it cannot be imported."""
    with paused_gc():
        prepared = analyse(data, filename, kind, mapping)
        rows = clean_rows(prepared, kind)
        total = prepared.data_rows
        prepared.rows = None  # the cells are no longer needed: only the clean values are
        # Encoded before the plan, which adds the outcomes and conflicts of the moment.
        stored = store.encode(rows)
        report = run(rows, report_columns(prepared), kind, commit=False)
    key = store.rows_key(kind.key, prepared.header_index, prepared.mapping)
    return Preview(prepared, report, total, key, stored)


def save_preview(job, preview):
    """Store a preview's results and cleaned rows on its job (the job must be saved first)."""
    prepared, report = preview.prepared, preview.report
    job.header_row = prepared.header_row
    job.header_rows = prepared.header_height
    job.headers = prepared.headers
    job.mapping = {str(k): v for k, v in prepared.mapping.items()}
    job.counts = report.counts
    job.problems = report.first_problems()
    job.total_rows = preview.total_rows
    job.save()
    PreparedRows.objects.update_or_create(
        job=job, defaults={"key": preview.key, "data": preview.stored}
    )


def preview_job(job, data=None):
    """(Re)build the job's preview from its file and mapping; saves counts and problems."""
    kind = kind_for_job(job)
    if data is None:
        with job.file.open("rb") as handle:
            data = handle.read()
    preview = preview_file(data, job.original_name, kind, job.mapping or None)
    save_preview(job, preview)
    return preview.report


def _stored_rows(job, kind):
    """The preview's cleaned rows for the job's current mapping, or ``None``."""
    key = store.rows_key(kind.key, job.header_row - 1, job.mapping)
    data = PreparedRows.objects.filter(job=job, key=key).values_list("data", flat=True).first()
    return None if data is None else store.decode(data)


def _read_rows(job, kind):
    """Read and clean the job's file again (no stored preview for its mapping)."""
    with job.file.open("rb") as handle:
        data = handle.read()
    prepared = analyse(data, job.original_name, kind, job.mapping or None)
    job.total_rows = prepared.data_rows
    job.save(update_fields=["total_rows"])
    return clean_rows(prepared, kind), report_columns(prepared)


def commit_job(job, user=None, request=None):
    """Import the job's rows for good, with the job's mapping. Returns the report.

    The rows the preview cleaned are used when they match the job's mapping; otherwise the
    file is read again. The job's "done" is written in the same transaction as its rows, so
    a worker killed at any moment leaves either everything or nothing (and a job that
    :mod:`.leases` can tell was left running). On failure the job is marked failed with the
    reason and nothing else is stored. On success the uploaded file and the stored rows are
    removed: the job keeps each row's outcome and the rejected rows, and personal data is not
    kept twice. Raises :class:`.leases.Claimed` when a live worker already runs the job.
    """
    kind = kind_for_job(job)
    leases.claim(job)

    def finish(report):
        PreparedRows.objects.filter(job=job).delete()
        job.status = ImportJob.Status.DONE
        job.counts = report.counts
        job.problems = report.first_problems()
        job.processed_rows = job.total_rows
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "counts", "problems", "processed_rows", "finished_at"])

    try:
        with leases.heartbeat(job), paused_gc():
            rows = _stored_rows(job, kind)
            if rows is None:
                rows, columns = _read_rows(job, kind)
            else:
                columns = {key: job.headers[int(i)] for i, key in job.mapping.items()}
            report = run(
                rows, columns, kind, commit=True, job=job, user=user, request=request,
                finish=finish,
            )  # fmt: skip
    except Exception as exc:
        job.status = ImportJob.Status.FAILED
        job.error = (
            str(exc)
            if isinstance(exc, ReadError)
            else _("The import failed and nothing was stored: %(error)s")
            % {"error": type(exc).__name__}
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    if job.file:
        job.file.delete(save=False)
        job.save(update_fields=["file"])
    return report
