"""What every kind of import shares: cleaning the person columns and finding people."""

from collections import defaultdict

from django.db import connection
from django.utils.translation import gettext as _

from egov_plugin.core.text import (
    InvalidPhone,
    InvalidValue,
    mask_name,
    normalize_age_band,
    normalize_email,
    normalize_gender,
    normalize_mobile,
    normalize_name,
)
from egov_plugin.people.models import Person
from egov_plugin.people.regions import region_matcher

from ..rows import cell_text

#: Person fields an import fills, in the order conflicts are reported.
PERSON_FIELDS = ("name", "mobile", "email", "gender", "age_band", "birth_year", "region_id")

_FIELD_LABELS = {
    "name": "성명",
    "mobile": "휴대폰",
    "email": "이메일",
    "gender": "성별",
    "age_band": "연령대",
    "birth_year": "출생연도",
    "region_id": "주소(동)",
}
_FIELD_KEYS = {"region_id": "region", "birth_year": "age_band"}

# Lookups with IN (...) are chunked: SQLite allows 32,766 parameters, but big lists also make
# slow plans on PostgreSQL.
CHUNK = 5000


def field_key(attribute):
    """The import field (column) a person attribute comes from."""
    return _FIELD_KEYS.get(attribute, attribute)


class Kind:
    """One kind of import. Subclasses say which fields they read, and how rows become records.

    The pipeline calls :meth:`clean` for every row, :meth:`plan` once with the rows that passed
    (which sets each row's outcome without writing anything: that is the preview), then
    :meth:`apply` inside the job's transaction.
    """

    key = ""
    label = ""
    fields = ()
    #: ``"organization"``, ``"committee"``, ``"consultation"`` or ``None``.
    target = None

    def __init__(self, target=None):
        self.target_object = target
        self._matcher = None

    @property
    def matcher(self):
        if self._matcher is None:
            self._matcher = region_matcher()
        return self._matcher

    def clean(self, row):
        raise NotImplementedError

    def plan(self, rows):
        raise NotImplementedError

    def apply(self, rows, job):
        raise NotImplementedError

    # --- shared cleaning of the person columns ------------------------------------------

    def clean_person(self, row, *, contact_required=True, name_required=True):
        """Normalize name, contacts, gender, age band and neighbourhood into ``row.values``.

        Only the name and one valid contact are required; an optional value that is not
        recognised is stored blank with a warning rather than losing the whole row.
        """
        cells, values = row.cells, row.values
        values["name"] = normalize_name(cell_text(cells.get("name")))
        if name_required and not values["name"]:
            row.error("name", _("The name is missing."))
        values["mobile"], mobile_problem = None, None
        raw_mobile = cells.get("mobile")
        if cell_text(raw_mobile):
            try:
                values["mobile"] = normalize_mobile(raw_mobile)
            except InvalidPhone as exc:
                mobile_problem = _("The mobile number is not valid (%(reason)s).") % {
                    "reason": exc.reason
                }
        values["email"], email_problem = "", None
        if cell_text(cells.get("email")):
            try:
                values["email"] = normalize_email(cell_text(cells.get("email")))
            except InvalidValue:
                email_problem = _("The e-mail address is not valid.")
        has_contact = bool(values["mobile"] or values["email"])
        if contact_required and not has_contact:
            if mobile_problem:
                row.error("mobile", mobile_problem)
            if email_problem:
                row.error("email", email_problem)
            if not (mobile_problem or email_problem):
                row.error("mobile", _("A mobile number or an e-mail address is needed."))
        else:
            if mobile_problem:
                row.warn("mobile", mobile_problem + " " + _("It was left blank."))
            if email_problem:
                row.warn("email", email_problem + " " + _("It was left blank."))
        self._clean_optional(row)

    def _clean_optional(self, row):
        cells, values = row.cells, row.values
        gender, problem = self._cached("gender", cells.get("gender"), _gender)
        values["gender"] = gender
        if problem:
            row.warn("gender", problem)
        (values["age_band"], values["birth_year"]), problem = self._cached(
            "age_band", cells.get("age_band"), _age
        )
        if problem:
            row.warn("age_band", problem)
        values["region_id"], problem = self._cached("region", cells.get("region"), self._region)
        if problem:
            row.warn("region", problem)

    def _cached(self, key, value, function):
        """``function(value)`` as ``(result, problem)``, remembered per distinct value.

        A sheet of 80,000 people holds a few dozen spellings of gender, age band and
        neighbourhood: normalizing each spelling once keeps the import close to the parse.
        """
        cache = self.__dict__.setdefault("_cache", {})
        try:
            return cache[(key, type(value), value)]
        except KeyError:
            result = cache[(key, type(value), value)] = function(value)
            return result
        except TypeError:  # an unhashable cell value
            return function(value)

    def _region(self, value):
        text = cell_text(value)
        if not text:
            return None, None
        region_id = self.matcher.match(text)
        if region_id is None:
            return None, _(
                "“%(value)s” is not a neighbourhood of the district; it was left blank."
            ) % {"value": text}
        return region_id, None


def _gender(value):
    try:
        return normalize_gender(value), None
    except InvalidValue:
        return "", _("“%(value)s” is not a recognised gender (남/여); it was left blank.") % {
            "value": cell_text(value)
        }


def _age(value):
    try:
        band = normalize_age_band(value)
    except InvalidValue as exc:
        return ("", None), _(
            "“%(value)s” is not a recognised age band (%(reason)s); it was left blank."
        ) % {"value": cell_text(value), "reason": exc.reason}
    text = cell_text(value).replace("년생", "").replace("년", "")
    birth_year = int(text) if text.isdigit() and len(text) == 4 else None
    return (band, birth_year), None


class PersonResolver:
    """Finds the registry's person for each row, merging rows that repeat a person.

    The rule is :meth:`PersonQuerySet.find_match`'s (mobile first, then an e-mail address
    whose person has no other mobile), applied to the whole file with a handful of queries
    instead of one per row.
    """

    def __init__(self, rows):
        mobiles = {r.values["mobile"] for r in rows if r.values.get("mobile")}
        emails = {r.values["email"] for r in rows if r.values.get("email")}
        self.by_mobile = {p.mobile: p for p in people_with("mobile", sorted(mobiles))}
        self.by_email = defaultdict(list)
        for person in sorted(people_with("email", sorted(emails)), key=lambda p: p.pk):
            self.by_email[person.email].append(person)

    def existing(self, mobile, email):
        if mobile and mobile in self.by_mobile:
            return self.by_mobile[mobile]
        for person in self.by_email.get(email, ()) if email else ():
            if not person.mobile or person.mobile == mobile:
                return person
        return None

    def group(self, rows):
        """Group rows into entries (one per person); sets ``row.target`` and merged outcomes.

        Returns the entries: dicts with ``row`` (the first row), ``values`` (merged) and
        ``person`` (the registry's, or ``None`` for a new person).
        """
        entries, file_mobile, file_email, by_person = [], {}, {}, {}
        for row in rows:
            mobile, email = row.values.get("mobile"), row.values.get("email")
            entry = file_mobile.get(mobile) if mobile else None
            if entry is None and email and email in file_email:
                candidate = file_email[email]
                if not candidate["values"]["mobile"] or not mobile:
                    entry = candidate
            if entry is None:
                person = self.existing(mobile, email)
                if person is not None and person.pk in by_person:
                    entry = by_person[person.pk]
                else:
                    # The row's values are shared until a later row is merged in (see _merge).
                    entry = {"row": row, "values": row.values, "person": person}
                    entries.append(entry)
                    if person is not None:
                        by_person[person.pk] = entry
                    row.target = entry
                    _index_entry(entry, file_mobile, file_email)
                    continue
            _merge(entry, row)
            _index_entry(entry, file_mobile, file_email)
        return entries

    @staticmethod
    def compare(entry):
        """Updates for the registry's person: ``{attribute: value}`` for empty fields only.

        A different non-empty value is never overwritten: it is reported on the entry's first
        row as a conflict, naming the field (and never showing a contact in full).
        """
        person, values, row = entry["person"], entry["values"], entry["row"]
        updates = {}
        for attribute in PERSON_FIELDS:
            new = values.get(attribute)
            if new in (None, ""):
                continue
            old = getattr(person, attribute)
            if old in (None, ""):
                updates[attribute] = new
            elif old != new:
                row.warn(field_key(attribute), _conflict_message(attribute, person))
        return updates


def _conflict_message(attribute, person):
    if attribute == "name":
        return _(
            "The registry has this person as %(name)s; the name was not changed (conflict)."
        ) % {"name": mask_name(person.name)}
    return _("%(field)s differs from the registry's; it was not changed (conflict).") % {
        "field": _FIELD_LABELS[attribute]
    }


def _index_entry(entry, file_mobile, file_email):
    values = entry["values"]
    if values.get("mobile"):
        file_mobile.setdefault(values["mobile"], entry)
    if values.get("email"):
        file_email.setdefault(values["email"], entry)


def _merge(entry, row):
    """Fill the entry's empty values from a later row; differing values keep the first."""
    first = entry["row"]
    if entry["values"] is first.values:
        entry["values"] = dict(first.values)
    for attribute, new in row.values.items():
        if new in (None, ""):
            continue
        old = entry["values"].get(attribute)
        if old in (None, ""):
            entry["values"][attribute] = new
        elif old != new and attribute in PERSON_FIELDS:
            row.warn(
                field_key(attribute),
                _("Differs from row %(row)d, whose value was kept.") % {"row": first.number},
            )
    row.target = entry
    row.outcome = "merged"
    row.message = _("The same person as row %(row)d; merged into it.") % {"row": first.number}


def people_with(field, values):
    """The people whose ``field`` (``mobile`` or ``email``) is one of ``values`` (a list)."""
    if not values:
        return
    if connection.vendor == "postgresql":
        # One array parameter instead of IN lists of thousands of placeholders: psycopg binds
        # it and the server matches it about four times faster.
        column = connection.ops.quote_name(Person._meta.get_field(field).column)
        queryset = Person.objects.extra(where=[f"{column} = ANY(%s)"], params=[values])
        yield from queryset.order_by()
        return
    for chunk in chunks(values):
        yield from Person.objects.filter(**{f"{field}__in": chunk}).order_by()


def chunks(items, size=CHUNK):
    """``items`` (a list) in slices of ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
