"""Regions, people, subscriber profiles and consent records."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov_plugin.core.text import (
    AGE_BAND_CHOICES,
    GENDER_CHOICES,
    InvalidPhone,
    InvalidValue,
    mask_name,
    normalize_email,
    normalize_mobile,
    normalize_name,
)

# Saved audiences live with the rest of the audience code; importing the model here registers it.
from .audiences.models import SavedAudience  # noqa: F401


class Region(models.Model):
    """An administrative neighbourhood (행정동) of the district, with its 10-digit code."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    official_name = models.CharField(_("official name"), max_length=50, blank=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    code = models.CharField(_("administrative code"), max_length=10, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


_PHONE_PUNCTUATION = "+-.() "


def person_filter(query, prefix="", digits_field="mobile_digits"):
    """A ``Q`` for a staff search over people, or ``None`` for an empty query.

    A query of digits (and dashes or spaces) is a mobile number: four digits are its last four,
    a whole number is normalized first. A query with ``@`` is part of an e-mail address.
    Anything else is part of a name or an e-mail address. ``prefix`` applies it through a
    relation (``"person__"`` on a membership); a partial number is matched against the
    annotation ``digits_field`` (see :func:`mobile_digits`), which the caller adds.
    """
    query = normalize_name(query)
    if not query:
        return None
    digits = "".join(ch for ch in query if ch.isdigit())
    if digits and not query.strip(_PHONE_PUNCTUATION + "0123456789"):
        if len(digits) == 4:
            return Q(**{f"{prefix}mobile__endswith": digits})
        try:
            return Q(**{f"{prefix}mobile": normalize_mobile(query)})
        except InvalidPhone:
            # Part of a number ("1234-5678", "0101234"): compare digits, ignoring the dashes.
            return Q(**{f"{digits_field}__contains": digits})
    if "@" in query:
        return Q(**{f"{prefix}email__icontains": query})
    if not query.isascii():
        # Hangul never occurs in an e-mail address we store (normalize_email refuses it), so a
        # Korean query searches names only: one scan instead of two.
        return Q(**{f"{prefix}name__icontains": query})
    return Q(**{f"{prefix}name__icontains": query}) | Q(**{f"{prefix}email__icontains": query})


def mobile_digits(field="mobile"):
    """An expression for a mobile number without its dashes (for partial-number searches)."""
    return Replace(field, Value("-"), Value(""))


def filter_by_person(queryset, query, relation="person"):
    """Rows of ``queryset`` (memberships and the like) whose ``relation`` matches a staff search
    for people; through the join, which is much cheaper than a subquery over the registry."""
    condition = person_filter(query, prefix=f"{relation}__", digits_field="related_mobile_digits")
    if condition is None:
        return queryset
    return queryset.annotate(related_mobile_digits=mobile_digits(f"{relation}__mobile")).filter(
        condition
    )


class PersonQuerySet(models.QuerySet):
    def search(self, query):
        """People matching a staff search: name part, mobile (full or last four), e-mail part.

        ``Person.objects.search("5678")`` (last four digits), ``search("010-1234-5678")``,
        ``search("민수")`` (any part of a name), ``search("@example.org")``.
        """
        condition = person_filter(query)
        if condition is None:
            return self
        return self.annotate(mobile_digits=mobile_digits()).filter(condition)

    def in_group(self, key):
        """People in the registered group ``key`` (see :mod:`egov_plugin.people.groups`)."""
        from .groups import get_group

        group = get_group(key)
        if group is None:
            return self.none()
        return self.filter(group.exists())

    def with_groups(self):
        """Annotate ``in_group_<key>`` booleans for every registered group (for badges)."""
        from .groups import get_groups

        return self.annotate(**{g.annotation: g.exists() for g in get_groups()})

    def find_match(self, *, mobile="", email=""):
        """The existing person for these contacts: by mobile first, then by e-mail.

        An e-mail match is only taken when that person has no other mobile number, since
        family members often share one address.
        """
        if mobile:
            person = self.filter(mobile=mobile).first()
            if person is not None:
                return person
        if email:
            candidates = self.filter(email=email)
            if mobile:
                candidates = candidates.filter(Q(mobile__isnull=True) | Q(mobile=mobile))
            return candidates.order_by("pk").first()
        return None


class Person(models.Model):
    """One real person, whatever groups they belong to.

    People are deduplicated on the canonical mobile number (unique), then on the e-mail address.
    Contacts are stored normalized; see :mod:`egov_plugin.core.text`.
    """

    #: Audit events about this record are about this person (:func:`egov_plugin.core.audit.record`).
    audit_as_person = True

    class Source(models.TextChoices):
        ADMIN = "admin", _("Entered by staff")
        # A context of its own: the import job's finished status is also "Imported" (등록 완료).
        IMPORT = "import", pgettext_lazy("person source", "Imported")
        OPINION = "opinion", _("Gave an opinion")
        SIGNUP = "signup", _("Signed up")
        DEMO = "demo", _("Demo data")

    name = models.CharField(_("name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=1, choices=GENDER_CHOICES, blank=True)
    age_band = models.CharField(
        _("age band"), max_length=4, choices=AGE_BAND_CHOICES, blank=True, db_index=True
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    # Stored as 010-1234-5678 (13 characters). NULL rather than "" when absent, so that the
    # unique constraint allows many people without one. max_length leaves room for the forms
    # people type (+82 10 1234 5678) to reach clean(), which normalizes them.
    mobile = models.CharField(_("mobile number"), max_length=20, unique=True, null=True, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    memo = models.TextField(_("memo"), blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.ADMIN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        permissions = [
            ("view_personal_data", _("Can see names, phone numbers and e-mail addresses")),
        ]
        # Deliberately no index on name: searches are substring matches an index cannot serve,
        # and with one SQLite walks the whole index in name order to fill a filtered page
        # (measured: 178 ms instead of 13 ms for a last-four-digits search over 83,522 people).

    def __str__(self):
        # Deliberately the masked name: __str__ ends up in breadcrumbs, messages and logs.
        return mask_name(self.name) or str(_("(no name)"))

    def clean(self):
        errors = {}
        try:
            self.name = normalize_name(self.name)
        except InvalidValue as exc:
            errors["name"] = exc.reason
        if not self.name:
            errors["name"] = _("Enter the person's name.")
        if self.mobile:
            try:
                self.mobile = normalize_mobile(self.mobile)
            except InvalidPhone as exc:
                errors["mobile"] = exc.reason
        else:
            self.mobile = None
        if self.email:
            try:
                self.email = normalize_email(self.email)
            except InvalidValue as exc:
                errors["email"] = exc.reason
        if not self.mobile and not self.email and "mobile" not in errors:
            errors["mobile"] = _("Enter a mobile number or an e-mail address.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_subscriber(self):
        profile = getattr(self, "subscriber", None)
        return profile is not None and profile.withdrawn_at is None


class SubscriberProfile(models.Model):
    """An e-communication subscriber (전자소통 가입자): when they joined, what they consent to.

    ``sms_consent`` and ``email_consent`` mirror the newest :class:`ConsentRecord` per channel
    (kept in step by :mod:`egov_plugin.people.consent`) so that audiences of tens of thousands
    can be filtered without reading the consent history.
    """

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="subscriber"
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    sms_consent = models.BooleanField(_("agrees to SMS"), default=False, db_index=True)
    email_consent = models.BooleanField(_("agrees to e-mail"), default=False, db_index=True)
    withdrawn_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-communication subscriber")
        verbose_name_plural = _("e-communication subscribers")

    def __str__(self):
        return str(self.person)


class ConsentRecord(models.Model):
    """One consent given or withdrawn, with its exact wording and version (개인정보보호법 제15조).

    Records are only ever added: a withdrawal is a new record with ``granted=False``.
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        PERSONAL_DATA = "personal_data", _("Collection of personal data")

    class Basis(models.TextChoices):
        """The legal basis of the record: how and where the person said yes or no."""

        ONLINE = "online", _("Given online")
        CARD = "card", _("On the network management card")
        IMPORT = "import", _("Collected with an uploaded list")
        PAPER = "paper", _("Recorded by staff from a paper card")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    # "channel" of an opinion means where it came from; here, what the consent covers.
    channel = models.CharField(
        pgettext_lazy("consent", "channel"), max_length=20, choices=Channel.choices
    )
    granted = models.BooleanField(_("granted"), default=True)
    recorded_at = models.DateTimeField(_("time"), default=timezone.now)
    wording_version = models.CharField(_("wording version"), max_length=50, blank=True)
    wording = models.TextField(_("wording"), blank=True)
    source = models.CharField(_("source"), max_length=50, blank=True)
    basis = models.CharField(
        _("legal basis"), max_length=20, choices=Basis.choices, default=Basis.ONLINE
    )
    # The date written on the paper card; required when staff record from one (see consent.py).
    card_signed_on = models.DateField(_("card signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["person", "channel", "-recorded_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} {self.recorded_at:%Y-%m-%d}"

    def clean(self):
        """A consent given on a card names its wording and version; one staff copied from a
        paper card names the date the person signed it (see :func:`consent.check_basis`)."""
        from .consent import check_basis

        check_basis(
            self.basis,
            granted=self.granted,
            wording=self.wording,
            wording_version=self.wording_version,
            card_signed_on=self.card_signed_on,
        )
