"""The area team's panel lists as files (CSV/XLSX); see samenspel.core.exports. No names,
no e-mail addresses and no codes: members by number, their profile only where they gave
consent; responses by number, never linked to a member."""

from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

from .models import CHOICE_KINDS, QuestionKind


def _consented(getter):
    return lambda member: getter(member) if member.consent_at is not None else ""


MEMBER_COLUMNS = [
    Column("number", _("Member number"), kind=Kind.INTEGER),
    Column("joined_via", _("Joined by"), get="get_joined_via_display"),
    Column("status", _("Status"), get="get_status_display"),
    Column("invited_at", _("Invited on"), kind=Kind.DATE),
    Column("joined_at", _("Joined on"), kind=Kind.DATE),
    Column("paused_until", _("Taking a break until"), kind=Kind.DATE),
    Column("left_at", _("Left on"), kind=Kind.DATE),
    Column("consent", _("Shared their profile"), get=lambda m: m.consent_at is not None, kind=Kind.BOOLEAN),
    Column("age_band", _("Age"), get=_consented(lambda m: m.get_age_band_display())),
    Column("gender", _("Gender"), get=_consented(lambda m: m.get_gender_display())),
    Column("buurt", _("Buurt"), get=_consented(lambda m: m.buurt.name if m.buurt else "")),
    Column("household", _("Household"), get=_consented(lambda m: m.get_household_display())),
    Column("education", _("Education"), get=_consented(lambda m: m.get_education_display())),
]


def _answer_text(question, answer) -> str:
    if answer is None:
        return ""
    if question.kind == QuestionKind.TEXT:
        return answer.text
    if question.kind == QuestionKind.SCALE:
        return "" if answer.number is None else str(answer.number)
    if question.kind in CHOICE_KINDS:
        options = question.options or []
        labels = [options[i] if isinstance(i, int) and 0 <= i < len(options) else str(i) for i in answer.choices or []]
        return " > ".join(labels) if question.kind == QuestionKind.RANKING else "; ".join(labels)
    return ""


def response_columns(questions) -> list[Column]:
    """One row per response: how and when it came in, then one column per question."""
    columns = [
        Column("response", _("Response"), get="pk", kind=Kind.INTEGER),
        Column("channel", _("Channel"), get="get_channel_display"),
        Column("submitted_at", _("Submitted at"), kind=Kind.DATETIME),
    ]
    for n, question in enumerate(questions, start=1):
        columns.append(
            Column(
                f"q{n}",
                f"{n}. {question.text}",
                get=lambda response, q=question: _answer_text(q, response.answers_by_question.get(q.pk)),
            )
        )
    return columns


def responses_with_answers(consultation):
    """The responses with their answers in two queries, whatever their number."""
    responses = list(consultation.responses.prefetch_related("answers").order_by("submitted_at", "pk"))
    for response in responses:
        response.answers_by_question = {a.question_id: a for a in response.answers.all()}
    return responses
