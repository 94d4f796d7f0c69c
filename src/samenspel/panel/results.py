"""The results of a consultation: response rate, answers per question (unweighted and weighted),
and the representativeness view: who answered against the place's real population.

Population shares come from, per characteristic:
- `ReferenceShare` rows of the panel, when an official entered them (with source and year);
- otherwise CBS figures in places.IndicatorValue for the consultation's place: men and women
  for gender; the CBS age groups and household types of table 85984NED when they were
  imported (keys in CBS_KEYS); inhabitants of the buurten below the place for buurt.

The representativeness index of a characteristic is 1 − the dissimilarity index: 1 minus half
the sum of the absolute differences between the respondents' shares and the population's
shares (1 = the same make-up, 0 = nothing in common). Per category the ratio respondents'
share / population share shows who is over- or under-represented."""

from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from samenspel.places.models import IndicatorValue, Place

from . import weighting
from .models import AgeBand, Dimension, Education, Gender, Household, MemberStatus, QuestionKind, ReferenceShare

MIN_TO_WEIGHT = 30  # fewer respondents (with a profile) than this: no weighting
MIN_EFFECTIVE_N = 20  # an effective sample smaller than this: the weighted figures are not shown
UNDER, OVER = 0.8, 1.25  # ratios outside these bounds are flagged

# CBS keys of table 85984NED per category. Gender (men, women) is in places/indicators.py; the
# age groups and household types are read when the places app holds them.
CBS_KEYS = {
    Dimension.GENDER: {Gender.MAN: "men", Gender.WOMAN: "women"},
    Dimension.AGE_BAND: {
        AgeBand.AGE_16_24: "age_15_24",
        AgeBand.AGE_25_44: "age_25_44",
        AgeBand.AGE_45_64: "age_45_64",
        AgeBand.AGE_65_PLUS: "age_65_plus",
    },
    Dimension.HOUSEHOLD: {
        Household.SINGLE: "households_single",
        Household.WITHOUT_CHILDREN: "households_without_children",
        Household.WITH_CHILDREN: "households_with_children",
    },
}
CATEGORY_LABELS = {
    Dimension.AGE_BAND: dict(AgeBand.choices),
    Dimension.GENDER: dict(Gender.choices),
    Dimension.HOUSEHOLD: dict(Household.choices),
    Dimension.EDUCATION: dict(Education.choices),
}


@dataclass
class Margin:
    dimension: str
    label: str
    shares: dict  # {category: share}, summing to 1
    labels: dict  # {category: label}
    source: str
    year: int | None
    note: str = ""


def _cbs_margin(place, dimension) -> Margin | None:
    keys = CBS_KEYS.get(dimension)
    if not keys:
        return None
    values = {}
    for iv in IndicatorValue.objects.filter(place=place, indicator__in=keys.values()).select_related("source"):
        values.setdefault(iv.indicator, []).append(iv)
    if set(values) != set(keys.values()):
        return None
    year = min(max(v.year for v in vs) for vs in values.values())
    picked = {}
    for category, key in keys.items():
        match = [v for v in values[key] if v.year == year]
        if not match:
            return None
        picked[category] = match[0]
    total = sum(float(v.value) for v in picked.values())
    if total <= 0:
        return None
    source = next(iter(picked.values())).source
    return Margin(
        dimension,
        Dimension(dimension).label,
        {c: float(v.value) / total for c, v in picked.items()},
        CATEGORY_LABELS[dimension],
        str(source),
        year,
        _("Shares of households, not of residents.") if dimension == Dimension.HOUSEHOLD else "",
    )


def _buurt_margin(place) -> Margin | None:
    buurten = list(Place.objects.filter(parent=place, kind="buurt"))
    if not buurten:
        return None
    values = {}
    for iv in IndicatorValue.objects.filter(place__in=buurten, indicator="inhabitants").order_by("place_id", "-year"):
        values.setdefault(iv.place_id, iv)
    if len(values) != len(buurten):
        return None
    total = sum(float(v.value) for v in values.values())
    if total <= 0:
        return None
    years = {v.year for v in values.values()}
    first = next(iter(values.values()))
    return Margin(
        Dimension.BUURT,
        Dimension.BUURT.label,
        {str(b.pk): float(values[b.pk].value) / total for b in buurten},
        {str(b.pk): b.name for b in buurten},
        str(first.source),
        max(years),
    )


def population_margins(consultation) -> list[Margin]:
    margins = []
    manual = {}
    if consultation.panel_id:
        for row in ReferenceShare.objects.filter(panel_id=consultation.panel_id):
            manual.setdefault(row.dimension, []).append(row)
    for dimension in Dimension.values:
        rows = manual.get(dimension)
        if rows:
            total = sum(float(r.share) for r in rows)
            if total > 0:
                labels = CATEGORY_LABELS.get(dimension, {})
                if dimension == Dimension.BUURT:
                    labels = {str(p.pk): p.name for p in Place.objects.filter(pk__in=[r.category for r in rows])}
                margins.append(
                    Margin(
                        dimension,
                        Dimension(dimension).label,
                        {r.category: float(r.share) / total for r in rows},
                        labels,
                        rows[0].source,
                        rows[0].year,
                    )
                )
                continue
        margin = (
            _buurt_margin(consultation.place)
            if dimension == Dimension.BUURT
            else _cbs_margin(consultation.place, dimension)
        )
        if margin is not None:
            margins.append(margin)
    return margins


@dataclass
class CategoryRow:
    label: str
    population: float
    count: int
    share: float
    weighted_share: float | None
    ratio: float | None

    @property
    def population_pct(self) -> str:
        return percent(self.population)

    @property
    def pct(self) -> str:
        return percent(self.share)

    @property
    def weighted_pct(self) -> str:
        return percent(self.weighted_share)

    @property
    def flag(self) -> str:
        if self.ratio is None:
            return "missing"
        if self.ratio < UNDER:
            return "under"
        if self.ratio > OVER:
            return "over"
        return ""


@dataclass
class DimensionView:
    margin: Margin
    rows: list
    known: int  # respondents who gave this characteristic
    declined: int
    index: float | None
    weighted_index: float | None
    empty: list = field(default_factory=list)  # labels of population categories nobody answered from


@dataclass
class OptionRow:
    label: str
    count: int
    share: float  # of the respondents who answered the question
    weighted_share: float | None
    value: float | None = None  # mean rank (ranking)
    weighted_value: float | None = None

    @property
    def pct(self) -> str:
        return percent(self.share)

    @property
    def weighted_pct(self) -> str:
        return percent(self.weighted_share)


@dataclass
class QuestionResult:
    question: object
    answered: int
    rows: list
    mean: float | None = None
    weighted_mean: float | None = None
    texts: list = field(default_factory=list)


@dataclass
class Results:
    responses: int
    invited: int | None
    from_invited: int
    response_rate: float | None
    channels: list  # (label, count)
    dimensions: list
    weights: object | None  # weighting.Weights, or None when not weighted
    weighting_refused: str
    questions: list
    profiled: int  # respondents with a profile

    @property
    def response_rate_pct(self) -> str:
        return percent(self.response_rate)


def percent(value) -> str:
    return "" if value is None else f"{100 * value:.0f}%"


def _index(shares: dict, population: dict) -> float:
    return 1 - 0.5 * sum(abs(shares.get(c, 0.0) - p) for c, p in population.items())


def consultation_results(consultation) -> Results:
    responses = list(consultation.responses.prefetch_related("answers").order_by("pk"))
    n = len(responses)
    invited = consultation.invitations.count() if consultation.panel_id else None
    from_invited = (
        consultation.responses.filter(member__invitations__consultation=consultation).count()
        if consultation.panel_id
        else 0
    )
    rate = from_invited / invited if invited else None
    channels = {}
    for r in responses:
        channels[r.get_channel_display()] = channels.get(r.get_channel_display(), 0) + 1

    margins = population_margins(consultation)
    profiles = [r.profile or {} for r in responses]
    profiled = sum(1 for p in profiles if p)
    sample = [{m.dimension: (p.get(m.dimension) or None) for m in margins} for p in profiles]

    weights, refused = None, ""
    if not margins:
        refused = _("There are no population figures for this place, so the answers cannot be weighted.")
    elif profiled < MIN_TO_WEIGHT:
        refused = _("Fewer than %(n)d respondents shared their profile: too few to weight.") % {"n": MIN_TO_WEIGHT}
    else:
        weights = weighting.rake(sample, {m.dimension: m.shares for m in margins})
        if weights.effective_n < MIN_EFFECTIVE_N:
            refused = _(
                "After weighting, the answers count as only %(n).0f people: too few to say anything. "
                "The weighted figures are not shown."
            ) % {"n": weights.effective_n}
            weights = None
    w = weights.weights if weights is not None else None

    dimensions = []
    for m in margins:
        values = [s[m.dimension] for s in sample]
        categories = list(m.shares)
        counts = [sum(1 for v in values if v == c) for c in categories]
        known = sum(counts)
        shares = {c: (k / known if known else 0.0) for c, k in zip(categories, counts, strict=True)}
        wshares = (
            dict(zip(categories, weighting.weighted_shares(w, values, categories), strict=True))
            if w is not None
            else None
        )
        rows = [
            CategoryRow(
                m.labels.get(c, c),
                m.shares[c],
                counts[i],
                shares[c],
                wshares[c] if wshares else None,
                (shares[c] / m.shares[c]) if known and m.shares[c] > 0 else None,
            )
            for i, c in enumerate(categories)
        ]
        dimensions.append(
            DimensionView(
                m,
                rows,
                known,
                n - known,
                _index(shares, m.shares) if known else None,
                _index(wshares, m.shares) if wshares else None,
                [m.labels.get(c, c) for c, k in zip(categories, counts, strict=True) if k == 0],
            )
        )

    by_response = {r.pk: i for i, r in enumerate(responses)}
    questions = []
    for q in consultation.questions.all():
        answers = [(by_response[a.response_id], a) for r in responses for a in r.answers.all() if a.question_id == q.pk]
        questions.append(_question_result(q, answers, w))
    return Results(
        n, invited, from_invited, rate, sorted(channels.items()), dimensions, weights, refused, questions, profiled
    )


def _share(flags, weights):
    if not len(flags):
        return 0.0
    if weights is None:
        return float(np.mean(flags))
    return float(np.dot(flags, weights) / weights.sum())


def _question_result(q, answers, w) -> QuestionResult:
    count = len(answers)
    aw = np.array([w[i] for i, _a in answers]) if w is not None and answers else None
    if q.kind == QuestionKind.TEXT:
        return QuestionResult(q, count, [], texts=[a.text for _i, a in answers])
    if q.kind == QuestionKind.SCALE:
        numbers = np.array([a.number for _i, a in answers], dtype=float)
        rows = [
            OptionRow(
                str(v),
                int((numbers == v).sum()),
                _share(numbers == v, None),
                _share(numbers == v, aw) if aw is not None else None,
            )
            for v in q.scale_values
        ]
        mean = float(numbers.mean()) if count else None
        wmean = float(np.dot(numbers, aw) / aw.sum()) if aw is not None else None
        return QuestionResult(q, count, rows, mean, wmean)
    rows = []
    for index, label in enumerate(q.options):
        if q.kind == QuestionKind.RANKING:
            ranks = np.array([a.choices.index(index) + 1 for _i, a in answers], dtype=float)
            first = ranks == 1
            rows.append(
                OptionRow(
                    label,
                    int(first.sum()),
                    _share(first, None),
                    _share(first, aw) if aw is not None else None,
                    float(ranks.mean()) if count else None,
                    float(np.dot(ranks, aw) / aw.sum()) if aw is not None else None,
                )
            )
        else:
            chosen = np.array([index in a.choices for _i, a in answers], dtype=float)
            rows.append(
                OptionRow(
                    label,
                    int(chosen.sum()),
                    _share(chosen, None),
                    _share(chosen, aw) if aw is not None else None,
                )
            )
    return QuestionResult(q, count, rows)


def active_members(panel) -> int:
    return panel.members.filter(status__in=(MemberStatus.ACTIVE, MemberStatus.PAUSED)).count()
