"""Lists the organisers of conversations and meetings keep, as files (CSV/XLSX); see
samenspel.core.exports. Statements without their authors; registrations with the name the
person gave (as the page shows it); attendance as counts plus the names given with consent."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

STATEMENT_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    Column("text", _("Statement")),
    Column("status", _("Status"), get="get_status_display"),
    Column("seed", _("From the organiser"), get="is_seed", kind=Kind.BOOLEAN),
    Column("channel", _("Channel"), get="get_channel_display"),
    Column("votes", _("Votes"), get="vote_total", kind=Kind.INTEGER),
    Column("open_reports", _("Open reports"), kind=Kind.INTEGER),
    Column("public_reason", _("Public reason")),
    Column("moderated_at", _("Moderated at"), kind=Kind.DATETIME),
    Column("created_at", _("Added at"), kind=Kind.DATETIME),
]

REGISTRATION_COLUMNS = [
    Column("name", _("Name"), get=lambda r: r.name or str(_("someone"))),
    Column("channel", _("Channel"), get="get_channel_display"),
    Column("created_at", _("Registered at"), kind=Kind.DATETIME),
]

ATTENDANCE_COLUMNS = [
    Column("how", _("How")),
    Column("count", _("Number of people"), kind=Kind.INTEGER),
    Column("name", _("Name (with consent)")),
    Column("role", _("As")),
]


def statements(conversation):
    return conversation.statements.annotate(
        vote_total=Count("votes", distinct=True),
        open_reports=Count("reports", filter=Q(reports__status="open"), distinct=True),
    ).order_by("status", "-open_reports", "pk")


def attendance_rows(meeting) -> list[dict]:
    """First the counts per way of attending, then the names people agreed to have recorded."""
    rows = [{"how": a.get_mode_display(), "count": a.count, "name": "", "role": ""} for a in meeting.attendance.all()]
    rows += [
        {"how": a.get_mode_display(), "count": None, "name": a.name, "role": a.role}
        for a in meeting.attendees.filter(consent=True)
    ]
    return rows


def meeting_lists(meeting) -> dict:
    """Per list: (columns, rows, title, holds personal data)."""
    return {
        "aanmeldingen": (REGISTRATION_COLUMNS, meeting.registrations.all(), _("Registrations"), True),
        "aanwezigheid": (ATTENDANCE_COLUMNS, attendance_rows(meeting), _("Attendance"), True),
    }
