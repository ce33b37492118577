"""Records the privacy controls keep (monthly reviews, permission changes, deletion requests)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov_plugin.core.dates import local_date, local_datetime
from egov_plugin.core.models import AppendOnlyModel, AppendOnlyQuerySet, staff_account, staff_name
from egov_plugin.core.text import mask_name

from .conf import app_settings


class MonthlyReview(models.Model):
    """A 관리자's sign-off of one month of access records (접속기록 월 1회 이상 점검).

    ``event_count`` is the number of audit events of the month when it was reviewed; events
    written later for that month (there should be none) show up as a difference on the screen.
    """

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept beside the foreign key so the sign-off still names the reviewer after the account.
    reviewed_by_label = models.CharField(_("reviewer"), max_length=150, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now)
    event_count = models.PositiveIntegerField(_("number of events"))
    findings = models.TextField(
        _("findings"),
        blank=True,
        help_text=_("Anything irregular (unusual downloads, night access); empty if none."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("monthly access review")
        verbose_name_plural = _("monthly access reviews")
        ordering = ["-month"]
        permissions = [
            ("review_access", _("Can review access records and sign off monthly reviews")),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class PermissionChangeQuerySet(AppendOnlyQuerySet):
    """Never changed; kept ``EGOV_PERMISSION_LOG_RETENTION_YEARS`` before it may be deleted."""

    time_field = "at"
    label = "Records of permission changes"
    item = "records"

    def retention_years(self):
        return app_settings.PERMISSION_LOG_RETENTION_YEARS


class PermissionChange(AppendOnlyModel):
    """One change of a staff account's rights: group membership, a group's or a user's
    permissions, or the superuser / staff / active flags (권한 부여·변경·말소 내역).

    Kept at least ``EGOV_PERMISSION_LOG_RETENTION_YEARS`` (3): deleting a younger record raises
    :class:`~egov_plugin.core.models.RetentionError`.
    """

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", _("Group membership")
        GROUP_PERMISSION = "group_permission", _("Group permission")
        USER_PERMISSION = "user_permission", _("User permission")
        FLAG = "flag", _("Account flag")
        ACCOUNT = "account", _("Account")

    class Change(models.TextChoices):
        ADDED = "added", pgettext_lazy("permission change", "Added")
        REMOVED = "removed", pgettext_lazy("permission change", "Removed")
        CHANGED = "changed", pgettext_lazy("permission change", "Changed")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        _("changed by"), max_length=150, blank=True, help_text=_("Empty: a command or migration.")
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    # Whose rights: a user account, or a group (for a group's permissions).
    target_user_label = models.CharField(_("user"), max_length=150, blank=True, db_index=True)
    target_group = models.CharField(_("group"), max_length=150, blank=True)
    detail = models.CharField(_("what"), max_length=500)

    objects = PermissionChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("permission change")
        verbose_name_plural = _("permission changes")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{local_datetime(self.at)} {self.get_kind_display()} {self.detail}"


class LoginFailure(models.Model):
    """A failed admin login, by username and IP (the login lock counts these)."""

    username = models.CharField(_("username"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{local_datetime(self.at)} {self.username}"


class DeletionRequest(models.Model):
    """A resident's request to delete their personal data (개인정보의 삭제 요구), as staff received,
    verified and handled it.

    While the request is open it holds the requester's name and contact, to find and verify
    them. When it is carried out, those are replaced by their masks: the record that the
    request was handled stays, the data it was about does not.
    """

    class Verification(models.TextChoices):
        ID_CARD = "id_card", _("In person, identity card checked")
        SMS_CODE = "sms_code", _("Code sent to the registered mobile number")
        WRITTEN = "written", _("Written request with a copy of an identity document")
        OTHER = "other", _("Other (describe)")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("deletion request", "Open")
        DONE = "done", _("Carried out")
        REFUSED = "refused", _("Refused")

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    requester_name = models.CharField(_("requester's name"), max_length=100)
    requester_contact = models.CharField(
        _("requester's mobile number or e-mail"), max_length=254, blank=True
    )
    person = models.ForeignKey(
        "egov_people.Person",
        verbose_name=_("person in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The person's id stays after the person is gone, to find the audit events about them.
    person_number = models.BigIntegerField(_("person number"), null=True, blank=True)
    verification = models.CharField(
        _("how identity was verified"), max_length=20, choices=Verification.choices
    )
    verification_note = models.CharField(_("verification details"), max_length=300, blank=True)
    # Who received and who handled it (decision 80): the account, and the name kept beside it
    # (or the channel, "내 참여", when a resident filed the request online).
    received_by = staff_account(_("received by"))
    received_by_label = staff_name(_("received by (name)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = staff_account(_("handled by"))
    handled_by_label = staff_name(_("handled by (name)"))
    outcome = models.TextField(_("outcome"), blank=True)
    opinions_anonymized = models.PositiveIntegerField(_("opinions anonymized"), default=0)
    memberships_removed = models.PositiveIntegerField(_("memberships removed"), default=0)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        # The district's day, not UTC's: a request received at 08:00 in Seoul is that day's.
        return f"{local_date(self.received_at)} {mask_name(self.requester_name)}"


# The policy page lives in its own module; imported here so Django finds the model.
from .policy import PrivacyPolicyPage  # noqa: E402,F401
