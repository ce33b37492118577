"""Members of a chosen organization or committee: the person, then the membership."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.committees.models import CommitteeMembership
from egov_plugin.organizations.models import OrganizationMembership
from egov_plugin.people.models import Person
from egov_plugin.people.permissions import can_view_personal_data

from ..mapping import AGE_BAND, EMAIL, GENDER, MOBILE, NAME, NUMBER, REGION, Field
from ..rows import cell_date, cell_text
from .base import PERSON_FIELDS, Kind, PersonResolver, chunks

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
        for entry in self.entries:
            row, person = entry["row"], entry["person"]
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
    fields = (NUMBER, NAME, MOBILE, EMAIL, REGION, AGE_BAND, GENDER, ROLE, JOINED_ON)


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
