"""Import jobs with one outcome per row, and the mail inbox of opinions sent by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov_plugin.consultations.models import PAGE_MODEL
from egov_plugin.core.models import MadeByStaff
from egov_plugin.core.storage import RandomName, private_storage


class ImportJob(MadeByStaff):
    """One uploaded file: what it is for, how its columns map, and what became of each row.

    The file is kept until the job is committed so that staff can correct the column mapping
    and preview again; ``counts`` holds the last preview's or the commit's totals.
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", _("People (e-communication subscribers)")
        ORGANIZATION_MEMBERS = "organization-members", _("Organization members")
        COMMITTEE_MEMBERS = "committee-members", _("Committee members")
        OPINIONS = "opinions", _("Opinions")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not imported yet")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Importing")
        DONE = "done", pgettext_lazy("import status", "Imported")
        FAILED = "failed", _("Failed, nothing was imported")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED
    )
    # Private storage under a random name: the file is a department's list of people.
    file = models.FileField(
        _("file"),
        upload_to=RandomName("egov_imports/uploads"),
        storage=private_storage,
        blank=True,
    )
    original_name = models.CharField(_("file name"), max_length=255)
    organization = models.ForeignKey(
        "egov_organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committee = models.ForeignKey(
        "egov_committees.Committee",
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consultation = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Row number (as Excel shows it) of the header row found in the file.
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    #: How many rows the column titles take (2: group titles over the columns' own titles);
    #: ``header_row`` is the last of them.
    header_rows = models.PositiveSmallIntegerField(_("header rows"), default=1)
    #: The file's column titles, in order.
    headers = models.JSONField(_("column titles"), default=list, blank=True)
    #: Column index (as a string) → field key; staff may correct it before committing.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    #: The first problems of the last preview (for the preview screen).
    problems = models.JSONField(_("problems"), default=list, blank=True)
    #: Every row's outcome as ``[first row, last row, outcome]`` runs (rows as Excel numbers
    #: them); rows with something to say also get an :class:`ImportRow` with the message.
    outcomes = models.JSONField(_("outcomes"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    #: The process committing the job (``host:pid:start``, see :mod:`.leases`) and its last
    #: sign of life: a job whose worker died is told from one still running by them.
    worker = models.CharField(max_length=255, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    # created_by_label: MadeByStaff; the other two keep the import's own labels.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    def outcome_of(self, row_number):
        """The outcome of the row numbered ``row_number``, or ``""`` (blank or header rows)."""
        for first, last, outcome in self.outcomes:
            if first <= row_number <= last:
                return outcome
        return ""

    @property
    def first_header_row(self):
        """The first row of the column titles, as Excel numbers it."""
        return self.header_row - self.header_rows + 1

    @property
    def can_retry(self):
        """Whether a failed job still has what a new run needs (its file or prepared rows)."""
        if self.status != self.Status.FAILED:
            return False
        return bool(self.file) or PreparedRows.objects.filter(job=self).exists()

    @property
    def progress(self):
        """Per cent of rows processed (0–100)."""
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportRow(models.Model):
    """A row of a committed job with something to say: rejected, merged, updated, or warned.

    Plain "created" and "unchanged" rows are only in :attr:`ImportJob.outcomes`: at 80,000
    rows an outcome row each would cost as much as the people themselves. ``data`` keeps the
    row's cells only for rejected rows, to build the error workbook.
    """

    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        UNCHANGED = "unchanged", _("Unchanged")
        MERGED = "merged", _("Merged with an earlier row")
        REJECTED = "rejected", _("Rejected")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    message = models.TextField(_("message"), blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["job", "row_number"]
        indexes = [models.Index(fields=["job", "outcome", "row_number"])]

    def __str__(self):
        return f"{self.row_number}: {self.get_outcome_display()}"


class PreparedRows(models.Model):
    """A preview's cleaned rows (compressed, see :mod:`egov_plugin.imports.store`), which the
    commit uses instead of reading and cleaning the file again; removed once the job has run.

    ``key`` names the reading they came from (kind, header row, mapping): rows of an older
    mapping are never used.
    """

    job = models.OneToOneField(
        ImportJob, on_delete=models.CASCADE, primary_key=True, related_name="prepared_rows"
    )
    key = models.CharField(max_length=64)
    data = models.BinaryField()

    class Meta:
        verbose_name = _("prepared rows")
        verbose_name_plural = _("prepared rows")

    def __str__(self):
        return str(self.job)


class MailMessage(models.Model):
    """A mail sent to the department's mailbox, and the opinion it became (if assigned).

    ``message_id`` (or, for IMAP, the mailbox and UID) makes a second run import nothing twice.
    Mails whose subject tag or plus-address names no consultation wait here, unassigned, until
    staff choose one.
    """

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    mailbox = models.CharField(_("mailbox"), max_length=255, blank=True)
    uid = models.BigIntegerField(_("IMAP UID"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    sender_email = models.EmailField(_("sender's address"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    consultation = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.OneToOneField(
        "egov_consultations.Opinion",
        verbose_name=_("opinion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail",
    )
    #: The opinion this mail repeats (same sender and text, already on the consultation), when
    #: staff assigned it or it was routed there: it is kept, but becomes no second opinion.
    duplicate_of = models.ForeignKey(
        "egov_consultations.Opinion",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicate_mails",
    )
    job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails"
    )
    received_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uid"],
                condition=models.Q(uid__isnull=False),
                name="egov_mail_uid_once",
            )
        ]

    def __str__(self):
        return self.subject or str(self.message_id)


class MailAttachment(models.Model):
    """A file attached to a mail, kept as it came, in private storage under a random name.

    ``filename`` is the sender's name for it, made safe (:func:`~egov_plugin.core.downloads.
    safe_filename`); it is shown and sent as the download's name, never used as a path. The
    file is downloaded only through :meth:`download_url`.
    """

    message = models.ForeignKey(MailMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=RandomName("egov_imports/mail"), storage=private_storage
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename

    @property
    def download_url(self):
        """The permission-checked, audited download of this attachment."""
        from egov_plugin.core.downloads import download_url

        return download_url(FILE_KIND, self)


#: The download kind of mail attachments (:mod:`egov_plugin.core.downloads`).
FILE_KIND = "mail-attachment"
