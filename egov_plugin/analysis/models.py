"""Stored results of the analysis: reference populations, keyword tables, stop words."""

import swapper
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from egov_plugin.core.models import MadeByStaff
from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES

from .stopwords import DEFAULT_STOP_WORDS

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class ReferencePopulation(MadeByStaff):
    """A population table uploaded by staff (e.g. 주민등록 인구 by 동, age band and sex).

    Participants of a consultation are compared with it cell by cell (neighbourhood × age band
    × gender); see ``docs/concepts/representativeness.md``.
    """

    name = models.CharField(_("name"), max_length=200)
    reference_date = models.DateField(_("reference date"), null=True, blank=True)
    source_file = models.CharField(_("file"), max_length=255, blank=True)
    total = models.PositiveIntegerField(_("total population"), default=0)
    # created_by_label: MadeByStaff; the other two keep the upload's own labels.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("reference population")
        verbose_name_plural = _("reference populations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class PopulationCell(models.Model):
    """How many people of one neighbourhood, age band and gender a reference population has."""

    population = models.ForeignKey(
        ReferencePopulation, on_delete=models.CASCADE, related_name="cells"
    )
    region = models.ForeignKey("egov_people.Region", on_delete=models.CASCADE, related_name="+")
    age_band = models.CharField(_("age band"), max_length=4, choices=AGE_BAND_CHOICES)
    gender = models.CharField(_("gender"), max_length=1, choices=GENDER_CHOICES)
    count = models.PositiveIntegerField(_("population"))

    class Meta:
        verbose_name = _("population cell")
        verbose_name_plural = _("population cells")
        constraints = [
            models.UniqueConstraint(
                fields=["population", "region", "age_band", "gender"],
                name="egov_population_cell_once",
            )
        ]

    def __str__(self):
        return f"{self.region_id}/{self.age_band}/{self.gender}: {self.count}"


class KeywordAnalysis(models.Model):
    """The nouns of one consultation (its text and its opinions), computed by a background task.

    ``text_vector`` and ``opinion_vector`` map each noun to how often it occurs (the most
    frequent :data:`VECTOR_SIZE` nouns); the similar-consultation ranking compares them.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", pgettext_lazy("keyword analysis", "Done")
        FAILED = "failed", _("Failed")

    page = models.OneToOneField(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("consultation")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    opinion_count = models.PositiveIntegerField(_("opinions analysed"), default=0)
    text_vector = models.JSONField(default=dict, blank=True)
    opinion_vector = models.JSONField(default=dict, blank=True)

    #: Nouns kept per vector: enough for similarity, small enough to load thirty at once.
    VECTOR_SIZE = 500

    class Meta:
        verbose_name = _("keyword analysis")
        verbose_name_plural = _("keyword analyses")

    def __str__(self):
        return f"{self.page_id}: {self.get_state_display()}"


class KeywordCount(models.Model):
    """One of the most frequent nouns of a consultation, for all participants or one group.

    ``group`` is ``""`` for all opinions, else ``"<kind>:<value>"``: ``gender:F``,
    ``age_band:30s``, ``region:<id>``, ``channel:mobile``, ``registry:<group key>``.
    """

    analysis = models.ForeignKey(KeywordAnalysis, on_delete=models.CASCADE, related_name="counts")
    group = models.CharField(max_length=60, blank=True, db_index=True)
    rank = models.PositiveSmallIntegerField()
    noun = models.CharField(_("noun"), max_length=100)
    count = models.PositiveIntegerField(_("occurrences"))
    opinions = models.PositiveIntegerField(_("opinions"))

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["analysis", "group", "rank"]

    def __str__(self):
        return f"{self.noun} ({self.count})"


@register_setting(icon="cut")
class AnalysisSettings(BaseGenericSetting):
    """The stop words: nouns left out of keyword tables (edited by staff)."""

    stop_words = models.TextField(
        _("stop words"),
        default=DEFAULT_STOP_WORDS,
        blank=True,
        help_text=_(
            "Nouns never counted as keywords, separated by spaces, commas or new lines. "
            "Recompute a consultation's keywords after changing them."
        ),
    )

    panels = [FieldPanel("stop_words")]

    class Meta:
        verbose_name = _("opinion analysis settings")

    def stop_word_set(self):
        """The stop words as a set of nouns."""
        return parse_stop_words(self.stop_words)


def parse_stop_words(text):
    """Split staff-typed stop words on spaces, commas and new lines."""
    return {word for word in text.replace(",", " ").split() if word}
