"""Recognising administrative neighbourhoods (행정동) however their names are written.

A neighbourhood has a common name (``왕십리2동``), an official one (``왕십리제2동``) and a short
one used on forms (``왕2``), and people add the city and district, spaces and assorted middle
dots. This module needs no database: :class:`RegionMatcher` works on the regions it is given.

>>> region_key("금호 2ㆍ3가동") == region_key("금호2·3가동")
True
>>> matcher = RegionMatcher(
...     [(1, "왕십리2동", "왕십리제2동", "왕2"), (2, "마장동", "마장동", "마장")]
... )
>>> matcher.match("서울특별시 성동구 왕십리 제2동"), matcher.match("마장"), matcher.match("옥수동")
(1, 2, None)
"""

import re
import unicodedata

# Middle dots and commas all separate the two numbers in names like 금호2·3가동. U+318D (ㆍ,
# typed with a Korean IME) must be mapped before NFKC, which turns it into a combining jamo
# (U+119E); the latter is listed too in case the text was normalized elsewhere.
_DOTS = str.maketrans(dict.fromkeys("\u00b7\u318d\u119e\u2027\u30fb\uff65\u2219\u2022,", "."))
# Word processors replace the hyphen of 성1-1 with dashes; NFKC leaves those alone.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
# 제 ("number") before a digit is part of official names only: 왕십리제2동 is 왕십리2동.
_JE_RE = re.compile(r"(?<=[가-힣])제(?=\d)")
# City, province and district names in front of the neighbourhood: 서울특별시, 서울시, 성동구.
_ADMIN_PREFIX_RE = re.compile(
    r"^(?:서울특별시|서울시|서울|[가-힣]{1,6}?(?:특별자치시|특별자치도|특별시|광역시|시|도|구|군))"
)
_MAX_PREFIXES = 3
# A stem shorter than this (e.g. 중 from 중동) is too likely to be a fragment of something else.
_MIN_STEM_LENGTH = 2


def region_key(text):
    """A comparison key: equal for the usual spellings of one neighbourhood's name.

    Spaces and invisible characters are removed, dots and commas unified, dashes made
    hyphens, and ``제`` dropped between a name and a number. The trailing ``동`` is kept:
    whether it can be dropped depends on the other names, which :class:`RegionMatcher` knows.

    >>> region_key("왕십리 제2동"), region_key("금호2,3가동"), region_key("성수1가제1동")
    ('왕십리2동', '금호2.3가동', '성수1가1동')
    >>> region_key(None)
    ''
    """
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text).translate(_DOTS))
    text = text.translate(_DOTS).translate(_DASHES)
    text = "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")
    return _JE_RE.sub("", text.casefold())


def _candidate_keys(key):
    """``key``, then ``key`` with up to three leading city/district names removed in turn.

    Prefixes are only removed when the full key is unknown, so a neighbourhood whose name
    happens to start like a district (왕십리도선동 contains 도) is still found first.
    """
    yield key
    for _ in range(_MAX_PREFIXES):
        shorter = _ADMIN_PREFIX_RE.sub("", key, count=1)
        if not shorter or shorter == key:
            return
        key = shorter
        yield key


def _unpack(entry, key_attr):
    """``(key_id, name, official_name, short_name)`` from a tuple or an object."""
    if isinstance(entry, (tuple, list)):
        key_id, *names = entry
        names = (list(names) + ["", "", ""])[:3]
        return key_id, *names
    return (
        getattr(entry, key_attr),
        getattr(entry, "name", ""),
        getattr(entry, "official_name", ""),
        getattr(entry, "short_name", ""),
    )


def _stems(keys):
    """Keys without their trailing 동 (마장동 → 마장), if long enough to be meaningful."""
    return {k[:-1] for k in keys if k.endswith("동") and len(k) - 1 >= _MIN_STEM_LENGTH}


class RegionMatcher:
    """Find which region a piece of text names.

    Built from ``(key_id, name, official_name, short_name)`` tuples, or from objects with
    ``name``, ``official_name`` and ``short_name`` attributes and the id in ``key_attr``
    (default ``pk``). Each region is known by the keys of its three names; the name without
    its trailing 동 is known too, unless another region claims the same key. A key that
    two regions' names share is ambiguous and matches nothing (see :attr:`ambiguous_keys`).

    >>> matcher = RegionMatcher(
    ...     [(1, "행당1동", "행당제1동", "행1"), (2, "행당2동", "행당제2동", "행2")]
    ... )
    >>> [matcher.match(t) for t in ("행당 제1동", "행2", "성동구 행당1", "행당동", "")]
    [1, 2, 1, None, None]
    """

    #: The key function, for callers that compare names themselves.
    normalize = staticmethod(region_key)

    def __init__(self, regions, *, key_attr="pk"):
        names_by_region = {}
        for entry in regions:
            key_id, *names = _unpack(entry, key_attr)
            names_by_region[key_id] = names
        self._index = {}
        self._ambiguous = set()
        self._register_names(names_by_region)
        self._register_stems(names_by_region)

    def _claim(self, key, key_id):
        owner = self._index.setdefault(key, key_id)
        if owner != key_id:
            self._ambiguous.add(key)

    def _register_names(self, names_by_region):
        for key_id, names in names_by_region.items():
            for key in {region_key(name) for name in names} - {""}:
                self._claim(key, key_id)

    def _register_stems(self, names_by_region):
        # Stems never override a full or short name: "행1" typed by staff means the region
        # whose short name it is, even if another region's name were 행1동.
        full_keys = set(self._index)
        for key_id, (name, official_name, _short_name) in names_by_region.items():
            stems = _stems({region_key(name), region_key(official_name)})
            for stem in stems - full_keys:
                self._claim(stem, key_id)

    @property
    def ambiguous_keys(self):
        """Keys claimed by more than one region; they match nothing."""
        return frozenset(self._ambiguous)

    def keys_for(self, key_id):
        """The keys that match the region ``key_id`` (for diagnostics and tests)."""
        return frozenset(
            key
            for key, owner in self._index.items()
            if owner == key_id and key not in self._ambiguous
        )

    def match(self, text):
        """The ``key_id`` of the region ``text`` names, or ``None``.

        ``None`` also when the text is blank or ambiguous.
        """
        key = region_key(text)
        if not key:
            return None
        for candidate in _candidate_keys(key):
            if candidate in self._ambiguous:
                return None
            if candidate in self._index:
                return self._index[candidate]
        return None
