"""What the consultations app stores beside its pages: residents' opinions, experts'
invitations and the consent wording setting. Below the page mixins (``pages.py``), which use
them, and the concrete page models (``models.py``)."""

import hashlib

import swapper
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from egov_plugin.core.models import staff_account, staff_name
from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES, mask_name

from .channels import Channel, detail_label

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class Opinion(models.Model):
    """An opinion on a consultation, with a snapshot of who gave it and through which channel.

    Gender, age band and neighbourhood are copied at the time of the opinion so that analyses of
    old consultations do not shift when a person moves or ages.
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    Channel = Channel

    class Stance(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")
        NEUTRAL = "neutral", _("Neutral")

    page = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "egov_people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    # What the resident gave, kept as given (the person record may change later).
    name = models.CharField(_("name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=1, choices=GENDER_CHOICES, blank=True)
    age_band = models.CharField(_("age band"), max_length=4, choices=AGE_BAND_CHOICES, blank=True)
    region = models.ForeignKey(
        "egov_people.Region",
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outside_district = models.BooleanField(_("lives outside the district"), default=False)
    mobile = models.CharField(_("mobile number"), max_length=13, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    text = models.TextField(_("opinion"))
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.HOMEPAGE
    )
    channel_detail = models.CharField(_("channel detail"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    consent_version = models.CharField(_("consent wording version"), max_length=50, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    notify_outcome = models.BooleanField(_("wants to be told the outcome"), default=False)
    answer = models.TextField(_("official answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Who answered (decision 80): the account, and the name shown beside the answer.
    answered_by = staff_account(_("answered by"))
    answered_by_label = staff_name(_("answered by (name)"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    # Duplicate detection: the same contact may not give the same text twice on one page.
    contact_key = models.CharField(max_length=254, blank=True, editable=False)
    text_hash = models.CharField(max_length=64, blank=True, editable=False)
    import_job_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "status", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact_key", "text_hash"],
                condition=~models.Q(contact_key=""),
                name="egov_opinion_not_twice",
            )
        ]

    def __str__(self):
        return f"{mask_name(self.name)}: {self.text[:30]}"

    def save(self, *args, **kwargs):
        self.contact_key = self.mobile or self.email.lower()
        self.text_hash = self.hash_text(self.text)
        super().save(*args, **kwargs)

    @property
    def channel_detail_label(self):
        """Where it came from within its channel, as staff read it (밴드, 발송 12번 …)."""
        return detail_label(self.channel_detail)

    @staticmethod
    def hash_text(text):
        """The duplicate-detection hash: whitespace and case do not make a new opinion."""
        return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()


class ExpertInvitation(models.Model):
    """A personal invitation to a closed expert review, sent by e-mail with a signed link."""

    page = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "egov_people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="expert_invitations",
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    invited_by = staff_account(_("invited by"))
    invited_by_label = staff_name(_("invited by (name)"))
    expires_at = models.DateTimeField(_("link expires"))
    opened_at = models.DateTimeField(_("link opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "person"], name="egov_invitation_once")
        ]

    def __str__(self):
        return f"{self.page} · {self.person}"


@register_setting(icon="doc-full")
class ConsultationSettings(BaseGenericSetting):
    """Texts an administrator edits: the consent wording residents agree to, and its version."""

    consent_text = models.TextField(
        _("consent wording"),
        default=(
            "1. 수집·이용 목적: 정책 의견 수렴 및 처리 결과 안내\n"
            "2. 수집 항목: 성명, 성별, 연령대, 거주 행정동, 휴대전화번호 또는 이메일\n"
            "3. 보유·이용 기간: 해당 정책 종료 후 3년\n"
            "4. 동의를 거부할 권리가 있으며, 동의하지 않으면 의견을 등록할 수 없습니다."
        ),
        help_text=_(
            "Purpose, items collected, retention period, the right to refuse and what "
            "refusing means (개인정보보호법 제15조)."
        ),  # fmt: skip
    )
    consent_version = models.CharField(_("consent wording version"), max_length=50, default="1")
    opinion_max_length = models.PositiveIntegerField(
        _("longest opinion (characters)"), default=2000
    )

    panels = [
        FieldPanel("consent_text"),
        FieldPanel("consent_version"),
        FieldPanel("opinion_max_length"),
    ]

    class Meta:
        verbose_name = _("consultation settings")
