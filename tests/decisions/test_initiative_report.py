"""Publishing an initiative's accountability report completes its case (accounted for)."""

import datetime

from samenspel.accounts.models import Role
from samenspel.decisions import services
from samenspel.initiatives.models import CaseEvent, CaseStatus, Idea


def test_published_report_marks_the_initiative_accounted_for(wijk, make_user):
    initiator = make_user(Role.RESIDENT, wijk)
    idea = Idea.objects.create(
        place=wijk,
        title="Buurtkoelkast",
        description="Samen tegen verspilling",
        author=initiator,
        status=CaseStatus.COMPLETED,
    )
    today = datetime.date.today()
    report = services.write_report(
        user=initiator,
        idea=idea,
        title="Een jaar buurtkoelkast",
        audience="both",
        formats=["story"],
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        story="Veertig buren per week.",
    )
    idea.refresh_from_db()
    assert idea.status == CaseStatus.COMPLETED  # a draft is not enough
    services.publish_report(user=initiator, report=report)
    idea.refresh_from_db()
    assert idea.status == CaseStatus.ACCOUNTED_FOR
    assert CaseEvent.objects.filter(idea=idea, to_status=CaseStatus.ACCOUNTED_FOR).exists()
