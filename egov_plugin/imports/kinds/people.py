"""People: e-communication subscribers (전자소통 가입자) from the management card."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person, SubscriberProfile

from ..mapping import AGE_BAND, EMAIL, GENDER, MEMO, MOBILE, NAME, NUMBER, REGION, Field
from ..rows import cell_bool, cell_date, cell_text
from .base import PERSON_FIELDS, Kind, PersonResolver, chunks

#: People written per round trip (and model objects alive at once).
BATCH = 2000

JOINED = Field(
    "joined", "가입일", ("가입일자", "등록일", "등록일자", "가입날짜"), label=gettext_lazy("Joined")
)
SMS_CONSENT = Field(
    "sms_consent",
    "문자수신동의",
    ("sms수신동의", "문자수신", "sms동의", "문자동의", "sms"),
    label=gettext_lazy("Agrees to SMS"),
)
EMAIL_CONSENT = Field(
    "email_consent",
    "메일수신동의",
    ("이메일수신동의", "메일수신", "이메일동의", "메일동의"),
    label=gettext_lazy("Agrees to e-mail"),
)

SUBSCRIBED = Field(
    "subscribed",
    "전자소통",
    ("전자소통가입", "가입여부", "전자소통가입여부", "subscribed"),
    label=gettext_lazy("Subscribes to the e-communication"),
)
#: The values of 전자소통 besides Y/N (the people export writes 가입, 미가입 or 탈퇴).
_SUBSCRIBED = {"가입": True, "미가입": False, "탈퇴": False, "비가입": False}

#: The consent wording version written on consent records that come from an upload.
IMPORT_WORDING_VERSION = "import"


class PeopleKind(Kind):
    """Subscribers: a person (created or completed) with a subscriber profile."""

    key = "people"
    label = gettext_lazy("People (e-communication subscribers)")
    fields = (
        NUMBER,
        NAME,
        MOBILE,
        EMAIL,
        REGION,
        AGE_BAND,
        GENDER,
        JOINED,
        SMS_CONSENT,
        EMAIL_CONSENT,
        MEMO,
        SUBSCRIBED,
    )

    def clean(self, row):
        self.clean_person(row)
        for key in ("sms_consent", "email_consent"):
            try:
                row.values[key] = cell_bool(row.cells.get(key))
            except ValueError:
                row.values[key] = None
                row.warn(key, _("Write Y or N; the consent was left unrecorded."))
        try:
            joined = cell_date(row.cells.get("joined"))
        except ValueError:
            joined = None
            row.warn("joined", _("Not a date; the joining date was left blank."))
        row.values["joined"] = joined
        row.values["memo"] = cell_text(row.cells.get("memo"))
        # Without the column every row subscribes (it is a list of subscribers); "미가입" rows
        # (people in the registry for another reason, as the people export writes them) are
        # created or matched without becoming subscribers.
        subscribed = cell_text(row.cells.get("subscribed")).replace(" ", "")
        try:
            row.values["subscribed"] = _SUBSCRIBED.get(subscribed, None)
            if row.values["subscribed"] is None:
                row.values["subscribed"] = cell_bool(subscribed) is not False
        except ValueError:
            row.values["subscribed"] = True
            row.warn("subscribed", _("Write 가입 or 미가입; the person was taken as subscribing."))

    def plan(self, rows):
        resolver = PersonResolver(rows)
        self.entries = resolver.group(rows)
        profiles = set()
        for chunk in chunks([e["person"].pk for e in self.entries if e["person"]]):
            profiles.update(
                SubscriberProfile.objects.filter(person_id__in=chunk).values_list(
                    "person_id", flat=True
                )
            )
        for entry in self.entries:
            row = entry["row"]
            if entry["person"] is None:
                row.outcome = "created"
                continue
            entry["updates"] = resolver.compare(entry)
            entry["needs_profile"] = entry["person"].pk not in profiles and _subscribes(entry)
            if entry["updates"] or entry["needs_profile"]:
                row.outcome = "updated"
                row.message = _("Completed an existing person.")
            else:
                row.outcome = "unchanged"
                row.message = _("Already in the registry.")

    def apply(self, rows, job):
        # Batch by batch, so that only one batch of model objects is alive at a time: each
        # entry keeps its person's id and drops the object.
        now = timezone.now()
        for batch in chunks(self.entries, BATCH):
            self._apply_batch(batch, job, now)

    def _apply_batch(self, entries, job, now):
        new_people, changed, profiles, consents = [], [], [], []
        for entry in entries:
            if entry["person"] is None:
                values = entry["values"]
                entry["person"] = Person(
                    **{a: values.get(a) for a in PERSON_FIELDS},
                    memo=values.get("memo", ""),
                    source=Person.Source.IMPORT,
                )
                entry["person"].email = values.get("email") or ""
                entry["person"].gender = values.get("gender") or ""
                entry["person"].age_band = values.get("age_band") or ""
                entry["needs_profile"] = _subscribes(entry)
                new_people.append(entry["person"])
        Person.objects.bulk_create(new_people, batch_size=BATCH)
        for entry in entries:
            person = entry["person"]
            if entry.get("updates"):
                for attribute, value in entry["updates"].items():
                    setattr(person, attribute, value)
                person.updated_at = now
                changed.append(person)
            if entry.get("needs_profile"):
                values = entry["values"]
                joined = values.get("joined")
                profiles.append(
                    SubscriberProfile(
                        person_id=person.pk,
                        joined_at=_aware(joined) if joined else now,
                        sms_consent=bool(values.get("sms_consent")),
                        email_consent=bool(values.get("email_consent")),
                    )
                )
                consents += _consents(person, values, job, now)
        if changed:
            Person.objects.bulk_update(changed, [*PERSON_FIELDS, "updated_at"], batch_size=BATCH)
        SubscriberProfile.objects.bulk_create(profiles, batch_size=BATCH)
        consent.grant_many(consents, batch_size=BATCH)
        for entry in entries:
            entry["person_id"] = entry["person"].pk
            entry["person"] = None
            entry["row"].target = entry

    def object_id(self, row):
        entry = row.target
        return entry.get("person_id") if entry else None


def _subscribes(entry):
    return entry["values"].get("subscribed", True) is not False


def _consents(person, values, job, now):
    """Consents the sheet says were given (on the management card), collected with the list."""
    grants = []
    for key, channel in (
        ("sms_consent", ConsentRecord.Channel.SMS),
        ("email_consent", ConsentRecord.Channel.EMAIL),
    ):
        if values.get(key):
            grants.append(
                consent.Grant(
                    person=person.pk,
                    channel=channel,
                    at=now,
                    wording_version=IMPORT_WORDING_VERSION,
                    wording=_("Consent recorded on the management card (import %(job)s).")
                    % {"job": job.pk if job else "-"},
                    source=f"import:{job.pk if job else ''}",
                    basis=consent.Basis.IMPORT,
                )
            )
    return grants


def _aware(value):
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
