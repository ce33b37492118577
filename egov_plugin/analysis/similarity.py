"""Earlier consultations most like this one, by their own text and by their opinions.

Each consultation's keyword task stores two noun-frequency vectors (its text; its opinions).
Here they are weighted by TF-IDF over every analysed consultation — a noun every consultation
uses says little — and compared by cosine similarity; the two similarities are averaged.
Computed per request from the stored vectors: a few hundred small dictionaries, no Kiwi.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from egov_plugin.consultations.lookups import consultation_pages

from .breakdowns import counted_opinions
from .conf import app_settings
from .models import KeywordAnalysis, KeywordCount


def tfidf(vectors):
    """Weight each vector's counts by ``log(1 + n / df)`` (n vectors, df = vectors with the
    noun); returns new dicts."""
    n = len(vectors)
    df = Counter(noun for vector in vectors for noun in vector)
    return [
        {noun: count * math.log(1 + n / df[noun]) for noun, count in vector.items()}
        for vector in vectors
    ]


def cosine(a, b):
    """Cosine similarity of two sparse vectors (dicts); 0 when either is empty."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(key, 0) for key, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


@dataclass
class Similar:
    page: object
    score: float
    text_score: float
    opinion_score: float
    opinion_count: int = 0
    keywords: tuple = ()


def similar_consultations(page, count=None):
    """The ``count`` (``EGOV_ANALYSIS_SIMILAR_COUNT``) most similar consultations that opened
    before ``page``, best first. Only consultations whose keywords were computed take part."""
    count = count or app_settings.ANALYSIS_SIMILAR_COUNT
    analyses = list(
        KeywordAnalysis.objects.filter(state=KeywordAnalysis.State.DONE).values_list(
            "page_id", "text_vector", "opinion_vector"
        )
    )
    if not any(page_id == page.pk for page_id, _t, _o in analyses):
        return []
    texts = tfidf([t for _p, t, _o in analyses])
    opinions = tfidf([o for _p, _t, o in analyses])
    index = next(i for i, (page_id, _t, _o) in enumerate(analyses) if page_id == page.pk)
    others = {
        p.pk: p
        for p in consultation_pages()
        .filter(pk__in=[page_id for page_id, _t, _o in analyses])
        .exclude(pk=page.pk)
        .specific()
    }
    candidates = []
    for i, (page_id, _t, _o) in enumerate(analyses):
        other = others.get(page_id)
        if other is None or other.opens_at >= page.opens_at:
            continue
        text_score = cosine(texts[index], texts[i])
        opinion_score = cosine(opinions[index], opinions[i])
        candidates.append(
            Similar(other, (text_score + opinion_score) / 2, text_score, opinion_score)
        )
    candidates.sort(key=lambda s: (-s.score, -s.page.opens_at.timestamp()))
    chosen = candidates[:count]
    ids = [s.page.pk for s in chosen]
    counts = dict(
        counted_opinions(ids)
        .values_list("page_id")
        .annotate(n=Count("pk"))
        .values_list("page_id", "n")
    )
    keywords = {}
    for page_id, noun in (
        KeywordCount.objects.filter(analysis__page_id__in=ids, group="", rank__lte=5)
        .order_by("rank")
        .values_list("analysis__page_id", "noun")
    ):
        keywords.setdefault(page_id, []).append(noun)
    for similar in chosen:
        similar.opinion_count = counts.get(similar.page.pk, 0)
        similar.keywords = tuple(keywords.get(similar.page.pk, ()))
    return chosen
