"""Results of a consultation: response rate, answers per question, the representativeness view
and the weighted results."""

import pytest
from django.utils import translation

from samenspel.panel import results, services
from samenspel.panel.models import Dimension, ReferenceShare
from samenspel.places.models import DataSource, IndicatorValue

from .conftest import answers_for, make_consultation


@pytest.fixture(autouse=True)
def _english():
    """Labels and messages are checked in English, whatever translations exist."""
    with translation.override("en"):
        yield


@pytest.fixture
def cbs(wijk):
    source = DataSource.objects.create(
        key="cbs-kwb-2024", title="CBS Kerncijfers wijken en buurten 2024", publisher="CBS"
    )
    IndicatorValue.objects.create(place=wijk, indicator="men", year=2024, value=5000, source=source)
    IndicatorValue.objects.create(place=wijk, indicator="women", year=2024, value=5000, source=source)
    return source


def respond(official, panel, consultation, profiles, answer=lambda profile: {}):
    """One member per profile (by code), each answering."""
    batch = services.issue_invitation_codes(user=official, panel=panel, count=len(profiles))
    members = [services.accept_invitation(user=None, code=c) for c in batch.codes]
    services.invite_members(user=official, consultation=consultation)
    for member, profile in zip(members, profiles, strict=True):
        if profile is not None:
            services.save_profile(user=None, member=member, consent=True, by_code=True, **profile)
            member.refresh_from_db()
        services.submit_response(
            user=None,
            consultation=consultation,
            member=member,
            answers=answers_for(consultation, **answer(profile or {})),
        )
    return members


def test_representativeness_and_weighting(official, panel, cbs):
    ReferenceShare.objects.bulk_create(
        ReferenceShare(panel=panel, dimension=Dimension.AGE_BAND, category=c, share=s, source="Monitor", year=2024)
        for c, s in (("16-24", 25), ("25-44", 25), ("45-64", 25), ("65+", 25))
    )
    consultation = make_consultation(official, panel)
    # 30 women and 10 men; nobody aged 16-24; two declined their gender, one gave no profile.
    profiles = (
        [{"gender": "woman", "age_band": "65+"}] * 20
        + [{"gender": "woman", "age_band": "45-64"}] * 10
        + [{"gender": "man", "age_band": "25-44"}] * 10
        + [{"gender": "", "age_band": "25-44"}] * 2
        + [None]
    )
    # Women choose option 0, men option 1 (the single question).
    respond(official, panel, consultation, profiles, lambda p: {"single": 1 if p.get("gender") == "man" else 0})
    res = results.consultation_results(consultation)
    assert res.responses == 43 and res.invited == 43 and res.response_rate == 1.0
    assert res.profiled == 42
    gender = next(d for d in res.dimensions if d.margin.dimension == "gender")
    assert gender.margin.source == "CBS Kerncijfers wijken en buurten 2024" and gender.margin.year == 2024
    rows = {r.label: r for r in gender.rows}
    assert rows["woman"].count == 30 and rows["man"].count == 10
    assert rows["woman"].share == pytest.approx(0.75) and rows["woman"].ratio == pytest.approx(1.5)
    assert rows["man"].flag == "under" and rows["woman"].flag == "over"
    assert gender.declined == 3
    assert gender.index == pytest.approx(0.75)  # 1 - (|0.75-0.5| + |0.25-0.5|) / 2
    age = next(d for d in res.dimensions if d.margin.dimension == "age_band")
    assert age.empty == ["16 to 24"]
    assert age.margin.source == "Monitor"
    # Weighted: the margins hold among the categories present.
    assert res.weights is not None and res.weights.design_effect > 1
    assert rows["woman"].weighted_share == pytest.approx(0.5, abs=1e-4)
    assert gender.weighted_index == pytest.approx(1.0, abs=1e-4)
    # The single question's weighted shares move from 30/10 towards 50/50 among those with a gender.
    single = next(q for q in res.questions if q.question.kind == "single")
    assert single.rows[0].count == 33 and single.rows[1].count == 10
    assert single.rows[1].weighted_share > single.rows[1].share + 0.1


def test_question_results(official, panel, cbs):
    consultation = make_consultation(official, panel)
    respond(official, panel, consultation, [None, None], lambda p: {})
    res = results.consultation_results(consultation)
    assert res.weights is None and "Fewer than" in res.weighting_refused
    by_kind = {q.question.kind: q for q in res.questions}
    assert by_kind["scale"].mean == 4 and [r.count for r in by_kind["scale"].rows] == [0, 0, 0, 2, 0]
    assert [r.count for r in by_kind["multiple"].rows] == [2, 0, 2]
    ranking = by_kind["ranking"].rows  # answers_for ranks Benches (2) first, then Trees, then Light
    assert [r.value for r in ranking] == [2.0, 3.0, 1.0]
    assert [r.count for r in ranking] == [0, 0, 2]
    assert by_kind["text"].texts == ["More trees", "More trees"]


def test_no_population_figures(official, panel):
    consultation = make_consultation(official, panel)
    res = results.consultation_results(consultation)
    assert res.dimensions == [] and res.responses == 0 and res.response_rate is None
    assert "no population figures" in res.weighting_refused
