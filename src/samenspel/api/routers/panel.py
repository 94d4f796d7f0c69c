"""Neighbourhood panels: consultations, their questions, answering one, and the published
results. Results are aggregates only, shown once the consultation has closed (or earlier to
the area team), exactly as panel/views.py decides; open answers (free text that may name
people) are never in the API. Weighted figures appear only where panel/results.py allows
them (enough respondents, a large enough effective sample)."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from samenspel.panel import results as panel_results
from samenspel.panel import services
from samenspel.panel.models import Consultation

from ..errors import READ_ERRORS, WRITE_ERRORS
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import READ_THROTTLE, WRITE_AUTH, WRITE_THROTTLE, caller
from ..types import _no_control
from .common import PlaceRef, absolute

router = Router(tags=["panel"])

MAX_TEXT = 10_000


class ConsultationOut(Schema):
    id: int
    title: str
    intro: str
    place: PlaceRef
    panel_id: int | None = Field(description="The panel it is for; null when anyone with an account may answer.")
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    is_open: bool
    is_closed: bool
    url: str

    @staticmethod
    def resolve_is_open(obj) -> bool:
        return obj.is_open()

    @staticmethod
    def resolve_is_closed(obj) -> bool:
        return obj.is_closed()

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class QuestionOut(Schema):
    id: int
    order: int
    kind: str = Field(description="single, multiple, scale, ranking or text")
    text: str
    help_text: str
    options: list[str]
    scale_min: int
    scale_max: int
    label_low: str
    label_high: str
    required: bool


class ConsultationDetailOut(ConsultationOut):
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return list(obj.questions.all())


class OptionResult(Schema):
    label: str
    count: int
    share: float
    weighted_share: float | None
    mean_rank: float | None = Field(description="For ranking questions: the mean place (1 is first).")
    weighted_mean_rank: float | None


class QuestionResultOut(Schema):
    question_id: int
    text: str
    kind: str
    answered: int
    mean: float | None
    weighted_mean: float | None
    options: list[OptionResult]


class CategoryOut(Schema):
    label: str
    population_share: float
    count: int
    share: float
    weighted_share: float | None


class DimensionOut(Schema):
    dimension: str
    label: str
    source: str
    year: int | None
    known: int
    declined: int
    index: float | None = Field(description="Representativeness: 1 is the same make-up as the population.")
    weighted_index: float | None
    categories: list[CategoryOut]


class ResultsOut(Schema):
    consultation_id: int
    responses: int
    invited: int | None
    response_rate: float | None
    weighted: bool
    weighting_note: str = Field(description="Why the answers were not weighted, when they were not.")
    effective_n: float | None
    design_effect: float | None
    representativeness: list[DimensionOut]
    questions: list[QuestionResultOut]


class AnswersIn(Schema):
    answers: dict[str, int | list[int] | str] = Field(
        description='{"<question id>": answer}: an option index (single), a list of indices (multiple; ranking: '
        "every option, most preferred first), a number (scale) or text (open answer)."
    )

    @field_validator("answers")
    @classmethod
    def _sane(cls, value):
        if len(value) > 100:
            raise ValueError("Too many answers.")
        for answer in value.values():
            if isinstance(answer, str):
                if len(answer) > MAX_TEXT:
                    raise ValueError("An answer is too long.")
                _no_control(answer)
            elif isinstance(answer, list) and len(answer) > 100:
                raise ValueError("Too many options chosen.")
        return value


class ResponseOut(Schema):
    consultation_id: int
    submitted_at: datetime.datetime
    updated_at: datetime.datetime


def _consultations():
    return Consultation.objects.select_related("place")


@router.get(
    "/consultations",
    response={200: list[ConsultationOut], **READ_ERRORS},
    summary="List consultations",
    description="Every consultation of the neighbourhood panels, newest first. Filter by `place` and the date it "
    "closes (`since`, `until`).",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_consultations(request, filters: Query[PlaceDateFilter]):
    return apply(_consultations().order_by("-opens_at", "-pk"), filters, date_field="closes_at", is_datetime=True)


@router.get(
    "/consultations/{int:consultation_id}",
    response={200: ConsultationDetailOut, **READ_ERRORS},
    summary="One consultation",
    description="A consultation with its questions, for answering it.",
    throttle=READ_THROTTLE,
)
def get_consultation(request, consultation_id: int):
    return get_object_or_404(_consultations(), pk=consultation_id)


def _rank(value):
    return None if value is None else float(value)


@router.get(
    "/consultations/{int:consultation_id}/results",
    response={200: ResultsOut, **READ_ERRORS},
    summary="A consultation's results",
    description="Counts and shares per question, unweighted and (where there are enough respondents) weighted to "
    "the neighbourhood's CBS figures, and the representativeness per characteristic. Open answers are not "
    "included. 404 until the consultation has closed.",
    throttle=READ_THROTTLE,
)
def get_consultation_results(request, consultation_id: int):
    consultation = get_object_or_404(_consultations(), pk=consultation_id)
    if not (consultation.is_closed() or caller(request).has_perm("panel.manage", consultation.place)):
        raise Http404
    res = panel_results.consultation_results(consultation)
    return {
        "consultation_id": consultation.pk,
        "responses": res.responses,
        "invited": res.invited,
        "response_rate": res.response_rate,
        "weighted": res.weights is not None,
        "weighting_note": str(res.weighting_refused),
        "effective_n": float(res.weights.effective_n) if res.weights is not None else None,
        "design_effect": float(res.weights.design_effect) if res.weights is not None else None,
        "representativeness": [
            {
                "dimension": d.margin.dimension,
                "label": str(d.margin.label),
                "source": str(d.margin.source),
                "year": d.margin.year,
                "known": d.known,
                "declined": d.declined,
                "index": d.index,
                "weighted_index": d.weighted_index,
                "categories": [
                    {
                        "label": str(row.label),
                        "population_share": float(row.population),
                        "count": row.count,
                        "share": float(row.share),
                        "weighted_share": row.weighted_share,
                    }
                    for row in d.rows
                ],
            }
            for d in res.dimensions
        ],
        "questions": [
            {
                "question_id": q.question.pk,
                "text": q.question.text,
                "kind": q.question.kind,
                "answered": q.answered,
                "mean": q.mean,
                "weighted_mean": q.weighted_mean,
                "options": [
                    {
                        "label": str(row.label),
                        "count": row.count,
                        "share": float(row.share),
                        "weighted_share": row.weighted_share,
                        "mean_rank": _rank(row.value),
                        "weighted_mean_rank": _rank(row.weighted_value),
                    }
                    for row in q.rows
                ],
            }
            for q in res.questions
        ],
    }


@router.post(
    "/consultations/{int:consultation_id}/responses",
    response={201: ResponseOut, **WRITE_ERRORS},
    summary="Answer a consultation",
    description="Answer (or change the answers to) an open consultation as the key's person: a panel consultation "
    "for members of its panel, an open one for anyone with an account. Answering again replaces the answers.",
    auth=WRITE_AUTH,
    throttle=WRITE_THROTTLE,
)
def answer_consultation(request, consultation_id: int, payload: AnswersIn):
    consultation = get_object_or_404(_consultations(), pk=consultation_id)
    answers = {int(key): value for key, value in payload.answers.items() if key.isdigit() and len(key) < 12}
    response = services.submit_response(user=request.auth, consultation=consultation, answers=answers)
    return Status(
        201,
        {
            "consultation_id": consultation.pk,
            "submitted_at": response.submitted_at,
            "updated_at": response.updated_at,
        },
    )
