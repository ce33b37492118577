"""Computing and reading a consultation's keywords (the most frequent nouns).

:func:`compute_keywords` runs in the background task (it needs Kiwi); everything else here
reads what it stored and is safe in a web request.
"""

import logging
from collections import Counter, defaultdict

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from egov_plugin.people.groups import get_groups

from .breakdowns import counted_opinions
from .conf import app_settings
from .models import AnalysisSettings, KeywordAnalysis, KeywordCount

logger = logging.getLogger(__name__)

#: Kinds of participant group that keywords are counted for (besides everyone, ``""``).
GROUP_KINDS = ("gender", "age_band", "region", "channel", "registry")


def consultation_text(page):
    """The consultation's own words: title, summary and the text blocks of its body."""
    parts = [page.title, getattr(page, "summary", "")]
    body = getattr(page, "body", None)
    if body is not None:
        for block in body.raw_data:
            if block.get("type") == "text" and isinstance(block.get("value"), str):
                parts.append(strip_tags(block["value"]))
    return "\n".join(p for p in parts if p)


def _vector(counter):
    return dict(counter.most_common(KeywordAnalysis.VECTOR_SIZE))


def _opinion_groups(opinions):
    """Map opinion pk → the group keys it belongs to (registry groups in one query each)."""
    person_ids = {o[6] for o in opinions if o[6] is not None}
    registry = {}
    for group in get_groups():
        model = apps.get_model(group.model)
        registry[group.key] = set(
            model.objects.filter(**{f"{group.person_field}__in": person_ids}, **group.extra)
            .values_list(group.person_field, flat=True)
            .distinct()
        )
    result = {}
    for pk, _text, gender, age_band, region_id, channel, person_id in opinions:
        keys = [""]
        if gender:
            keys.append(f"gender:{gender}")
        if age_band:
            keys.append(f"age_band:{age_band}")
        if region_id:
            keys.append(f"region:{region_id}")
        keys.append(f"channel:{channel}")
        keys += [f"registry:{key}" for key, people in registry.items() if person_id in people]
        result[pk] = keys
    return result


def compute_keywords(page_id):
    """Count the nouns of a consultation and of its opinions, per participant group, and store
    the most frequent (``EGOV_ANALYSIS_TOP_KEYWORDS`` per group). Returns the analysis."""
    from .nouns import KiwiMissing, nouns_of

    analysis, _created = KeywordAnalysis.objects.get_or_create(page_id=page_id)
    page = Page.objects.get(pk=page_id).specific
    stop_words = AnalysisSettings.load().stop_word_set()
    opinions = list(
        counted_opinions([page_id])
        .order_by("pk")
        .values_list("pk", "text", "gender", "age_band", "region_id", "channel", "person_id")
    )
    try:
        text_nouns, *opinion_nouns = nouns_of([consultation_text(page)] + [o[1] for o in opinions])
    except KiwiMissing:
        analysis.state = KeywordAnalysis.State.FAILED
        analysis.error = str(_("Kiwi (kiwipiepy) is not installed: install the keywords extra."))
        analysis.save(update_fields=["state", "error"])
        return analysis
    except Exception as exc:
        analysis.state = KeywordAnalysis.State.FAILED
        analysis.error = type(exc).__name__
        analysis.save(update_fields=["state", "error"])
        raise

    occurrences = defaultdict(Counter)
    in_opinions = defaultdict(Counter)
    groups = _opinion_groups(opinions)
    for opinion, nouns in zip(opinions, opinion_nouns, strict=True):
        nouns = [n for n in nouns if n not in stop_words]
        distinct = set(nouns)
        for key in groups[opinion[0]]:
            occurrences[key].update(nouns)
            in_opinions[key].update(distinct)

    top = app_settings.ANALYSIS_TOP_KEYWORDS
    rows = []
    for key, counter in occurrences.items():
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]
        for rank, (noun, count) in enumerate(ranked, start=1):
            rows.append(
                KeywordCount(
                    analysis=analysis,
                    group=key,
                    rank=rank,
                    noun=noun[:100],
                    count=count,
                    opinions=in_opinions[key][noun],
                )
            )
    with transaction.atomic():
        KeywordCount.objects.filter(analysis=analysis).delete()
        KeywordCount.objects.bulk_create(rows, batch_size=1000)
        analysis.state = KeywordAnalysis.State.DONE
        analysis.error = ""
        analysis.computed_at = timezone.now()
        analysis.opinion_count = len(opinions)
        analysis.text_vector = _vector(Counter(n for n in text_nouns if n not in stop_words))
        analysis.opinion_vector = _vector(occurrences[""])
        analysis.save()
    logger.info("Keywords of page %s: %d opinions, %d rows", page_id, len(opinions), len(rows))
    return analysis


def request_keywords(page_id):
    """Mark a consultation's keywords as queued and enqueue the task after the commit."""
    from .tasks import analyse_keywords

    KeywordAnalysis.objects.update_or_create(
        page_id=page_id,
        defaults={"state": KeywordAnalysis.State.QUEUED, "requested_at": timezone.now()},
    )
    transaction.on_commit(lambda: analyse_keywords.enqueue(page_id))


def keyword_table(page_id, group=""):
    """The stored keywords of a consultation for one group (``""``: everyone), ranked."""
    return list(
        KeywordCount.objects.filter(analysis__page_id=page_id, group=group).order_by("rank")
    )


def group_keywords(page_id, per_group=5):
    """``{group key: [nouns]}``: each group's first ``per_group`` nouns (one query)."""
    result = defaultdict(list)
    for group, noun in (
        KeywordCount.objects.filter(analysis__page_id=page_id, rank__lte=per_group)
        .exclude(group="")
        .order_by("group", "rank")
        .values_list("group", "noun")
    ):
        result[group].append(noun)
    return dict(result)
