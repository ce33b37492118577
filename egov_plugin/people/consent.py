"""Giving and withdrawing consent, with the wording the person agreed to and its legal basis.

This module is the only writer of :class:`ConsentRecord` rows (a test scans the package for
others): :func:`grant` and :func:`withdraw` for one answer, :func:`grant_many` for uploads and
demo data. They keep the subscriber profile's per-channel flags in step with the newest record
and check that each record names what its basis needs (:func:`check_basis`).
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from .conf import app_settings
from .models import ConsentRecord, SubscriberProfile

Basis = ConsentRecord.Basis

_PROFILE_FLAGS = {
    ConsentRecord.Channel.SMS: "sms_consent",
    ConsentRecord.Channel.EMAIL: "email_consent",
}

#: Rows written per round trip by :func:`grant_many`.
BATCH = 2000

#: The consent columns of the members' export and upload (the upload also reads other titles).
SMS_TITLE = "문자수신동의"
EMAIL_TITLE = "메일수신동의"
CONSENT_ON_TITLE = "동의일자"
BASIS_TITLE = "동의근거"
CARD_SIGNED_ON_TITLE = "카드서명일"
SPREADSHEET_TITLES = (SMS_TITLE, EMAIL_TITLE, CONSENT_ON_TITLE, BASIS_TITLE, CARD_SIGNED_ON_TITLE)

#: How a spreadsheet writes each basis (the members' export writes these, their upload reads
#: them back; see :func:`basis_from_text`).
BASIS_WORDS = {
    Basis.ONLINE: "온라인",
    Basis.CARD: "관리카드",
    Basis.IMPORT: "명단",
    Basis.PAPER: "종이카드",
}
#: Other spellings staff write for a basis in an upload.
_BASIS_ALIASES = {
    "온라인동의": Basis.ONLINE,
    "누리집": Basis.ONLINE,
    "소통네트워크관리카드": Basis.CARD,
    "관리카드동의": Basis.CARD,
    "명단업로드": Basis.IMPORT,
    "업로드": Basis.IMPORT,
    "종이": Basis.PAPER,
    "서면": Basis.PAPER,
    "종이카드동의": Basis.PAPER,
}


def basis_from_text(text):
    """The basis a spreadsheet cell names (its word, value or label), or ``None``."""
    compact = str(text or "").replace(" ", "").casefold()
    for basis, word in BASIS_WORDS.items():
        if compact in (word, basis.value, str(basis.label).replace(" ", "").casefold()):
            return basis
    return _BASIS_ALIASES.get(compact)


class Grant(NamedTuple):
    """One consent for :func:`grant_many`: ``person`` is a person or its id."""

    person: object
    channel: str
    wording: str = ""
    wording_version: str = ""
    basis: str = Basis.ONLINE
    card_signed_on: datetime.date | None = None
    source: str = ""
    at: datetime.datetime | None = None


def check_basis(basis, *, granted=True, wording="", wording_version="", card_signed_on=None):
    """Raise :class:`ValidationError` unless the record names what its basis needs.

    Consent given on the 소통 네트워크 관리카드 names the card's wording and its version (the
    text the person signed); a record staff copy from a paper card names the day it was signed,
    which cannot be in the future.
    """
    if basis not in Basis.values:
        raise ValidationError({"basis": _("Unknown legal basis “%(value)s”.") % {"value": basis}})
    errors = {}
    if basis == Basis.CARD and granted:
        if not wording:
            errors["wording"] = _("Consent on the management card needs the card's wording.")
        if not wording_version:
            errors["wording_version"] = _(
                "Consent on the management card needs the version of the card's wording."
            )
    if basis == Basis.PAPER:
        if card_signed_on is None:
            errors["card_signed_on"] = _("Give the date the paper card was signed.")
        elif card_signed_on > timezone.localdate():
            errors["card_signed_on"] = _("The paper card cannot be signed in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def _set(
    person,
    channel,
    granted,
    *,
    wording="",
    wording_version="",
    source="",
    at=None,
    basis=Basis.ONLINE,
    card_signed_on=None,
):
    check_basis(
        basis,
        granted=granted,
        wording=wording,
        wording_version=wording_version,
        card_signed_on=card_signed_on,
    )
    at = at or timezone.now()
    record = ConsentRecord.objects.create(
        person=person,
        channel=channel,
        granted=granted,
        recorded_at=at,
        wording=wording,
        wording_version=wording_version,
        source=source,
        basis=basis,
        card_signed_on=card_signed_on,
    )
    flag = _PROFILE_FLAGS.get(channel)
    if flag:
        # The flag mirrors the newest record, which a back-dated one (a paper card signed
        # before a withdrawal given online) is not.
        SubscriberProfile.objects.filter(person=person).update(
            **{flag: current(person, channel).granted}
        )
    return record


def grant(
    person,
    channel,
    *,
    wording,
    wording_version,
    source="",
    at=None,
    basis=Basis.ONLINE,
    card_signed_on=None,
):
    """Record that ``person`` agreed to ``channel`` under this wording (its text and version)
    on this legal ``basis``; raises :class:`ValidationError` if the basis lacks what it needs."""
    return _set(
        person,
        channel,
        True,
        wording=wording,
        wording_version=wording_version,
        source=source,
        at=at,
        basis=basis,
        card_signed_on=card_signed_on,
    )


def withdraw(person, channel, *, source="", at=None, basis=Basis.ONLINE, card_signed_on=None):
    """Record that ``person`` withdrew their consent for ``channel``."""
    return _set(
        person,
        channel,
        False,
        source=source,
        at=at,
        basis=basis,
        card_signed_on=card_signed_on,
    )


@transaction.atomic
def grant_many(grants, *, batch_size=BATCH):
    """Record many consents (:class:`Grant`) at once, as :func:`grant` would one by one.

    Every grant is checked before anything is written, so a bad one stores none (the error
    is raised as :class:`ValidationError`); then the records are written in batches and the
    subscriber profiles' flags set, all in one transaction. Returns the records written.
    """
    now = timezone.now()
    records = []
    for item in grants:
        check_basis(
            item.basis,
            wording=item.wording,
            wording_version=item.wording_version,
            card_signed_on=item.card_signed_on,
        )
        records.append(
            ConsentRecord(
                person_id=getattr(item.person, "pk", item.person),
                channel=item.channel,
                granted=True,
                recorded_at=item.at or now,
                wording=item.wording,
                wording_version=item.wording_version,
                source=item.source,
                basis=item.basis,
                card_signed_on=item.card_signed_on,
            )
        )
    ConsentRecord.objects.bulk_create(records, batch_size=batch_size)
    for channel, flag in _PROFILE_FLAGS.items():
        people = sorted({r.person_id for r in records if r.channel == channel})
        for start in range(0, len(people), batch_size):
            chunk = people[start : start + batch_size]
            # As in _set: the flag follows the newest record, which a back-dated grant (a
            # paper card signed before a withdrawal) is not.
            newest = newest_by_person(chunk, channels=[channel])
            standing = [pk for pk in chunk if newest[(pk, channel)].granted]
            SubscriberProfile.objects.filter(person_id__in=standing).update(**{flag: True})
    return records


def current(person, channel):
    """The newest record for the channel, or ``None`` when the person never answered."""
    return person.consents.filter(channel=channel).order_by("-recorded_at", "-pk").first()


def renewal_cutoff(now=None):
    """Consent given before this moment is older than ``CONSENT_RENEWAL_YEARS`` and flagged."""
    now = now or timezone.now()
    year = now.year - app_settings.CONSENT_RENEWAL_YEARS
    try:
        return now.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=year, day=28)


def fresh_condition(channel, cutoff):
    """A ``Q`` on people: their consent for ``channel`` was given on or after ``cutoff``.

    The date is the newest granted record's; a subscriber whose flag was set without any record
    (an old import) counts from the day they joined.
    """
    records = ConsentRecord.objects.filter(person=OuterRef("pk"), channel=channel)
    return Exists(records.filter(granted=True, recorded_at__gte=cutoff)) | (
        ~Exists(records) & Q(subscriber__joined_at__gte=cutoff)
    )


def consent_ages(person, now=None):
    """``[(channel, given_at, stale)]`` for the SMS and e-mail consent ``person`` holds now."""
    cutoff = renewal_cutoff(now)
    profile = getattr(person, "subscriber", None)
    ages = []
    for channel, flag in _PROFILE_FLAGS.items():
        newest = current(person, channel)
        if newest is not None:
            if not newest.granted:
                continue
            given = newest.recorded_at
        elif profile is not None and getattr(profile, flag):
            given = profile.joined_at
        else:
            continue
        ages.append((channel, given, given < cutoff))
    return ages


def newest_by_person(person_ids, channels=tuple(_PROFILE_FLAGS)):
    """``{(person_id, channel): newest ConsentRecord}`` for these people (as :func:`current`)."""
    newest = {}
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), BATCH):
        records = ConsentRecord.objects.filter(
            person_id__in=ids[start : start + BATCH], channel__in=channels
        ).order_by("person_id", "channel", "-recorded_at", "-pk")
        for record in records:
            newest.setdefault((record.person_id, record.channel), record)
    return newest


def with_current(queryset, *, person="pk", channels=tuple(_PROFILE_FLAGS)):
    """``queryset`` annotated, per channel, with the newest record's ``<channel>_granted``,
    ``<channel>_at``, ``<channel>_basis`` and ``<channel>_card`` (``person`` is the path to the
    person's id: ``"pk"`` for people, ``"person_id"`` for memberships)."""
    annotations = {}
    for channel in channels:
        newest = ConsentRecord.objects.filter(person=OuterRef(person), channel=channel).order_by(
            "-recorded_at", "-pk"
        )
        for suffix, field in (
            ("granted", "granted"),
            ("at", "recorded_at"),
            ("basis", "basis"),
            ("card", "card_signed_on"),
        ):
            annotations[f"{channel}_{suffix}"] = Subquery(newest.values(field)[:1])
    return queryset.annotate(**annotations)


def spreadsheet_cells(annotated, channels=tuple(_PROFILE_FLAGS)):
    """The consent columns (:data:`SPREADSHEET_TITLES`) for one row annotated by
    :func:`with_current`: Y or N per channel (blank: never answered), then the day, basis and
    card date of the newest consent standing."""
    cells, newest = [], None
    for channel in channels:
        granted = getattr(annotated, f"{channel}_granted")
        cells.append("" if granted is None else ("Y" if granted else "N"))
        at = getattr(annotated, f"{channel}_at")
        if granted and (newest is None or at > newest[0]):
            basis = getattr(annotated, f"{channel}_basis")
            newest = (at, basis, getattr(annotated, f"{channel}_card"))
    if newest is None:
        return [*cells, "", "", ""]
    at, basis, card = newest
    return [*cells, timezone.localdate(at), BASIS_WORDS.get(basis, basis), card or ""]
