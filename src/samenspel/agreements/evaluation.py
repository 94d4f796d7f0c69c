"""Evaluation with the kompas (step 3, 003:240-248): indicators computed from what the
platform knows, next to the participants' own reflection. The scoring is a pure function;
`evaluate_version` gathers the data and stores the result."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

COMPASS_POINTS = ("every_voice", "transparency", "say", "good_conversation")


@dataclass(frozen=True)
class EvaluationInput:
    today: date
    channels: frozenset[str]  # channels through which answers came in (online, paper, meeting, ...)
    session_formats: frozenset[str]  # physical, online, hybrid
    participant_kinds: frozenset[str]  # kinds of participants in the trajectory
    people_reached: int  # people present at sessions, summed
    actions_due: int  # actions whose due date has passed or that are done
    actions_on_time: int  # of those: done on or before the due date
    actions_late: int  # of those: not done by the due date, or done late
    safeguards_committed: int
    safeguards_with_evidence: int
    published_signed: bool  # the agreement is signed and public
    council_decision_where_needed: bool
    questions_asked: int
    questions_answered: int  # answered clearly
    blank_spots: int
    blank_spots_resolved: int
    reflection: dict = field(default_factory=dict)  # compass point -> list of scores 1..5


@dataclass(frozen=True)
class Indicator:
    compass_point: str
    key: str
    value: str  # shown as is
    score: float | None  # 0..1, None when there is nothing to measure yet


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def indicators(data: EvaluationInput) -> list[Indicator]:
    online = "online" in data.channels or "online" in data.session_formats or "hybrid" in data.session_formats
    offline = bool(data.channels - {"online"}) or bool(data.session_formats & {"physical", "hybrid"})
    wijk_kinds = data.participant_kinds & {"resident_organisation", "collective", "wijk_body", "resident"}
    return [
        Indicator("every_voice", "channels", f"{int(online) + int(offline)}/2", (int(online) + int(offline)) / 2),
        Indicator("every_voice", "participant_kinds", str(len(data.participant_kinds)), min(len(wijk_kinds) / 2, 1.0)),
        Indicator("every_voice", "people_reached", str(data.people_reached), min(data.people_reached / 50, 1.0)),
        Indicator(
            "transparency",
            "published_signed",
            "1" if data.published_signed else "0",
            1.0 if data.published_signed else 0.0,
        ),
        Indicator(
            "transparency",
            "safeguards_with_evidence",
            f"{data.safeguards_with_evidence}/{data.safeguards_committed}",
            _ratio(data.safeguards_with_evidence, data.safeguards_committed),
        ),
        Indicator(
            "say",
            "actions_on_time",
            f"{data.actions_on_time}/{data.actions_due}",
            _ratio(data.actions_on_time, data.actions_due),
        ),
        Indicator(
            "say",
            "council_decision",
            "1" if data.council_decision_where_needed else "0",
            1.0 if data.council_decision_where_needed else 0.0,
        ),
        Indicator(
            "good_conversation",
            "questions_answered",
            f"{data.questions_answered}/{data.questions_asked}",
            _ratio(data.questions_answered, data.questions_asked),
        ),
        Indicator(
            "good_conversation",
            "blank_spots_resolved",
            f"{data.blank_spots_resolved}/{data.blank_spots}",
            _ratio(data.blank_spots_resolved, data.blank_spots) if data.blank_spots else 1.0,
        ),
    ]


def scores(data: EvaluationInput) -> dict:
    """Per compass point: the platform score and the reflection score, both 0..100 or None."""
    by_point = defaultdict(list)
    for ind in indicators(data):
        if ind.score is not None:
            by_point[ind.compass_point].append(ind.score)
    result = {}
    for point in COMPASS_POINTS:
        platform = by_point.get(point)
        reflection = [s for s in data.reflection.get(point, []) if 1 <= s <= 5]
        result[point] = {
            "platform": round(100 * sum(platform) / len(platform)) if platform else None,
            "reflection": round(100 * (sum(reflection) / len(reflection) - 1) / 4) if reflection else None,
            "responses": len(reflection),
        }
    return result


def gather(evaluation) -> EvaluationInput:
    """Collect what the platform knows about an agreement version and its trajectory."""
    from django.utils import timezone

    from samenspel.agenda.models import ActionStatus

    from .models import Answer, BlankSpotStatus, SayLevel, SessionPurpose

    version = evaluation.version
    trajectory = version.trajectory
    today = timezone.localdate()
    discuss = trajectory.sessions.filter(purpose=SessionPurpose.DISCUSS)
    answers = Answer.objects.filter(session__in=discuss)
    actions = list(version.actions.all())
    due = [a for a in actions if a.status == ActionStatus.DONE or (a.due_date and a.due_date < today)]
    on_time = [a for a in due if a.done_on_time]
    commitments = list(version.safeguard_commitments.prefetch_related("evidence"))
    reflection = defaultdict(list)
    if evaluation.session_id:
        for answer in evaluation.session.answers.select_related("question"):
            if answer.score and answer.question.compass_point:
                reflection[answer.question.compass_point].append(answer.score)
    needs_council = version.scope_items.filter(level=SayLevel.DECIDE).exists()
    return EvaluationInput(
        today=today,
        channels=frozenset(answers.values_list("channel", flat=True)),
        session_formats=frozenset(discuss.values_list("format", flat=True)),
        participant_kinds=frozenset(trajectory.participants.values_list("kind", flat=True)),
        people_reached=sum(s.participant_count or 0 for s in discuss),
        actions_due=len(due),
        actions_on_time=len(on_time),
        actions_late=len(due) - len(on_time),
        safeguards_committed=len(commitments),
        safeguards_with_evidence=sum(1 for c in commitments if c.evidence.all()),
        published_signed=version.signatures.count() == 2,
        council_decision_where_needed=(not needs_council)
        or bool(version.council_decision and version.council_decision.approves),
        questions_asked=answers.count(),
        questions_answered=answers.filter(unclear=False).exclude(text="").count(),
        blank_spots=trajectory.blank_spots.count(),
        blank_spots_resolved=trajectory.blank_spots.exclude(status=BlankSpotStatus.OPEN).count(),
        reflection=dict(reflection),
    )


def evaluate_version(evaluation) -> None:
    data = gather(evaluation)
    evaluation.indicators = [ind.__dict__ for ind in indicators(data)]
    evaluation.scores = scores(data)
    evaluation.save(update_fields=["indicators", "scores", "conclusion"])
