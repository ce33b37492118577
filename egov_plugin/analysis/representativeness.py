"""Who took part compared with who lives here: neighbourhood × age band × gender.

The participants of a consultation and a reference population (the registry's subscribers, or
an uploaded table such as 주민등록 인구) are each turned into shares of cells, one cell per
neighbourhood, age band and gender. A cell's **ratio** is its participant share divided by its
population share (1 = as many as expected). The **score** is ``1 − TVD``, the total variation
distance between the two distributions subtracted from one: the share of participants that
would not have to move to another cell for the participants to look exactly like the
population. See ``docs/concepts/representativeness.md``.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.text import AGE_BAND_CHOICES, GENDER_CHOICES
from egov_plugin.people.models import Person, Region

from .breakdowns import participant_counts, participants

#: Ratios from which a cell counts as over- or under-represented (1.25 = 1 / 0.8: the same
#: distance from 1 either way on a log scale).
OVER = 1.25
UNDER = 0.8

GENDERS = ("M", "F")


def representativeness_score(participants, reference):
    """``1 − TVD`` of two distributions given as counts per cell (dicts); between 0 and 1.

    1 when the participants' shares equal the population's in every cell, 0 when no
    participant is in a cell where the population has anyone. Cells missing from one side
    count as 0 there. ``None`` when either side is empty.

    >>> representativeness_score({"a": 3, "b": 1}, {"a": 1, "b": 1})
    0.75
    """
    p_total = sum(participants.values())
    q_total = sum(reference.values())
    if not p_total or not q_total:
        return None
    cells = set(participants) | set(reference)
    distance = sum(
        abs(participants.get(c, 0) / p_total - reference.get(c, 0) / q_total) for c in cells
    )
    return 1 - distance / 2


def participant_cells(opinions):
    """``(cells, incomplete)``: distinct participants per (region id, age band, gender), and
    how many participants could not be placed (neighbourhood, age band or gender not given)."""
    rows = (
        opinions.values("region_id", "age_band", "gender")
        .annotate(**participant_counts())
        .order_by()
    )
    cells, incomplete = {}, 0
    for row in rows:
        region_id, age_band, gender = row["region_id"], row["age_band"], row["gender"]
        n = participants(row)
        if region_id is None or not age_band or gender not in GENDERS:
            incomplete += n
        else:
            cells[(region_id, age_band, gender)] = n
    return cells, incomplete


def subscriber_cells():
    """The registry's current subscribers per (region id, age band, gender)."""
    rows = (
        Person.objects.filter(subscriber__withdrawn_at__isnull=True, subscriber__isnull=False)
        .exclude(region=None)
        .exclude(age_band="")
        .filter(gender__in=GENDERS)
        .order_by()
        .values_list("region_id", "age_band", "gender")
        .annotate(n=Count("pk"))
        .values_list("region_id", "age_band", "gender", "n")
    )
    return {(r, a, g): n for r, a, g, n in rows}


def population_cells(population):
    """An uploaded reference population per (region id, age band, gender)."""
    return {
        (r, a, g): n
        for r, a, g, n in population.cells.values_list("region_id", "age_band", "gender", "count")
    }


@dataclass
class Cell:
    key: tuple
    label: str
    participants: int
    participant_share: float  # percent
    reference: int
    reference_share: float  # percent
    ratio: float | None  # None: nobody of this cell in the reference

    @property
    def verdict(self):
        if self.ratio is None:
            return "absent"
        if self.ratio >= OVER:
            return "over"
        if self.ratio <= UNDER:
            return "under"
        return "fair"


@dataclass
class Comparison:
    """Participants against a reference: the score, every cell, and the margins."""

    score: float | None
    cells: list
    participants: int
    reference: int
    incomplete: int
    margins: dict  # "region" / "age_band" / "gender" → list of Cell

    @property
    def over(self):
        cells = [c for c in self.cells if c.verdict == "over" and c.participants]
        return sorted(cells, key=lambda c: -(c.ratio or 0))

    @property
    def under(self):
        cells = [c for c in self.cells if c.verdict == "under" and c.reference]
        return sorted(cells, key=lambda c: c.ratio or 0)

    @property
    def score_percent(self):
        return None if self.score is None else round(100 * self.score, 1)


def _cells(participants, reference, labeller):
    p_total = sum(participants.values())
    q_total = sum(reference.values())
    result = []
    for key in sorted(set(participants) | set(reference), key=labeller.sort_key):
        p, q = participants.get(key, 0), reference.get(key, 0)
        p_share = p / p_total if p_total else 0
        q_share = q / q_total if q_total else 0
        result.append(
            Cell(
                key=key,
                label=labeller.label(key),
                participants=p,
                participant_share=round(100 * p_share, 1),
                reference=q,
                reference_share=round(100 * q_share, 1),
                ratio=round(p_share / q_share, 2) if q_share else None,
            )
        )
    return result


class _Labeller:
    """Labels and the district's order for cells and for their margins."""

    def __init__(self, positions=(0, 1, 2)):
        regions = list(Region.objects.values_list("pk", "name"))
        self.region_name = dict(regions)
        self.region_order = {pk: index for index, (pk, _name) in enumerate(regions)}
        self.age_label = dict(AGE_BAND_CHOICES)
        self.age_order = {code: index for index, (code, _l) in enumerate(AGE_BAND_CHOICES)}
        self.gender_label = dict(GENDER_CHOICES)
        self.positions = positions

    def _parts(self, key):
        return dict(zip(self.positions, key, strict=True))

    def label(self, key):
        parts = self._parts(key)
        words = []
        if 0 in parts:
            words.append(self.region_name.get(parts[0], "?"))
        if 1 in parts:
            words.append(str(self.age_label.get(parts[1], parts[1])))
        if 2 in parts:
            words.append(str(self.gender_label.get(parts[2], parts[2])))
        return " · ".join(words)

    def sort_key(self, key):
        parts = self._parts(key)
        return (
            self.region_order.get(parts.get(0), 999),
            self.age_order.get(parts.get(1), 99),
            GENDERS.index(parts[2]) if parts.get(2) in GENDERS else 9,
        )


def _margin(cells, position):
    totals = defaultdict(int)
    for key, n in cells.items():
        totals[(key[position],)] += n
    return dict(totals)


def compare(participants, reference):
    """Compare two cell dicts (see :func:`participant_cells`); ``incomplete`` is set by the
    caller."""
    margins = {}
    for name, position in (("region", 0), ("age_band", 1), ("gender", 2)):
        margins[name] = _cells(
            _margin(participants, position),
            _margin(reference, position),
            _Labeller(positions=(position,)),
        )
    return Comparison(
        score=representativeness_score(participants, reference),
        cells=_cells(participants, reference, _Labeller()),
        participants=sum(participants.values()),
        reference=sum(reference.values()),
        incomplete=0,
        margins=margins,
    )


def reference_choices():
    """``[(value, label)]`` of the references staff can choose on the analysis page."""
    from .models import ReferencePopulation

    choices = [("subscribers", _("The registry's e-communication subscribers"))]
    choices += [
        (str(pk), name) for pk, name in ReferencePopulation.objects.values_list("pk", "name")
    ]
    return choices


def reference_for(value):
    """``(label, cells)`` for a reference chosen on the page (unknown values: subscribers)."""
    from .models import ReferencePopulation

    if value and value != "subscribers" and str(value).isdigit():
        population = ReferencePopulation.objects.filter(pk=value).first()
        if population is not None:
            return population.name, population_cells(population), str(population.pk)
    return _("The registry's e-communication subscribers"), subscriber_cells(), "subscribers"


def representativeness(opinions, reference_value=None):
    """The comparison shown on a consultation's analysis page."""
    label, reference, chosen = reference_for(reference_value)
    participants, incomplete = participant_cells(opinions)
    comparison = compare(participants, reference)
    comparison.incomplete = incomplete
    comparison.reference_label = label
    comparison.reference_value = chosen
    return comparison
