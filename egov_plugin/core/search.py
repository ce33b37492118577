"""Korean-aware text search, the same on SQLite and PostgreSQL.

Korean attaches particles and endings to the word (``예산을``, ``예산에서``) and builds
compounds (``주민참여예산``), so a word-based index finds neither from ``예산``. Searching for the
query's terms *inside* the text finds both, on any database, with no language model in the web
process. Each query term is first stripped of a trailing particle (``예산을`` → ``예산``) so that
the inflected form a person typed still finds the others.

Terms are combined with AND; each term may match any of the given fields. Matching is
case-insensitive for Latin letters. A term with no letter case at all (Hangul, digits) is matched
case-sensitively (:class:`CaselessContains`): the same rows, but PostgreSQL runs a plain ``LIKE``
instead of ``UPPER(…) LIKE UPPER(…)`` (about three times faster, and a trigram index can serve
it) and SQLite ``instr()`` instead of ``LIKE`` (about twice as fast). See
``docs/concepts/search.md`` for the choice against morphological analysis at query time and the
measured costs.

>>> split_terms("  주민참여예산을   예산에서 ")
['주민참여예산', '예산']
>>> strip_particle("청소를")
'청소'
>>> strip_particle("서울")   # two syllables ending in what looks like a particle: kept
'서울'
"""

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import DatabaseError, transaction
from django.db.migrations.operations.base import Operation
from django.db.models import CharField, Lookup, Q, TextField
from django.db.models.lookups import Contains
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Longest first, so that "에서" is stripped before "서" could be considered.
PARTICLES = sorted(
    [
        "에서는", "에게서", "으로는", "으로써", "으로서", "까지는", "부터는",
        "에서", "에게", "으로", "로서", "로써", "까지", "부터", "처럼", "보다", "에는",
        "이나", "이랑", "하고", "께서", "마다", "조차", "밖에", "와는", "과는",
        "을", "를", "이", "가", "은", "는", "에", "의", "로", "와", "과", "도", "만", "랑",
    ],
    key=len,
    reverse=True,
)  # fmt: skip

#: Characters that never help a search (punctuation, symbols); they separate terms instead.
_SEPARATORS = re.compile(r"[\s!\"#$%&'()*+,/:;<=>?\[\\\]^`{|}~·…「」『』“”‘’]+")

MIN_TERM_LENGTH = 1


def normalize_query(text):
    """NFKC (full-width letters and digits to ASCII), trimmed; ``""`` for ``None``."""
    return unicodedata.normalize("NFKC", text or "").strip()


def strip_particle(term):
    """Remove one trailing Korean particle, keeping at least two characters of the word."""
    for particle in PARTICLES:
        if term.endswith(particle) and len(term) - len(particle) >= 2:
            return term[: -len(particle)]
    return term


def split_terms(query):
    """The distinct search terms of a query, particles stripped, in order."""
    terms = []
    for raw in _SEPARATORS.split(normalize_query(query)):
        term = strip_particle(raw)
        # A term of only dots or dashes ("...", "-") would match nearly everything.
        if not any(ch.isalnum() for ch in term):
            continue
        if len(term) >= MIN_TERM_LENGTH and term not in terms:
            terms.append(term)
    return terms


def is_searchable(query):
    """Whether the query holds anything to search for (not empty, not only punctuation)."""
    return bool(split_terms(query))


def is_caseless(term):
    """Whether ``term`` has no letter case (Hangul, digits, punctuation): then a case-sensitive
    match finds exactly what a case-insensitive one would.

    >>> is_caseless("예산"), is_caseless("010-1234"), is_caseless("Kim")
    (True, True, False)
    """
    return term == term.upper() == term.lower() == term.casefold()


class CaselessContains(Contains):
    """``field__egov_contains=term``: ``contains`` for a term without letter case.

    PostgreSQL runs it as ``contains`` (a plain ``LIKE``, served by a ``pg_trgm`` index). SQLite
    runs it as ``instr(field, term) > 0``, a byte search about twice as fast as ``LIKE``, which
    folds ASCII letter case a caseless term does not need (17 → 10 ms over 83,522 names, 25 →
    10 ms over 20,000 opinions).
    """

    lookup_name = "egov_contains"

    def as_sql(self, compiler, connection):
        return Contains(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        # The bare value: instr() has no wildcards to add or escape.
        rhs_sql, rhs_params = Lookup.process_rhs(self, compiler, connection)
        return f"instr({lhs_sql}, {rhs_sql}) > 0", (*lhs_params, *rhs_params)


CharField.register_lookup(CaselessContains)
TextField.register_lookup(CaselessContains)


def contains_lookup(term):
    """The lookup for ``term``: ``egov_contains`` when caseless, ``icontains`` otherwise."""
    return CaselessContains.lookup_name if is_caseless(term) else "icontains"


def caseless(condition):
    """``condition`` (a ``Q``) with each ``icontains`` on a caseless value made
    ``egov_contains`` (:class:`CaselessContains`).

    For conditions built elsewhere (e.g. ``people.models.person_filter``): the rows matched do
    not change, only the SQL PostgreSQL has to run.
    """
    if condition is None:
        return None
    rewritten = condition.copy()
    rewritten.children = [
        caseless(child)
        if isinstance(child, Q)
        else (
            (child[0].removesuffix("icontains") + CaselessContains.lookup_name, child[1])
            if child[0].endswith("__icontains")
            and isinstance(child[1], str)
            and is_caseless(child[1])
            else child
        )
        for child in condition.children
    ]
    return rewritten


def text_filter(fields, query):
    """A ``Q`` that is true where every term of ``query`` is inside one of ``fields``.

    Returns ``None`` when the query has no terms (the caller decides what an empty search
    means: usually "no filter").
    """
    terms = split_terms(query)
    if not terms:
        return None
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__{contains_lookup(term)}": term}) for field in fields))
            for term in terms
        ),
    )


def search(queryset, fields, query):
    """``queryset`` narrowed to rows matching ``query`` in ``fields`` (unchanged when empty)."""
    condition = text_filter(fields, query)
    return queryset if condition is None else queryset.filter(condition)


def highlight(text, query, *, tag="mark"):
    """HTML-escaped ``text`` with each occurrence of the query's terms wrapped in ``<mark>``.

    >>> str(highlight("주민참여예산을 <늘려> 주세요", "예산"))
    '주민참여<mark>예산</mark>을 &lt;늘려&gt; 주세요'
    """
    text = text or ""
    terms = split_terms(query)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<{tag}>{escape(match.group())}</{tag}>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def excerpt(text, query, *, width=80):
    """A window of about ``width`` characters around the first match (plain text)."""
    text = " ".join((text or "").split())
    terms = split_terms(query)
    position = min((p for t in terms if (p := text.lower().find(t.lower())) >= 0), default=0)
    start = max(0, position - width // 3)
    snippet = text[start : start + width]
    return ("…" if start else "") + snippet + ("…" if start + width < len(text) else "")


class SubstringIndex(Operation):
    """Migration operation: an index that serves this module's substring matches on a column.

    A B-tree cannot serve ``LIKE '%word%'``, so each database gets what can:

    - **PostgreSQL**: a ``pg_trgm`` GIN index, on the column (for the plain ``LIKE`` of
      caseless terms) or, with ``upper=True``, on ``UPPER(column::text)`` (for Django's
      ``icontains``; its statistics also let the planner estimate such conditions instead of
      guessing eight rows). It serves terms of three characters or more. The extension is
      created if needed; where the database user may not create it, nothing is created and
      searches scan the table as before.
    - **SQLite**: an index on ``column COLLATE NOCASE``, which a search reads instead of the
      whole table (a covering index: about half the time). Its collation keeps the planner from
      using it for ``ORDER BY column`` (see ``docs/concepts/search.md`` for why that matters).
      ``upper=True`` indexes are PostgreSQL-only, and so is ``sqlite=False`` (for a column
      that already has a plain index, which SQLite reads just as well).

    The index is not part of the model state (Django cannot express either kind portably).
    """

    reversible = True

    def __init__(self, model_name, field, name, upper=False, sqlite=True):
        self.model_name = model_name
        self.field = field
        self.name = name
        self.upper = upper
        self.sqlite = sqlite and not upper

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "field": self.field, "name": self.name}
        if self.upper:
            kwargs["upper"] = True
        if not self.sqlite and not self.upper:
            kwargs["sqlite"] = False
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        model = to_state.apps.get_model(app_label, self.model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        column = schema_editor.quote_name(model._meta.get_field(self.field).column)
        name = schema_editor.quote_name(self.name)
        if connection.vendor == "postgresql":
            try:
                with transaction.atomic(using=connection.alias):
                    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                return
            expression = f"UPPER({column}::text)" if self.upper else column
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin ({expression} gin_trgm_ops)"
            )
        elif connection.vendor == "sqlite" and self.sqlite:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} COLLATE NOCASE)"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor in ("postgresql", "sqlite"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Create substring-search index {self.name} on {self.model_name}.{self.field}"
