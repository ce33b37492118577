"""The upload pipeline: read → find the header → map → clean → plan (preview) → commit.

The admin upload, the task that commits a job, the ``egov_import`` command and the benchmark
all go through :func:`analyse` and :func:`execute`, so they behave the same. The commit is one
transaction: a failure midway leaves the database as it was before the job.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov_plugin.core import audit
from egov_plugin.core.conf import egov_settings

from .headers import find_header
from .kinds import get_kind
from .models import ImportJob, ImportRow
from .readers import ReadError, read_table
from .rows import Row, cell_text

#: How many problems the preview screen lists.
FIRST_PROBLEMS = 50
#: Rows between two progress updates of a job.
PROGRESS_EVERY = 5000
#: The value of the template's 번호 column on its example row.
EXAMPLE_MARK = "예시"


@dataclass
class Prepared:
    """A file read and its header found: everything needed to preview or commit it."""

    rows: list
    header_index: int
    headers: list
    mapping: dict  # column index → field key

    @property
    def header_row(self):
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
    header_index, automatic = find_header(table.rows, kind.fields)
    rows = table.rows
    if len(rows) - header_index - 1 > egov_settings.IMPORT_MAX_ROWS:
        raise ReadError(
            _("The file has more than %(limit)d rows; split it into smaller files.")
            % {"limit": egov_settings.IMPORT_MAX_ROWS}
        )
    headers = [cell_text(c) for c in rows[header_index]]
    if mapping is not None:
        known = {f.key for f in kind.fields}
        mapping = {int(k): v for k, v in mapping.items() if v in known and int(k) < len(headers)}
    else:
        mapping = automatic
    return Prepared(rows=rows, header_index=header_index, headers=headers, mapping=mapping)


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


def execute(prepared, kind, *, commit, job=None, user=None, request=None):
    """Clean, plan and (when ``commit``) write the rows; returns a :class:`Report`.

    Nothing is written for a preview. A commit runs in one transaction with the job's rows;
    any exception rolls it all back and propagates.
    """
    missing = [
        f.title for f in kind.fields if f.required and f.key not in prepared.mapping.values()
    ]
    if missing:
        raise ReadError(
            _("No column was found for: %(fields)s. Check the column titles or the mapping.")
            % {"fields": ", ".join(missing)}
        )
    columns = {key: prepared.headers[i] for i, key in prepared.mapping.items()}
    titles = {f.key: f.title for f in kind.fields}
    rows = []
    previous = 0
    for row in _data_rows(prepared):
        kind.clean(row)
        row.previous_number, previous = previous, row.number
        if not row.rejected:
            row.raw = row.cells = None  # only rejected rows go into the error workbook
        rows.append(row)
        if job is not None and len(rows) % PROGRESS_EVERY == 0:
            _progress(job, len(rows) // 2)
    valid = [row for row in rows if not row.rejected]
    for row in rows:
        if row.rejected:
            row.outcome = "rejected"
    kind.plan(valid)
    report = _report(rows, columns, titles)
    if commit:
        if job is not None:
            _progress(job, len(rows) // 2 + len(rows) // 4)
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
        if row.message:
            messages.insert(0, str(row.message))
        if not messages and row.outcome in ("created", "unchanged"):
            continue
        objects.append(
            ImportRow(
                job=job,
                row_number=row.number,
                outcome=row.outcome,
                message="\n".join(messages),
                object_id=None if row.rejected else kind.object_id(row),
                data=[cell_text(c) for c in row.raw] if row.rejected else None,
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


def preview_job(job, data=None):
    """(Re)build the job's preview from its file and mapping; saves counts and problems."""
    kind = kind_for_job(job)
    if data is None:
        with job.file.open("rb") as handle:
            data = handle.read()
    prepared = analyse(data, job.original_name, kind, job.mapping or None)
    report = execute(prepared, kind, commit=False)
    job.header_row = prepared.header_row
    job.headers = prepared.headers
    job.mapping = {str(k): v for k, v in prepared.mapping.items()}
    job.counts = report.counts
    job.problems = report.first_problems()
    job.total_rows = prepared.data_rows
    job.save()
    return report


def commit_job(job, user=None, request=None):
    """Import the job's file for good, with the job's mapping. Returns the report.

    On failure the job is marked failed with the reason and nothing else is stored.
    """
    kind = kind_for_job(job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        prepared = analyse(data, job.original_name, kind, job.mapping or None)
        job.total_rows = prepared.data_rows
        job.save(update_fields=["total_rows"])
        report = execute(prepared, kind, commit=True, job=job, user=user, request=request)
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
    job.status = ImportJob.Status.DONE
    job.counts = report.counts
    job.problems = report.first_problems()
    job.processed_rows = job.total_rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "counts", "problems", "processed_rows", "finished_at"])
    return report
