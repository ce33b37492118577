"""Members of a chosen organization or committee: the person, then the membership."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.committees.models import CommitteeMembership
from egov_plugin.organizations.models import OrganizationMembership
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person
from egov_plugin.people.permissions import can_view_personal_data

from ..mapping import AGE_BAND, EMAIL, GENDER, MOBILE, NAME, NUMBER, REGION, Field
from ..rows import cell_bool, cell_date, cell_text
from .base import PERSON_FIELDS, Kind, PersonResolver, chunks
from .people import EMAIL_CONSENT, IMPORT_WORDING_VERSION, SMS_CONSENT

ROLE = Field("role", "직책", ("직위", "역할", "role", "position"), label=gettext_lazy("Role"))
OCCUPATION = Field(
    "occupation", "직업", ("직군", "직업군", "occupation"), label=gettext_lazy("Occupation")
)
TERM_START = Field(
    "term_start",
    "임기시작일",
    ("임기시작", "위촉일", "임기개시일", "termstart"),
    label=gettext_lazy("Term starts"),
)
TERM_END = Field(
    "term_end",
    "임기종료일",
    ("임기종료", "임기만료", "임기만료일", "해촉일", "termend"),
    label=gettext_lazy("Term ends"),
)
JOINED_ON = Field(
    "joined_on", "가입일", ("가입일자", "입회일", "가입날짜"), label=gettext_lazy("Joined")
)

# The consent columns: which channels the member agreed to, when, and on what basis. Their
# titles are people.consent's, which the members' export writes.
CONSENT_ON = Field(
    "consent_on",
    consent.CONSENT_ON_TITLE,
    ("동의일", "동의날짜", "수신동의일", "수신동의일자"),
    label=gettext_lazy("Consent given on"),
)
CONSENT_BASIS = Field(
    "consent_basis",
    consent.BASIS_TITLE,
    ("동의방법", "동의방식", "근거"),
    label=gettext_lazy("Legal basis of the consent"),
)
CARD_SIGNED_ON = Field(
    "card_signed_on",
    consent.CARD_SIGNED_ON_TITLE,
    ("서명일", "카드작성일", "관리카드서명일", "카드서명일자"),
    label=gettext_lazy("Paper card signed on"),
)
CONSENT_FIELDS = (SMS_CONSENT, EMAIL_CONSENT, CONSENT_ON, CONSENT_BASIS, CARD_SIGNED_ON)
_CONSENT_CHANNELS = (
    ("sms_consent", ConsentRecord.Channel.SMS),
    ("email_consent", ConsentRecord.Channel.EMAIL),
)
#: What an upload may record as new consent: collected with the list, or copied from a
#: signed paper card. (Online and management-card consents name a wording the sheet lacks:
#: written in the column, they are kept when already recorded, else taken as the list's.)
_UPLOAD_BASES = (consent.Basis.IMPORT, consent.Basis.PAPER)

#: Korean words for roles, by membership model (the labels are also the template's list).
COMMITTEE_ROLES = {
    "위원장": CommitteeMembership.Role.CHAIR,
    "부위원장": CommitteeMembership.Role.VICE_CHAIR,
    "위원": CommitteeMembership.Role.MEMBER,
    "간사": CommitteeMembership.Role.SECRETARY,
}
ORGANIZATION_ROLES = {
    "회장": OrganizationMembership.Role.PRESIDENT,
    "부회장": OrganizationMembership.Role.VICE_PRESIDENT,
    "총무": OrganizationMembership.Role.SECRETARY,
    "회원": OrganizationMembership.Role.MEMBER,
}
OCCUPATIONS = {
    "교수": CommitteeMembership.Occupation.PROFESSOR,
    "전문직": CommitteeMembership.Occupation.PROFESSIONAL,
    "공공": CommitteeMembership.Occupation.PUBLIC,
    "단체": CommitteeMembership.Occupation.ORGANIZATION,
    "기업": CommitteeMembership.Occupation.BUSINESS,
    "자영업": CommitteeMembership.Occupation.SELF_EMPLOYED,
    "기타": CommitteeMembership.Occupation.OTHER,
}


def _choice(text, words, choices):
    """A choice value from its Korean word, its value or its label; ``None`` if unknown."""
    compact = text.replace(" ", "").casefold()
    for word, value in words.items():
        if compact == word:
            return value
    for value, label in choices:
        if compact in (value.casefold(), str(label).replace(" ", "").casefold()):
            return value
    return None


class _MembersKind(Kind):
    """Shared by organization and committee members; subclasses name the membership."""

    membership_model = None
    group_field = ""
    roles = {}
    date_fields = ()
    #: Membership fields besides the role and dates that an import fills.
    extra_fields = ()

    def clean(self, row):
        self.clean_person(row)
        model = self.membership_model
        role_text = cell_text(row.cells.get("role"))
        row.values["role"] = ""
        if role_text:
            role = _choice(role_text, self.roles, model.Role.choices)
            if role is None:
                row.warn(
                    "role",
                    _("“%(value)s” is not a known role (%(roles)s); it was left as member.")
                    % {"value": role_text, "roles": "/".join(self.roles)},
                )
            row.values["role"] = role or ""
        for key in self.date_fields:
            try:
                value = cell_date(row.cells.get(key))
            except ValueError:
                value = None
                row.warn(key, _("Not a date; it was left blank."))
            if hasattr(value, "date"):
                value = value.date()
            row.values[key] = value
        self.clean_consent(row)

    def clean_consent(self, row):
        """The consent columns: Y/N per channel; the day it was given; its basis (명단 when
        blank; 종이카드 needs the day the card was signed). A bad basis or date for a consent
        given rejects the row, since consent without its basis would not hold."""
        given = False
        for key, _channel in _CONSENT_CHANNELS:
            try:
                row.values[key] = cell_bool(row.cells.get(key))
            except ValueError:
                row.values[key] = None
                row.warn(key, _("Write Y or N; the consent was left unrecorded."))
            given = given or bool(row.values[key])
        today = timezone.localdate()
        for key in ("consent_on", "card_signed_on"):
            try:
                value = cell_date(row.cells.get(key))
            except ValueError:
                value = None
                if given:
                    row.error(key, _("Not a date: write it as 2024-03-01."))
            if hasattr(value, "date"):
                value = value.date()
            if value and value > today and given:
                row.error(key, _("The date is in the future."))
            row.values[key] = value
        text = cell_text(row.cells.get("consent_basis"))
        basis = consent.basis_from_text(text) if text else consent.Basis.IMPORT
        if basis is None:
            basis = consent.Basis.IMPORT
            if given:
                row.error(
                    "consent_basis",
                    _("“%(value)s” is not a legal basis: write 명단 or 종이카드.")
                    % {"value": text},
                )
        row.values["consent_basis"] = basis
        if not given:
            return
        signed, on = row.values["card_signed_on"], row.values["consent_on"]
        if basis == consent.Basis.PAPER and signed is None and not row.rejected:
            row.error(
                "card_signed_on",
                _("Consent from a paper card (종이카드) needs the day the card was signed."),
            )
        if signed and on and on < signed:
            row.error("consent_on", _("The consent cannot be given before the card was signed."))

    def consent_grants(self, entry, now):
        """The :class:`consent.Grant` s a row brings, given the person's newest records
        (``entry["consents"]``). A Y already standing, or one older than a withdrawal, records
        nothing; an N never withdraws (only the person, or staff from their card, do that).
        The job's wording and source are filled in by :meth:`apply`."""
        values, row = entry["values"], entry["row"]
        basis = values.get("consent_basis") or consent.Basis.IMPORT
        if basis not in _UPLOAD_BASES:
            basis = consent.Basis.IMPORT
        signed = values.get("card_signed_on") if basis == consent.Basis.PAPER else None
        day = values.get("consent_on") or signed
        at = _start_of(day) if day else now
        grants = []
        for key, channel in _CONSENT_CHANNELS:
            newest = entry.get("consents", {}).get(channel)
            wanted = values.get(key)
            if wanted is None:
                continue
            if not wanted:
                if newest is not None and newest.granted:
                    row.warn(
                        key,
                        _(
                            "The registry holds this consent (given %(date)s); an upload does "
                            "not withdraw it."
                        )
                        % {"date": timezone.localdate(newest.recorded_at).isoformat()},
                    )
                continue
            if newest is not None and newest.granted:
                continue
            if newest is not None and (day is None or newest.recorded_at >= at):
                row.warn(
                    key,
                    _(
                        "The person withdrew this consent on %(date)s; it is recorded again "
                        "only with a later consent date."
                    )
                    % {"date": timezone.localdate(newest.recorded_at).isoformat()},
                )
                continue
            grants.append(
                consent.Grant(
                    person=None,
                    channel=channel,
                    at=at,
                    wording_version=IMPORT_WORDING_VERSION,
                    basis=basis,
                    card_signed_on=signed,
                )
            )
        return grants

    def membership_values(self, values):
        keys = ("role", *self.date_fields, *self.extra_fields)
        return {key: values.get(key) for key in keys}

    def plan(self, rows):
        if self.target_object is None:
            raise ValueError(f"a {self.target} is needed")
        resolver = PersonResolver(rows)
        self.entries = resolver.group(rows)
        existing = {}
        for chunk in chunks([e["person"].pk for e in self.entries if e["person"]]):
            existing.update(
                (m.person_id, m)
                for m in self.membership_model.objects.filter(
                    **{self.group_field: self.target_object}, person_id__in=chunk
                )
            )
        newest = consent.newest_by_person(
            [e["person"].pk for e in self.entries if e["person"]],
            channels=[channel for _key, channel in _CONSENT_CHANNELS],
        )
        now = timezone.now()
        for entry in self.entries:
            row, person = entry["row"], entry["person"]
            entry["consents"] = {
                channel: newest.get((person.pk, channel)) if person else None
                for _key, channel in _CONSENT_CHANNELS
            }
            # Decided now (and kept) so that the preview and the commit say the same.
            entry["grants"] = self.consent_grants(entry, now)
            entry["updates"] = resolver.compare(entry) if person else {}
            entry["membership"] = existing.get(person.pk) if person else None
            entry["membership_updates"] = {}
            if entry["membership"] is None:
                row.outcome = "created"
                if person is not None:
                    row.message = _("An existing person joined.")
                continue
            membership = entry["membership"]
            for key, new in self.membership_values(entry["values"]).items():
                if new in (None, ""):
                    continue
                old = getattr(membership, key)
                default = key == "role" and old == self.membership_model.Role.MEMBER
                if old in (None, "") or (default and new != old):
                    entry["membership_updates"][key] = new
                elif old != new:
                    row.warn(key, _("Differs from the membership's; it was not changed."))
            if entry["updates"] or entry["membership_updates"]:
                row.outcome = "updated"
            elif entry["grants"]:
                row.outcome = "updated"
                row.message = _("Consent recorded.")
            else:
                row.outcome = "unchanged"
                row.message = _("Already a member.")

    def apply(self, rows, job):
        now = timezone.now()
        new_people = []
        for entry in self.entries:
            if entry["person"] is None:
                values = entry["values"]
                person = Person(**{a: values.get(a) for a in PERSON_FIELDS})
                person.email = person.email or ""
                person.source = Person.Source.IMPORT
                entry["person"] = person
                new_people.append(person)
        Person.objects.bulk_create(new_people, batch_size=2000)
        # A membership is confirmed (its managers see the member in clear) when the file brought
        # the person in, not when a row merely named someone already in the registry: see
        # egov_plugin.people.bodies.
        created = {id(p) for p in new_people}
        uploader_sees_all = can_view_personal_data(getattr(job, "created_by", None))
        changed, new_memberships, changed_memberships = [], [], []
        for entry in self.entries:
            person = entry["person"]
            if entry["updates"]:
                for attribute, value in entry["updates"].items():
                    setattr(person, attribute, value)
                person.updated_at = now
                changed.append(person)
            values = {k: v for k, v in self.membership_values(entry["values"]).items() if v}
            if entry["membership"] is None:
                membership = self.membership_model(
                    person=person,
                    **{self.group_field: self.target_object},
                    contacts_confirmed=uploader_sees_all or id(person) in created,
                    **values,
                )
                new_memberships.append(membership)
                entry["membership"] = membership
            elif entry["membership_updates"]:
                for key, value in entry["membership_updates"].items():
                    setattr(entry["membership"], key, value)
                changed_memberships.append(entry["membership"])
        if changed:
            Person.objects.bulk_update(changed, [*PERSON_FIELDS, "updated_at"], batch_size=2000)
        self.membership_model.objects.bulk_create(new_memberships, batch_size=2000)
        wording = _("Consent collected with the members' list (import %(job)s).") % {
            "job": job.pk if job else "-"
        }
        source = f"import:{job.pk if job else ''}"
        consent.grant_many(
            [
                grant._replace(person=entry["person"].pk, wording=wording, source=source)
                for entry in self.entries
                for grant in entry["grants"]
            ]
        )
        if changed_memberships:
            self.membership_model.objects.bulk_update(
                changed_memberships,
                ["role", *self.date_fields, *self.extra_fields],
                batch_size=2000,
            )

    def object_id(self, row):
        entry = row.target
        return entry["person"].pk if entry and entry.get("person") else None


class OrganizationMembersKind(_MembersKind):
    """Members of one organization (단체 회원)."""

    key = "organization-members"
    label = gettext_lazy("Organization members")
    target = "organization"
    membership_model = OrganizationMembership
    group_field = "organization"
    roles = ORGANIZATION_ROLES
    date_fields = ("joined_on",)
    fields = (
        NUMBER,
        NAME,
        MOBILE,
        EMAIL,
        REGION,
        AGE_BAND,
        GENDER,
        ROLE,
        JOINED_ON,
        *CONSENT_FIELDS,
    )


class CommitteeMembersKind(_MembersKind):
    """Members of one committee (위원), with occupation and term."""

    key = "committee-members"
    label = gettext_lazy("Committee members")
    target = "committee"
    membership_model = CommitteeMembership
    group_field = "committee"
    roles = COMMITTEE_ROLES
    date_fields = ("term_start", "term_end")
    extra_fields = ("occupation",)
    fields = (
        NUMBER,
        NAME,
        MOBILE,
        EMAIL,
        REGION,
        AGE_BAND,
        GENDER,
        ROLE,
        OCCUPATION,
        TERM_START,
        TERM_END,
        *CONSENT_FIELDS,
    )

    def clean(self, row):
        super().clean(row)
        text = cell_text(row.cells.get("occupation"))
        row.values["occupation"] = ""
        if text:
            value = _choice(text, OCCUPATIONS, CommitteeMembership.Occupation.choices)
            if value is None:
                row.warn(
                    "occupation",
                    _("“%(value)s” is not a known occupation (%(known)s); it was left blank.")
                    % {"value": text, "known": "/".join(OCCUPATIONS)},
                )
            row.values["occupation"] = value or ""
        start, end = row.values.get("term_start"), row.values.get("term_end")
        if start and end and end < start:
            row.error("term_end", _("The term cannot end before it starts."))


def _start_of(day):
    """The start of ``day`` in the site's time zone (the moment a dated consent counts from)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
