"""Anonymizing opinions and removing people when the law says their data must go.

What an anonymized opinion keeps and loses
    It loses the name, mobile number, e-mail address, the link to the person, the IP address
    and the duplicate-detection key (all of which identify someone). It keeps its text, stance,
    channel, status, answer and dates, and the snapshot of gender, age band and neighbourhood:
    these are what the consultation's analysis and its published record are made of, and none
    identifies a person on its own.

Who is removed by the retention run
    A person whose newest consent to the collection of personal data (``personal_data``) was
    withdrawn, or who left the e-communication subscription, and who is in no registered group
    (not a current subscriber, committee member or organization member). Their row goes with
    what hangs on it (consent history, the left subscription, message deliveries, expert
    invitations). Their opinions stay, each with the personal data given with it, until the
    opinion's own retention ends (``EGOV_OPINION_RETENTION_YEARS`` after the consultation
    closed): they were given under that consultation's consent and are part of its record.
    What stays about them is the audit log (the person's number, masked summaries), which
    the law requires to be kept, and the count in the run's audit event.

Uploads (``egov_imports``, when installed)
    An upload keeps its file (until imported), its previewed rows and the cells of its rejected
    rows (for the error workbook) only ``EGOV_IMPORT_RETENTION_DAYS``: after that they are
    removed, whether the job was imported, failed or never run; a job left "running" by a worker
    that died is first marked failed (:mod:`egov_plugin.imports.leases`). Only a job that a
    live worker is running keeps them until it ends. The job, its counts and the row messages
    stay as the record of what was uploaded.
"""

from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from egov_plugin.consultations.lookups import consultation_page_models
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import retention_cutoff
from egov_plugin.imports.conf import app_settings as imports_settings
from egov_plugin.people.groups import get_groups
from egov_plugin.people.models import ConsentRecord, Person

from .conf import app_settings

#: Fields of an opinion that identify its author, and what they become.
ANONYMIZED = {
    "name": "",
    "mobile": "",
    "email": "",
    "person": None,
    "ip_address": None,
    "contact_key": "",
}


def identifiable(opinions):
    """The opinions that still carry any personal data."""
    return opinions.filter(
        ~Q(name="") | ~Q(mobile="") | ~Q(email="") | Q(person__isnull=False)
        | Q(ip_address__isnull=False)
    )  # fmt: skip


def anonymize(opinions):
    """Clear the personal data of ``opinions`` (a queryset); returns how many changed.

    One UPDATE (``Opinion.save()`` would rebuild ``contact_key`` from the cleared contacts
    anyway); the consultation's counts and breakdowns do not change.
    """
    return identifiable(opinions).update(**ANONYMIZED)


def expired_opinions(now=None, years=None):
    """Opinions on consultations closed more than ``years`` (default
    ``EGOV_OPINION_RETENTION_YEARS``) ago that still carry personal data."""

    years = app_settings.OPINION_RETENTION_YEARS if years is None else years
    cutoff = retention_cutoff(years, now)
    closed_pages = Q()
    for model in consultation_page_models():
        closed_pages |= Q(page__in=model.objects.filter(closes_at__lt=cutoff).values("pk"))
    if not closed_pages:
        return Opinion.objects.none()
    return identifiable(Opinion.objects.filter(closed_pages))


def withdrawn_people():
    """People who withdrew consent (see the module docstring) and are in no group."""
    newest_personal_data = ConsentRecord.objects.filter(
        person=OuterRef("pk"), channel=ConsentRecord.Channel.PERSONAL_DATA
    ).order_by("-recorded_at", "-pk")
    people = Person.objects.annotate(
        personal_data_consent=Subquery(newest_personal_data.values("granted")[:1])
    ).filter(Q(personal_data_consent=False) | Q(subscriber__withdrawn_at__isnull=False))
    for group in get_groups():
        people = people.exclude(group.exists())
    return people


@transaction.atomic
def remove_people(people):
    """Delete ``people`` (a queryset) and what hangs on them; returns the removed numbers."""
    pks = list(people.values_list("pk", flat=True))
    Person.objects.filter(pk__in=pks).delete()
    return pks


def expired_uploads(now=None, days=None):
    """Upload jobs older than ``days`` (default ``EGOV_IMPORT_RETENTION_DAYS``) that still hold
    a file, previewed rows or rejected rows' cells; ``None`` when imports is not installed."""
    if not apps.is_installed("egov_plugin.imports"):
        return None
    from egov_plugin.imports.models import ImportJob

    days = imports_settings.IMPORT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    # A job that a live worker runs keeps its file until it ends (see reap_stalled_uploads).
    holding = ~Q(file="") | Q(prepared_rows__isnull=False) | Q(rows__data__isnull=False)
    return (
        ImportJob.objects.filter(holding, created_at__lt=cutoff)
        .exclude(status=ImportJob.Status.RUNNING)
        .distinct()
    )


def reap_stalled_uploads():
    """Mark failed the upload jobs left "running" or "queued" by a worker that died (see
    :mod:`egov_plugin.imports.leases`), so that their files go like any other's."""
    if not apps.is_installed("egov_plugin.imports"):
        return []
    from egov_plugin.imports.leases import reap

    return reap()


def clear_uploads(jobs):
    """Remove the files, previewed rows and rejected rows' cells of ``jobs``; returns how many
    jobs were cleared."""
    from egov_plugin.imports.models import ImportJob, ImportRow, PreparedRows

    pks = list(jobs.values_list("pk", flat=True))
    for job in ImportJob.objects.filter(pk__in=pks).exclude(file=""):
        job.file.delete(save=False)  # the storage's file; the row is updated below
    ImportJob.objects.filter(pk__in=pks).update(file="")
    PreparedRows.objects.filter(job__in=pks).delete()
    ImportRow.objects.filter(job__in=pks, data__isnull=False).update(data=None)
    return len(pks)


def run(*, dry_run=False, now=None):
    """One retention run; returns ``{"opinions": n, "people": n, "removed_people": [ids],
    "uploads": n}``."""
    now = now or timezone.now()
    if not dry_run:
        reap_stalled_uploads()
    opinions = expired_opinions(now)
    people = withdrawn_people()
    uploads = expired_uploads(now)
    if dry_run:
        return {
            "opinions": opinions.count(),
            "people": people.count(),
            "removed_people": [],
            "uploads": uploads.count() if uploads is not None else 0,
        }
    with transaction.atomic():
        anonymized = anonymize(opinions)
        removed = remove_people(people)
        cleared = clear_uploads(uploads) if uploads is not None else 0
    return {
        "opinions": anonymized,
        "people": len(removed),
        "removed_people": removed,
        "uploads": cleared,
    }
