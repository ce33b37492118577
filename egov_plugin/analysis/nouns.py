"""Nouns of Korean text, by Kiwi (kiwipiepy) — only ever imported inside the keyword task.

Kiwi takes seconds and a few hundred megabytes to load, so it is never imported by a web
request: :func:`get_kiwi` imports and builds it on first use, once per worker process, and
the task module calls it lazily. kiwipiepy is the package's optional extra ``keywords``;
without it :func:`get_kiwi` raises :class:`KiwiMissing` and keywords stay "not computed".
"""

import re
import threading

#: Kiwi's tags for common (일반명사) and proper (고유명사) nouns.
NOUN_TAGS = frozenset({"NNG", "NNP"})

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_kiwi = None
_lock = threading.Lock()


class KiwiMissing(RuntimeError):
    """kiwipiepy is not installed (the ``keywords`` extra)."""


def get_kiwi():
    """The process's one Kiwi analyser, loaded on first use."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                try:
                    from kiwipiepy import Kiwi
                except ImportError as exc:
                    raise KiwiMissing("kiwipiepy is not installed") from exc
                _kiwi = Kiwi()
    return _kiwi


def sentences(text):
    """The sentences of ``text`` (split after . ! ? and at line breaks), stripped, non-empty."""
    return [part.strip() for part in _SENTENCE_BREAK.split(text or "") if part.strip()]


def nouns_of(texts):
    """For each text, the list of its nouns (NNG, NNP) of two characters or more, in order.

    One-syllable nouns are left out: in opinions they are mostly fragments of compounds Kiwi
    splits (그늘막 → 그늘 + 막) rather than topics. Texts are analysed sentence by sentence and
    each distinct sentence only once: residents often send the same sentence (a shared
    template, a petition's wording), and this keeps a consultation of 20,000 opinions to
    minutes of work.
    """
    per_text = [sentences(text) for text in texts]
    unique = list(dict.fromkeys(s for parts in per_text for s in parts))
    analysed = {}
    if unique:
        kiwi = get_kiwi()
        for sentence, tokens in zip(unique, kiwi.tokenize(unique), strict=True):
            analysed[sentence] = [
                token.form for token in tokens if token.tag in NOUN_TAGS and len(token.form) > 1
            ]
    return [[noun for part in parts for noun in analysed[part]] for parts in per_text]
