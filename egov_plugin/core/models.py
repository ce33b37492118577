"""The audit log: an append-only record of who did what to whose personal data, and why; and
the append-only base (queryset, abstract model, ``RetentionError``) every such log uses."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a record that is only ever added to (an audit
    event, a permission change)."""


class RetentionError(AppendOnlyError):
    """Raised when code tries to delete records younger than the period they are kept for."""


def retention_cutoff(years, now=None):
    """The moment ``years`` years before ``now``: records older than it may be deleted.

    29 February falls back to 28 February in a year that has none.
    """
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are only ever added: ``update()`` refuses, and ``delete()`` refuses any row
    younger than :meth:`retention_years` (:class:`RetentionError`, naming how many).

    A subclass sets ``time_field`` (when the row was written), ``label`` and ``item`` (for the
    messages) and :meth:`retention_years` (its app's setting). The bulk paths are closed here
    because they bypass ``Model.save()``/``delete()``; :class:`AppendOnlyModel` closes those.
    """

    time_field = "at"
    label = "These records"
    item = "records"

    def retention_years(self):
        raise NotImplementedError

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.label} cannot be changed.")

    def check_retention(self):
        """Raise :class:`RetentionError` if any row of the queryset is younger than the period."""
        years = self.retention_years()
        cutoff = retention_cutoff(years)
        young = self.filter(**{f"{self.time_field}__gte": cutoff}).count()
        if young:
            raise RetentionError(
                f"{self.label} are kept at least {years} years: {young} of these {self.item} "
                f"are newer than {cutoff:%Y-%m-%d} and cannot be deleted."
            )

    def delete(self):
        self.check_retention()
        return super().delete()


class AppendOnlyModel(models.Model):
    """An abstract model whose rows are never changed once saved; deleting one goes through its
    queryset's retention rule (give the model a manager from an :class:`AppendOnlyQuerySet`)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self)._default_manager.all().label} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        return type(self)._default_manager.filter(pk=self.pk).delete()


def staff_account(verbose_name):
    """The account half of a "by staff" pair (decision 80): a foreign key that becomes empty,
    not a deletion, when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def staff_name(verbose_name):
    """The name half of a "by staff" pair: the username (or the source, when no account acted)
    written when the record is made, which outlives the account."""
    return models.CharField(verbose_name, max_length=150, blank=True, editable=False)


class MadeByStaff(models.Model):
    """Abstract: a record a staff member made — which account, under what name, and when
    (decision 80).

    ``created_by`` points at the account while it exists (``SET_NULL`` when it is deleted);
    ``created_by_label`` keeps the name it had, written on the first save, so the record still
    names who made it after the account is gone, as the audit log keeps ``actor`` beside
    ``actor_label``. A record made without an account (a command, the demo data) leaves both
    empty or names its source in the label. Subclasses may redeclare a field to give it their
    own label (an import is "uploaded by"), never another meaning.
    """

    created_by = staff_account(_("created by"))
    created_by_label = staff_name(_("created by (name)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.created_by_id is not None and not self.created_by_label:
            self.created_by_label = self.created_by.get_username()
        super().save(*args, **kwargs)


class AuditEventQuerySet(AppendOnlyQuerySet):
    """Audit events: never changed; kept ``EGOV_AUDIT_RETENTION_YEARS``, and even then removed
    only from the oldest end (:func:`egov_plugin.core.audit.purge`), never by ``delete()``."""

    time_field = "timestamp"
    label = "Audit events"
    item = "events"

    def retention_years(self):
        from .conf import egov_settings

        return egov_settings.AUDIT_RETENTION_YEARS

    def delete(self):
        self.check_retention()
        raise AppendOnlyError(
            "Audit events are deleted only from the oldest end, so that the hash chain stays "
            "verifiable: use egov_plugin.core.audit.purge() or `manage.py egov_purge_audit`."
        )


class AuditEvent(AppendOnlyModel):
    """One audited action: viewing, searching, listing, changing or exporting personal data.

    Events are written through :func:`egov_plugin.core.audit.record` and never changed or
    deleted afterwards: ``save()`` on an existing event, ``delete()`` and the queryset's
    ``update()``/``delete()`` raise :class:`AppendOnlyError`.
    """

    class Action(models.TextChoices):
        VIEW = "view", pgettext_lazy("audit action", "Viewed")
        LIST = "list", pgettext_lazy("audit action", "Listed")
        SEARCH = "search", pgettext_lazy("audit action", "Searched")
        CREATE = "create", pgettext_lazy("audit action", "Created")
        EDIT = "edit", pgettext_lazy("audit action", "Edited")
        DELETE = "delete", pgettext_lazy("audit action", "Deleted")
        EXPORT = "export", pgettext_lazy("audit action", "Exported")
        IMPORT = "import", pgettext_lazy("audit action", "Imported")
        ANONYMIZE = "anonymize", pgettext_lazy("audit action", "Anonymized")
        PURGE = "purge", pgettext_lazy("audit action", "Removed after retention")
        REVIEW = "review", pgettext_lazy("audit action", "Reviewed access records")
        LOGIN_LOCKED = "login_locked", pgettext_lazy("audit action", "Login locked")

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept beside the foreign key so the record still names the actor after the account is gone.
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    # Whose personal data was touched; a plain id (not a foreign key) so that deleting a person
    # neither deletes nor rewrites the record of what was done to them.
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # Tamper evidence: each event's hash covers its content and the previous event's hash, so
    # changing or removing an event breaks the chain from there on (egov_verify_audit).
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)
    # Which of the EGOV_AUDIT_CHAINS parallel chains the event extends (each has its own head,
    # so concurrent writers need not wait for one another). Not covered by the hash: moving an
    # event to another chain breaks the links of both, which is what verification reads.
    chain = models.PositiveSmallIntegerField(_("chain"), default=1)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-timestamp", "-pk"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["chain", "id"], name="egov_audit_chain_order")]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()}"

    def delete(self, *args, **kwargs):
        super().delete(*args, **kwargs)  # the queryset's delete() raises, with the reason
        raise AppendOnlyError("Audit events cannot be deleted.")

    def compute_hash(self):
        """SHA-256 of the event's content and the previous event's hash."""
        return audit_hash(self)


def audit_hash(event):
    """The chain hash of ``event`` (an ``AuditEvent``, or a migration's historical one).

    The actor is covered by their username (``actor_label``), not by the account's id: deleting
    a staff account sets ``actor`` to ``NULL``, which must not look like tampering.
    """
    content = {
        "timestamp": event.timestamp.isoformat(),
        "actor_label": event.actor_label,
        "ip": event.ip_address,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "person": event.person_id,
        "summary": event.summary,
        "reason": event.reason,
        "data": event.data,
        "previous": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class AuditChainHead(models.Model):
    """The hash of the newest audit event of one chain (the row's ``pk`` is the chain's number):
    locked while an event is appended to that chain, so that concurrent writers extend it one
    after the other instead of forking it. There are ``EGOV_AUDIT_CHAINS`` of them."""

    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.hash


class AuditCheckpoint(MadeByStaff):
    """What one lawful purge of old audit events removed, and the hash of the last one.

    The oldest remaining event must point at the newest checkpoint's ``last_hash``; without it
    the removal of the oldest events could not be told from a lawful purge.
    """

    created_at = models.DateTimeField(_("purged"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("purged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before = models.DateTimeField(_("events older than"))
    events = models.PositiveIntegerField(_("events removed"))
    last_event_id = models.BigIntegerField(_("last removed event"))
    last_timestamp = models.DateTimeField(_("time of the last removed event"))
    last_hash = models.CharField(_("hash of the last removed event"), max_length=64)
    # {"chain number": hash of the chain's last removed event} (empty in checkpoints written
    # before there were several chains: then last_hash is chain 1's).
    chain_hashes = models.JSONField(_("last removed hash per chain"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-last_event_id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} ({self.events})"

    def start_of(self, chain):
        """The hash the oldest remaining event of ``chain`` must follow."""
        hashes = self.chain_hashes or {"1": self.last_hash}
        return hashes.get(str(chain), "")


class Department(models.Model):
    """A department of the district office (e.g. 기획예산과), responsible for committees and
    consultations. An editable list, managed in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class VerificationCode(models.Model):
    """A 6-digit code sent by SMS to prove a person holds a mobile number.

    Only a salted hash of the code is stored. See :mod:`egov_plugin.core.verification`.
    """

    purpose = models.CharField(_("purpose"), max_length=100)
    phone = models.CharField(_("mobile number"), max_length=13)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"])]
        default_permissions = ("view",)

    def __str__(self):
        from .text import mask_phone

        return f"{self.purpose} {mask_phone(self.phone)}"
