"""Terms and reminders (pure), and the assessment's completeness check."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samenspel.finance import terms
from samenspel.finance.services import clean_assessment

DUE = datetime.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2026, 3, 1), terms.NONE),
        (datetime.date(2026, 3, 3), terms.BEFORE),  # 7 days before
        (datetime.date(2026, 3, 10), terms.BEFORE),  # the last day
        (datetime.date(2026, 3, 11), terms.OVERDUE),
    ],
)
def test_reminder_state(today, state):
    assert terms.reminder_state(DUE, today, 7) == state


def test_no_term_no_reminder_and_days_left():
    assert terms.reminder_state(None, DUE, 7) == terms.NONE
    assert terms.days_left(DUE, datetime.date(2026, 3, 1)) == 9
    assert terms.days_left(None, DUE) is None
    assert terms.due(DUE, 28) == datetime.date(2026, 4, 7)


def test_every_criterion_needs_a_verdict_and_a_reason_when_not_met():
    criteria = ("A", "B")
    assert clean_assessment(
        [{"criterion": "A", "verdict": "yes"}, {"criterion": "B", "verdict": "no", "reason": "te duur"}], criteria
    ) == [
        {"criterion": "A", "verdict": "yes", "reason": ""},
        {"criterion": "B", "verdict": "no", "reason": "te duur"},
    ]
    with pytest.raises(ValidationError) as missing:
        clean_assessment([{"criterion": "A", "verdict": "yes"}], criteria)
    assert "B" in str(missing.value)
    with pytest.raises(ValidationError, match="reason"):
        clean_assessment([{"criterion": "A", "verdict": "yes"}, {"criterion": "B", "verdict": "partly"}], criteria)


@pytest.mark.django_db
def test_terms_per_municipality_with_defaults(municipality, official):
    from samenspel.finance import services

    default = terms.terms_for(municipality)
    assert default.assessment_days == 56 and len(default.criteria) == 6
    services.save_settings(
        user=official, municipality=municipality, admissibility_days=14, assessment_criteria="Eén\n\nTwee\n"
    )
    mine = terms.terms_for(municipality)
    assert mine.admissibility_days == 14
    assert mine.criteria == ("Eén", "Twee")
    with pytest.raises(ValidationError):
        services.save_settings(user=official, municipality=municipality, assessment_days=0)
