"""Korean-aware text search, the same on SQLite and PostgreSQL.

Korean attaches particles and endings to the word (``예산을``, ``예산에서``) and builds
compounds (``주민참여예산``), so a word-based index finds neither from ``예산``. Searching for the
query's terms *inside* the text finds both, on any database, with no language model in the web
process. Each query term is first stripped of a trailing particle (``예산을`` → ``예산``) so that
the inflected form a person typed still finds the others.

Terms are combined with AND; each term may match any of the given fields. Matching is
case-insensitive for Latin letters. See ``docs/concepts/search.md`` for the choice against
morphological analysis at query time and its measured cost.

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

from django.db.models import Q
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
        (reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)) for term in terms),
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
