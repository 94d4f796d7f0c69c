"""Use cases for ideas and resident initiatives, the idea broker's case flow, support requests
and the obstacle register. Each is one transaction, checks permission, guards the case flow
and writes to the audit log; views, the demo loader and commands call these.

Sources: Zwolle's ideeënmakelaar (seed 002, spec A1: no quality gate, connect, never take
over), OBS-1..4 (spec §7.9: the obstacle register, named referrals, service-level timers,
reports to college and council), §12.9 (support request and obstacle states)."""

import datetime
import re
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.agreements.models import Ownership
from samenspel.core import audit
from samenspel.core.images import clean_photo
from samenspel.core.models import Channel
from samenspel.core.text import plain_text
from samenspel.notifications.services import followers, notify, notify_followers
from samenspel.places.models import PlaceKind

from .models import (
    AbuseReport,
    CaseEvent,
    CaseStatus,
    Comment,
    Connection,
    HelpOffer,
    HelpRole,
    Idea,
    IdeaKind,
    IdeaPhoto,
    KillerPhrase,
    Obstacle,
    ObstacleCategory,
    ObstacleStatus,
    ReportStatus,
    ServiceLevel,
    Support,
    SupportKind,
    SupportOutcome,
    SupportRequest,
)
from .obstacles import ObstacleRow, obstacle_figures
from .rules import OPEN_STATUSES
from .similarity import similar
from .workdays import add_working_days

DEFAULT_FIRST_CONTACT_DAYS = 5
DEFAULT_SUPPORT_ANSWER_DAYS = 20

MAX_TITLE = 150
MAX_DESCRIPTION = 5000
MAX_NEEDS = 2000
MAX_COMMENT = 2000
MAX_NOTE = 2000

MAX_PHOTOS = 4

SIMILAR_CANDIDATES = 2000

# The broker's case flow (spec A1, §12.9). Steps may be skipped forward: three quarters of
# Zwolle's initiatives needed no money (002:319-322), so "support requested" is optional, and
# so is "connected". "Not taken further" is possible from every open step, with a reason.
TRANSITIONS = {
    CaseStatus.INTAKE: {CaseStatus.IN_CONVERSATION, CaseStatus.CLOSED},
    CaseStatus.IN_CONVERSATION: {
        CaseStatus.CONNECTED,
        CaseStatus.SUPPORT_REQUESTED,
        CaseStatus.RUNNING,
        CaseStatus.CLOSED,
    },
    CaseStatus.CONNECTED: {CaseStatus.SUPPORT_REQUESTED, CaseStatus.RUNNING, CaseStatus.CLOSED},
    CaseStatus.SUPPORT_REQUESTED: {CaseStatus.RUNNING, CaseStatus.CLOSED},
    CaseStatus.RUNNING: {CaseStatus.COMPLETED, CaseStatus.CLOSED},
    CaseStatus.COMPLETED: {CaseStatus.ACCOUNTED_FOR},
    CaseStatus.ACCOUNTED_FOR: set(),
    CaseStatus.CLOSED: set(),
}

# Referral answers that send the initiator away without naming who takes over (OBS-2,
# against killer phrases 9, 10, 15 and 20). Compared after normalising case and spaces.
VAGUE_REFERRALS = {
    "elders",
    "ergens anders",
    "een collega",
    "collega",
    "andere afdeling",
    "een andere afdeling",
    "de provincie",
    "provincie",
    "andere instantie",
    "een andere instantie",
    "zorg",
    "welzijn",
    "elsewhere",
    "a colleague",
    "another department",
    "the province",
    "another organisation",
    "another agency",
}


# --- Helpers --------------------------------------------------------------------------------


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


def _line(value: str) -> str:
    """One line of plain text, tags removed (stored unescaped: the templates escape)."""
    return " ".join(plain_text(value or "").split())


def _text(value: str) -> str:
    """A longer text, kept as typed (Markdown); it is sanitised when shown."""
    return (value or "").strip()


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _reload(idea: Idea) -> Idea:
    """The idea's row, locked for this transaction: the caller's object may be stale."""
    return Idea.objects.select_for_update(of=("self",)).select_related("place", "author").get(pk=idea.pk)


def service_level(place) -> tuple[int, int]:
    """(first contact, support answer) in working days for the place's municipality."""
    municipality = place.root if place is not None else None
    row = ServiceLevel.objects.filter(municipality=municipality).first() if municipality else None
    if row is None:
        return DEFAULT_FIRST_CONTACT_DAYS, DEFAULT_SUPPORT_ANSWER_DAYS
    return row.first_contact_days, row.support_answer_days


def _status_label(status: str) -> str:
    return str(CaseStatus(status).label)


def _tell(idea: Idea, *, actor, subject: str, body: str = "") -> int:
    """The initiator and the idea's followers (and the wijk's) hear of a change; not the actor."""
    people = list(followers(idea=idea))
    if idea.author_id and idea.author.is_active and all(p.pk != idea.author_id for p in people):
        people.append(idea.author)
    return notify(people, subject=subject, body=body, url=idea.get_absolute_url(), place=idea.place, exclude=actor)


def _tell_initiator(idea: Idea, *, actor, subject: str, body: str = "") -> int:
    if not idea.author_id or not idea.author.is_active:
        return 0
    return notify(
        [idea.author], subject=subject, body=body, url=idea.get_absolute_url(), place=idea.place, exclude=actor
    )


def _event(idea: Idea, *, user, from_status: str, to_status: str, note: str = "") -> CaseEvent:
    return CaseEvent.objects.create(idea=idea, from_status=from_status, to_status=to_status, note=note, by=user)


def _check_content(errors: dict, *, title, description, needs, kind, ownership, location_text):
    if not title:
        errors["title"] = _("Give your idea a short title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Keep the title under %(max)d characters.") % {"max": MAX_TITLE}
    if not description:
        errors["description"] = _("Describe your idea.")
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Keep it under %(max)d characters.") % {"max": MAX_DESCRIPTION}
    if len(needs) > MAX_NEEDS:
        errors["needs"] = _("Keep it under %(max)d characters.") % {"max": MAX_NEEDS}
    if kind not in IdeaKind.values:
        errors["kind"] = _("Choose whether this is an idea or a resident initiative.")
    if ownership not in (None, *Ownership.values):
        errors["ownership"] = _("Choose an ownership type from 1 to 4.")
    if len(location_text) > 200:
        errors["location_text"] = _("Keep it under %(max)d characters.") % {"max": 200}


def _check_buurt(errors: dict, place, buurt):
    if buurt is not None and (buurt.kind != PlaceKind.BUURT or buurt.parent_id != place.pk):
        errors["buurt"] = _("This buurt is not part of %(place)s.") % {"place": place.name}


# --- Submitting and changing ideas ----------------------------------------------------------


SUBMISSION_KEY_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def submitted_with_key(user, submission_key: str) -> Idea | None:
    """The idea this person already submitted with this key: the same form (or API call) sent
    again after its answer got lost. None for a new key."""
    if not submission_key or not user.is_authenticated:
        return None
    return Idea.objects.filter(submission_key=submission_key).filter(Q(author=user) | Q(entered_by=user)).first()


def submit_idea(*, user, submission_key: str = "", **fields) -> Idea:
    """Submit an idea (see `_submit_idea`). With a `submission_key` (16-64 letters, digits, - or _,
    random per form) the same submission sent twice makes one idea: the second call returns the
    first one's idea, also when both arrive at once."""
    if submission_key:
        if not SUBMISSION_KEY_RE.fullmatch(submission_key):
            raise ValidationError(_("This form has expired. Please reload the page and try again."))
        existing = submitted_with_key(user, submission_key)
        if existing is not None:
            return existing
        try:
            return _submit_idea(user=user, submission_key=submission_key, **fields)
        except IntegrityError:
            # The same key committed in between (a double click that reached two workers).
            existing = submitted_with_key(user, submission_key)
            if existing is None:
                raise ValidationError(_("This form has expired. Please reload the page and try again.")) from None
            return existing
    return _submit_idea(user=user, **fields)


@transaction.atomic
def _submit_idea(
    *,
    user,
    submission_key: str = "",
    place,
    title: str,
    description: str,
    needs: str = "",
    kind: str = IdeaKind.IDEA,
    ownership: int | None = None,
    location_text: str = "",
    buurt=None,
    channel: str = Channel.ONLINE,
    on_behalf_of: str = "",
    contact_note: str = "",
) -> Idea:
    """An idea comes in, from anyone, for any neighbourhood or village: no quality gate
    (002:263-268). Staff enter ideas that came in on paper, by phone or at a meeting on the
    initiator's behalf; the contact note is only for the area team."""
    on_behalf_of, contact_note = _line(on_behalf_of), _line(contact_note)
    offline = channel != Channel.ONLINE or bool(on_behalf_of) or bool(contact_note)
    _require(user, "initiatives.submit_on_behalf" if offline else "initiatives.submit_idea", place)
    title, description, needs, location_text = _line(title), _text(description), _text(needs), _line(location_text)
    ownership = int(ownership) if ownership not in (None, "") else None
    errors: dict = {}
    if not place.is_neighbourhood:
        errors["place"] = _("An idea belongs to a neighbourhood or village.")
    _check_content(
        errors,
        title=title,
        description=description,
        needs=needs,
        kind=kind,
        ownership=ownership,
        location_text=location_text,
    )
    _check_buurt(errors, place, buurt)
    if channel not in Channel.values:
        errors["channel"] = _("Choose how the idea came in.")
    if offline and channel == Channel.ONLINE:
        errors["channel"] = _("Choose how the idea came in: on paper, by phone, at a meeting or at a home visit.")
    if offline and not on_behalf_of:
        errors["on_behalf_of"] = _("Say how the initiator wants to be named, for example “a resident of Marum”.")
    if len(on_behalf_of) > 150:
        errors["on_behalf_of"] = _("Keep it under %(max)d characters.") % {"max": 150}
    if len(contact_note) > 300:
        errors["contact_note"] = _("Keep it under %(max)d characters.") % {"max": 300}
    _raise(errors)

    first_contact_days, _answer_days = service_level(place)
    idea = Idea.objects.create(
        place=place,
        buurt=buurt,
        kind=kind,
        title=title,
        description=description,
        needs=needs,
        ownership=ownership,
        location_text=location_text,
        author=None if offline else user,
        on_behalf_of=on_behalf_of,
        channel=channel,
        entered_by=user,
        contact_note=contact_note,
        first_contact_due=add_working_days(_today(), first_contact_days),
        submission_key=submission_key,
    )
    _event(idea, user=user, from_status="", to_status=CaseStatus.INTAKE)
    audit.record(
        "initiatives.idea.submitted",
        actor=user,
        obj=idea,
        data={"place": place.pk, "kind": kind, "channel": channel, "first_contact_due": idea.first_contact_due},
    )
    notify_followers(
        place=place,
        subject=_("New idea in %(place)s: %(title)s") % {"place": place.name, "title": title},
        body=description[:500],
        url=idea.get_absolute_url(),
        exclude=user,
    )
    return idea


@transaction.atomic
def change_idea(
    *,
    user,
    idea: Idea,
    title: str,
    description: str,
    needs: str = "",
    kind: str = IdeaKind.IDEA,
    ownership: int | None = None,
    location_text: str = "",
    buurt=None,
    contact_note: str | None = None,
) -> Idea:
    idea = _reload(idea)
    _require(user, "initiatives.change_idea", idea)
    title, description, needs, location_text = _line(title), _text(description), _text(needs), _line(location_text)
    ownership = int(ownership) if ownership not in (None, "") else None
    errors: dict = {}
    _check_content(
        errors,
        title=title,
        description=description,
        needs=needs,
        kind=kind,
        ownership=ownership,
        location_text=location_text,
    )
    _check_buurt(errors, idea.place, buurt)
    staff = user.has_perm("initiatives.broker", idea)
    if contact_note is not None and staff:
        contact_note = _line(contact_note)
        if len(contact_note) > 300:
            errors["contact_note"] = _("Keep it under %(max)d characters.") % {"max": 300}
        idea.contact_note = contact_note
    _raise(errors)
    changed = [
        name
        for name, value in (
            ("title", title),
            ("description", description),
            ("needs", needs),
            ("kind", kind),
            ("ownership", ownership),
            ("location_text", location_text),
            ("buurt_id", buurt.pk if buurt else None),
        )
        if getattr(idea, name) != value
    ]
    idea.title, idea.description, idea.needs, idea.kind = title, description, needs, kind
    idea.ownership, idea.location_text, idea.buurt = ownership, location_text, buurt
    idea.save()
    audit.record("initiatives.idea.changed", actor=user, obj=idea, data={"fields": changed})
    return idea


@transaction.atomic
def withdraw_idea(*, user, idea: Idea, reason: str = "") -> Idea:
    """The initiator stops: the case ends as "not taken further", in their own words."""
    idea = _reload(idea)
    _require(user, "initiatives.withdraw_idea", idea)
    reason = _text(reason)
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": _("Keep it under %(max)d characters.") % {"max": MAX_NOTE}})
    note = _("Withdrawn by the initiator.") + (f" {reason}" if reason else "")
    return _move(idea, CaseStatus.CLOSED, user=user, note=note, action="initiatives.idea.withdrawn")


@transaction.atomic
def post_update(*, user, idea: Idea, note: str) -> CaseEvent:
    """News on the case from the initiator or the broker, without a change of step."""
    idea = _reload(idea)
    _require(user, "initiatives.post_update", idea)
    note = _text(note)
    if not note:
        raise ValidationError({"note": _("Write the update first.")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep it under %(max)d characters.") % {"max": MAX_NOTE}})
    event = _event(idea, user=user, from_status=idea.status, to_status=idea.status, note=note)
    audit.record("initiatives.idea.update_posted", actor=user, obj=idea, data={"event": event.pk})
    _tell(idea, actor=user, subject=_("News on “%(title)s”") % {"title": idea.title}, body=note[:1000])
    return event


# --- Photos ---------------------------------------------------------------------------------


def check_photo(upload) -> tuple[bytes, str]:
    """The photo's clean bytes and file extension (see core.images.clean_photo)."""
    return clean_photo(upload)


@transaction.atomic
def add_photos(*, user, idea: Idea, photos: list) -> list[IdeaPhoto]:
    """photos: (uploaded file, alt text) pairs. All are checked before any is stored: either
    all are added, or none."""
    idea = _reload(idea)
    _require(user, "initiatives.manage_photos", idea)
    if not photos:
        raise ValidationError({"photo": _("Choose a photo.")})
    if idea.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError(_("An idea can have at most %(max)d photos.") % {"max": MAX_PHOTOS})
    checked = []
    for upload, alt_text in photos:
        alt_text = _line(alt_text)
        if not alt_text:
            raise ValidationError({"alt_text": _("Describe what the photo shows, for people who cannot see it.")})
        if len(alt_text) > 200:
            raise ValidationError({"alt_text": _("Keep it under %(max)d characters.") % {"max": 200}})
        try:
            data, extension = check_photo(upload)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
        checked.append((data, extension, alt_text))

    saved, stored_names = [], []
    try:
        for data, extension, alt_text in checked:
            photo = IdeaPhoto(idea=idea, alt_text=alt_text, uploaded_by=user)
            photo.image.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
            stored_names.append(photo.image.name)
            photo.save()
            saved.append(photo)
        audit.record("initiatives.photos.added", actor=user, obj=idea, data={"photos": [p.pk for p in saved]})
    except Exception:
        for name in stored_names:
            IdeaPhoto._meta.get_field("image").storage.delete(name)
        raise
    return saved


@transaction.atomic
def remove_photo(*, user, photo: IdeaPhoto) -> None:
    idea = _reload(photo.idea)
    _require(user, "initiatives.manage_photos", idea)
    name, storage = photo.image.name, photo.image.storage
    audit.record("initiatives.photo.removed", actor=user, obj=idea, data={"photo": photo.pk})
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Support, comments, help ----------------------------------------------------------------


def _count_support(idea: Idea) -> None:
    idea.support_count = Support.objects.filter(idea=idea).count()
    Idea.objects.filter(pk=idea.pk).update(support_count=idea.support_count)


def _open_for_support(idea: Idea) -> None:
    if idea.status == CaseStatus.CLOSED:
        raise ValidationError(_("This idea has been closed; it can no longer be supported."))


@transaction.atomic
def support(*, user, idea: Idea) -> Support:
    idea = _reload(idea)
    _require(user, "initiatives.support", idea)
    _open_for_support(idea)
    if Support.objects.filter(idea=idea, user=user).exists():
        raise ValidationError(_("You already support this idea."))
    row = Support.objects.create(idea=idea, user=user, channel=Channel.ONLINE, entered_by=user)
    _count_support(idea)
    audit.record("initiatives.support.added", actor=user, obj=idea, data={"count": idea.support_count})
    return row


@transaction.atomic
def unsupport(*, user, idea: Idea) -> None:
    idea = _reload(idea)
    if not user.is_authenticated:
        raise PermissionDenied
    deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
    if not deleted:
        raise ValidationError(_("You do not support this idea."))
    _count_support(idea)
    audit.record("initiatives.support.removed", actor=user, obj=idea, data={"count": idea.support_count})


@transaction.atomic
def add_support_on_behalf(*, user, idea: Idea, channel: str, on_behalf_of: str, count: int = 1) -> int:
    """Support gathered offline (a signature list, a show of hands at a meeting), entered by
    the area team. Each supporter counts once; `count` enters a list at a time."""
    idea = _reload(idea)
    _require(user, "initiatives.support_on_behalf", idea)
    _open_for_support(idea)
    on_behalf_of = _line(on_behalf_of)
    errors: dict = {}
    if channel not in Channel.values or channel == Channel.ONLINE:
        errors["channel"] = _("Choose how the support came in: on paper, by phone, at a meeting or at a home visit.")
    if not on_behalf_of:
        errors["on_behalf_of"] = _("Say where the support comes from, for example “signature list, buurthuis”.")
    elif len(on_behalf_of) > 150:
        errors["on_behalf_of"] = _("Keep it under %(max)d characters.") % {"max": 150}
    if not isinstance(count, int) or not 1 <= count <= 1000:
        errors["count"] = _("Enter a number of supporters from 1 to 1000.")
    _raise(errors)
    Support.objects.bulk_create(
        Support(idea=idea, user=None, on_behalf_of=on_behalf_of, channel=channel, entered_by=user)
        for _i in range(count)
    )
    _count_support(idea)
    audit.record(
        "initiatives.support.added_on_behalf",
        actor=user,
        obj=idea,
        data={"channel": channel, "added": count, "count": idea.support_count},
    )
    return count


@transaction.atomic
def comment(*, user, idea: Idea, text: str) -> Comment:
    idea = _reload(idea)
    _require(user, "initiatives.comment", idea)
    text = _text(text)
    if not text:
        raise ValidationError({"text": _("Write your comment first.")})
    if len(text) > MAX_COMMENT:
        raise ValidationError({"text": _("Keep it under %(max)d characters.") % {"max": MAX_COMMENT}})
    row = Comment.objects.create(idea=idea, author=user, text=text)
    audit.record("initiatives.comment.added", actor=user, obj=row, data={"idea": idea.pk})
    _tell(
        idea,
        actor=user,
        subject=_("New comment on “%(title)s”") % {"title": idea.title},
        body=f"{user.public_name}: {text[:500]}",
    )
    return row


@transaction.atomic
def offer_help(*, user, idea: Idea, role: str, note: str = "") -> HelpOffer:
    """A doer or a thinker offers to help; the initiator hears of it."""
    idea = _reload(idea)
    _require(user, "initiatives.offer_help", idea)
    note = _line(note)
    errors: dict = {}
    if role not in HelpRole.values:
        errors["role"] = _("Choose how you want to help.")
    if len(note) > 300:
        errors["note"] = _("Keep it under %(max)d characters.") % {"max": 300}
    _raise(errors)
    if idea.status not in OPEN_STATUSES:
        raise ValidationError(_("This idea is no longer looking for help."))
    if HelpOffer.objects.filter(idea=idea, user=user, role=role).exists():
        raise ValidationError(_("You have already offered this."))
    offer = HelpOffer.objects.create(idea=idea, user=user, role=role, note=note)
    audit.record("initiatives.help.offered", actor=user, obj=idea, data={"role": role})
    _tell_initiator(
        idea,
        actor=user,
        subject=_("%(name)s wants to help with “%(title)s”") % {"name": user.public_name, "title": idea.title},
        body=f"{offer.get_role_display()}. {note}".strip(),
    )
    return offer


# --- Moderation -----------------------------------------------------------------------------


@transaction.atomic
def report_abuse(*, user, reason: str, idea: Idea | None = None, comment: Comment | None = None) -> AbuseReport:
    if (idea is None) == (comment is None):
        raise ValueError("Report either an idea or a comment.")
    target_idea = idea if idea is not None else comment.idea
    _require(user, "initiatives.report", target_idea)
    reason = _line(reason)
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep it under %(max)d characters.") % {"max": 500}})
    if AbuseReport.objects.filter(reporter=user, idea=idea, comment=comment, status=ReportStatus.OPEN).exists():
        raise ValidationError(_("You have already reported this. A moderator will look at it."))
    report = AbuseReport.objects.create(idea=idea, comment=comment, reason=reason, reporter=user)
    audit.record(
        "initiatives.report.made",
        actor=user,
        obj=report,
        data={"idea": target_idea.pk, "comment": comment.pk if comment else None},
    )
    return report


def _close_reports(user, *, idea=None, comment=None, status=ReportStatus.HIDDEN) -> int:
    return AbuseReport.objects.filter(idea=idea, comment=comment, status=ReportStatus.OPEN).update(
        status=status, handled_by=user, handled_at=timezone.now()
    )


def _public_reason(reason: str) -> str:
    reason = _line(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the public reason for hiding this.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep it under %(max)d characters.") % {"max": 300}})
    return reason


@transaction.atomic
def hide_idea(*, user, idea: Idea, reason: str) -> Idea:
    idea = _reload(idea)
    _require(user, "initiatives.moderate", idea)
    reason = _public_reason(reason)
    idea.is_hidden, idea.hidden_reason = True, reason
    idea.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    closed = _close_reports(user, idea=idea)
    audit.record("initiatives.idea.hidden", actor=user, obj=idea, data={"reason": reason, "reports": closed})
    _tell_initiator(
        idea,
        actor=user,
        subject=_("Your idea “%(title)s” has been hidden") % {"title": idea.title},
        body=_("Reason: %(reason)s") % {"reason": reason},
    )
    return idea


@transaction.atomic
def unhide_idea(*, user, idea: Idea) -> Idea:
    idea = _reload(idea)
    _require(user, "initiatives.moderate", idea)
    if not idea.is_hidden:
        raise ValidationError(_("This idea is not hidden."))
    idea.is_hidden, idea.hidden_reason = False, ""
    idea.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    audit.record("initiatives.idea.shown", actor=user, obj=idea)
    return idea


@transaction.atomic
def hide_comment(*, user, comment: Comment, reason: str) -> Comment:
    comment = Comment.objects.select_for_update(of=("self",)).select_related("idea", "idea__place").get(pk=comment.pk)
    _require(user, "initiatives.moderate", comment)
    reason = _public_reason(reason)
    comment.is_hidden, comment.hidden_reason = True, reason
    comment.save(update_fields=["is_hidden", "hidden_reason"])
    closed = _close_reports(user, comment=comment)
    audit.record("initiatives.comment.hidden", actor=user, obj=comment, data={"reason": reason, "reports": closed})
    return comment


@transaction.atomic
def unhide_comment(*, user, comment: Comment) -> Comment:
    comment = Comment.objects.select_for_update(of=("self",)).select_related("idea", "idea__place").get(pk=comment.pk)
    _require(user, "initiatives.moderate", comment)
    if not comment.is_hidden:
        raise ValidationError(_("This comment is not hidden."))
    comment.is_hidden, comment.hidden_reason = False, ""
    comment.save(update_fields=["is_hidden", "hidden_reason"])
    audit.record("initiatives.comment.shown", actor=user, obj=comment)
    return comment


@transaction.atomic
def dismiss_report(*, user, report: AbuseReport) -> AbuseReport:
    report = AbuseReport.objects.select_for_update().get(pk=report.pk)
    _require(user, "initiatives.moderate", report)
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report has already been dealt with."))
    report.status, report.handled_by, report.handled_at = ReportStatus.DISMISSED, user, timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])
    audit.record("initiatives.report.dismissed", actor=user, obj=report)
    return report


# --- The broker's case flow -----------------------------------------------------------------


def next_steps(idea: Idea) -> list[str]:
    """The steps the case may go to from here, in the order of the flow."""
    allowed = TRANSITIONS.get(idea.status, set())
    return [status for status in CaseStatus.values if status in allowed]


def _move(idea: Idea, to_status: str, *, user, note: str = "", action: str = "initiatives.case.moved") -> Idea:
    """Move a locked idea to `to_status`: the case step, the audit entry and the notices."""
    previous = idea.status
    idea.status = to_status
    fields = ["status", "updated_at"]
    if to_status == CaseStatus.IN_CONVERSATION:
        if idea.first_contact_on is None:
            idea.first_contact_on = _today()
            fields.append("first_contact_on")
        if idea.broker_id is None and user.has_perm("initiatives.broker", idea):
            idea.broker = user
            fields.append("broker")
    if to_status in (CaseStatus.CLOSED, CaseStatus.ACCOUNTED_FOR) and idea.contact_note:
        # The broker no longer needs to reach the initiator: the contact note goes with the case.
        idea.contact_note = ""
        fields.append("contact_note")
    idea.save(update_fields=fields)
    _event(idea, user=user, from_status=previous, to_status=to_status, note=note)
    audit.record(action, actor=user, obj=idea, data={"from": previous, "to": to_status})
    _tell(
        idea,
        actor=user,
        subject=_("“%(title)s”: %(status)s") % {"title": idea.title, "status": _status_label(to_status)},
        body=note[:1000],
    )
    return idea


@transaction.atomic
def move_case(*, user, idea: Idea, to_status: str, note: str = "") -> Idea:
    """The broker moves the case one or more steps on, with a note the initiator reads."""
    idea = _reload(idea)
    _require(user, "initiatives.broker", idea)
    note = _text(note)
    if to_status not in CaseStatus.values:
        raise ValidationError({"status": _("Choose the next step.")})
    if to_status not in TRANSITIONS.get(idea.status, set()):
        raise ValidationError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": _status_label(idea.status), "to": _status_label(to_status)}
        )
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep it under %(max)d characters.") % {"max": MAX_NOTE}})
    if to_status == CaseStatus.CLOSED and not note:
        raise ValidationError({"note": _("Say why the idea is not taken further. The initiator reads this.")})
    if to_status == CaseStatus.CONNECTED and not idea.connections.exists():
        raise ValidationError(_("Record who the initiator was connected with first."))
    if to_status == CaseStatus.SUPPORT_REQUESTED and not idea.support_requests.exists():
        raise ValidationError(_("Record the support request first."))
    if to_status == CaseStatus.ACCOUNTED_FOR and not _has_accountability_report(idea):
        raise ValidationError(_("An initiative is accounted for once its accountability report is there."))
    return _move(idea, to_status, user=user, note=note)


def mark_accounted_for(*, user, idea: Idea) -> Idea:
    """Called when the initiative's accountability report is published (by the initiator or
    for them): a completed case is then accounted for, without waiting for the broker."""
    idea = _reload(idea)
    if idea.status != CaseStatus.COMPLETED or not _has_accountability_report(idea):
        return idea
    return _move(idea, CaseStatus.ACCOUNTED_FOR, user=user, note=_("The accountability report has been published."))


def _has_accountability_report(idea: Idea) -> bool:
    from samenspel.decisions.models import AccountabilityReport

    return AccountabilityReport.objects.filter(idea=idea).exists()


@transaction.atomic
def connect(*, user, idea: Idea, other_idea: Idea | None = None, name: str = "", note: str = "") -> Connection:
    """Connect the initiator with a similar idea, a partner, or the right person (002:62-70).
    A case that is in conversation moves on to "connected"."""
    idea = _reload(idea)
    _require(user, "initiatives.broker", idea)
    name, note = _line(name), _line(note)
    errors: dict = {}
    if (other_idea is None) == (not name):
        errors["name"] = _("Choose another idea, or name the partner or person; not both.")
    if other_idea is not None and (other_idea.pk == idea.pk or other_idea.is_hidden):
        errors["other_idea"] = _("Choose another idea that can be seen.")
    if len(name) > 200:
        errors["name"] = _("Keep it under %(max)d characters.") % {"max": 200}
    if len(note) > 300:
        errors["note"] = _("Keep it under %(max)d characters.") % {"max": 300}
    _raise(errors)
    if idea.status not in OPEN_STATUSES:
        raise ValidationError(_("This case is no longer open."))
    connection = Connection.objects.create(idea=idea, other_idea=other_idea, name=name, note=note, created_by=user)
    audit.record(
        "initiatives.connection.made",
        actor=user,
        obj=idea,
        data={"connection": connection.pk, "other_idea": other_idea.pk if other_idea else None},
    )
    who = other_idea.title if other_idea else name
    if idea.status == CaseStatus.IN_CONVERSATION:
        _move(
            idea,
            CaseStatus.CONNECTED,
            user=user,
            note=_("Connected with %(who)s. %(why)s") % {"who": who, "why": note},
            action="initiatives.case.moved",
        )
    else:
        _tell(
            idea,
            actor=user,
            subject=_("“%(title)s”: connected with %(who)s") % {"title": idea.title, "who": who},
            body=note,
        )
    return connection


@transaction.atomic
def request_support(
    *, user, idea: Idea, kind: str, description: str, amount_cents: int | None = None
) -> SupportRequest:
    """Money, something in kind, expertise, permission or space. The answer is due within the
    municipality's service level (OBS-3)."""
    idea = _reload(idea)
    _require(user, "initiatives.request_support", idea)
    description = _text(description)
    errors: dict = {}
    if kind not in SupportKind.values:
        errors["kind"] = _("Choose what kind of support is asked.")
    if not description:
        errors["description"] = _("Describe what is asked.")
    elif len(description) > MAX_NOTE:
        errors["description"] = _("Keep it under %(max)d characters.") % {"max": MAX_NOTE}
    if amount_cents is not None and (not isinstance(amount_cents, int) or amount_cents <= 0):
        errors["amount"] = _("Enter an amount above zero.")
    elif kind == SupportKind.MONEY and amount_cents is None:
        errors["amount"] = _("Say how much money is asked.")
    _raise(errors)
    if idea.status not in OPEN_STATUSES:
        raise ValidationError(_("This case is no longer open."))
    _first, answer_days = service_level(idea.place)
    request = SupportRequest.objects.create(
        idea=idea,
        kind=kind,
        description=description,
        amount_cents=amount_cents,
        answer_due=add_working_days(_today(), answer_days),
        created_by=user,
    )
    audit.record(
        "initiatives.support_request.made",
        actor=user,
        obj=request,
        data={"idea": idea.pk, "kind": kind, "amount_cents": amount_cents, "answer_due": request.answer_due},
    )
    note = _("Support requested (%(kind)s): %(description)s") % {
        "kind": request.get_kind_display(),
        "description": description[:300],
    }
    if idea.status in (CaseStatus.IN_CONVERSATION, CaseStatus.CONNECTED):
        _move(idea, CaseStatus.SUPPORT_REQUESTED, user=user, note=note)
    else:
        _event(idea, user=user, from_status=idea.status, to_status=idea.status, note=note)
    return request


def _check_referral(referred_to: str) -> str | None:
    """An error message when the referral names no one who takes over (OBS-2)."""
    normalised = " ".join(re.sub(r"[^\w\s]", " ", referred_to.casefold()).split())
    if not normalised:
        return _("Name the person and the unit who take this over.")
    if normalised in VAGUE_REFERRALS or len(normalised.split()) < 2:
        return _(
            "Name the person and the unit who take this over, for example “Jan de Vries, team Openbare Ruimte”. "
            "“Go elsewhere” is not an answer."
        )
    return None


@transaction.atomic
def decide_support(
    *,
    user,
    request: SupportRequest,
    outcome: str,
    reason: str = "",
    granted_cents: int | None = None,
    referred_to: str = "",
    category: str = "",
    rule_or_department: str = "",
) -> SupportRequest:
    """The answer to a support request. A refusal carries a category and a written reason and
    is logged in the obstacle register; a referral names who takes over (OBS-2)."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    idea = _reload(request.idea)
    _require(user, "initiatives.decide_support", idea)
    if request.outcome != SupportOutcome.OPEN:
        raise ValidationError(_("This support request has already been answered."))
    reason, referred_to, rule_or_department = _text(reason), _line(referred_to), _line(rule_or_department)
    errors: dict = {}
    if outcome not in SupportOutcome.values or outcome == SupportOutcome.OPEN:
        errors["outcome"] = _("Choose the answer.")
    if len(reason) > MAX_NOTE:
        errors["reason"] = _("Keep it under %(max)d characters.") % {"max": MAX_NOTE}
    if outcome == SupportOutcome.PARTLY:
        if not reason:
            errors["reason"] = _("Explain what is not granted, and why.")
        if request.amount_cents is not None:
            if granted_cents is None or not isinstance(granted_cents, int):
                errors["granted"] = _("Enter the amount granted.")
            elif not 0 < granted_cents < request.amount_cents:
                errors["granted"] = _("A partly granted amount lies between zero and the amount asked.")
    elif granted_cents is not None and outcome != SupportOutcome.PARTLY:
        errors["granted"] = _("An amount granted only goes with a partly granted request.")
    if outcome == SupportOutcome.REFUSED:
        if not reason:
            errors["reason"] = _("Give the reason for the refusal. The initiator reads it.")
        if category not in ObstacleCategory.values:
            errors["category"] = _("Choose what kind of reason it is.")
    if outcome == SupportOutcome.REFERRED:
        problem = _check_referral(referred_to)
        if problem:
            errors["referred_to"] = problem
        elif len(referred_to) > 200:
            errors["referred_to"] = _("Keep it under %(max)d characters.") % {"max": 200}
    _raise(errors)

    request.outcome = outcome
    request.reason = reason
    request.referred_to = referred_to if outcome == SupportOutcome.REFERRED else ""
    if outcome == SupportOutcome.GRANTED:
        request.granted_cents = request.amount_cents
    elif outcome == SupportOutcome.PARTLY:
        request.granted_cents = granted_cents
    else:
        request.granted_cents = None
    request.decided_by, request.decided_on = user, _today()
    request.save()
    if outcome == SupportOutcome.REFUSED:
        obstacle = Obstacle.objects.create(
            place=idea.place,
            idea=idea,
            category=category,
            description=_("Support request refused (%(kind)s): %(reason)s")
            % {"kind": request.get_kind_display(), "reason": reason},
            rule_or_department=rule_or_department[:200],
            reported_by=user,
            reported_on=_today(),
        )
        audit.record("initiatives.obstacle.logged", actor=user, obj=obstacle, data={"category": category})
    audit.record(
        "initiatives.support_request.answered",
        actor=user,
        obj=request,
        data={"outcome": outcome, "granted_cents": request.granted_cents, "referred_to": request.referred_to},
    )
    note = _("Support request answered: %(outcome)s.") % {"outcome": request.get_outcome_display()}
    if referred_to and outcome == SupportOutcome.REFERRED:
        note += " " + _("Taken over by %(who)s.") % {"who": referred_to}
    if reason:
        note += f" {reason}"
    _event(idea, user=user, from_status=idea.status, to_status=idea.status, note=note)
    _tell(
        idea,
        actor=user,
        subject=_("“%(title)s”: answer to the support request") % {"title": idea.title},
        body=note[:1000],
    )
    return request


# --- Obstacles ------------------------------------------------------------------------------


@transaction.atomic
def log_obstacle(
    *,
    user,
    description: str,
    idea: Idea | None = None,
    place=None,
    killer_phrase: KillerPhrase | None = None,
    category: str = "",
    rule_or_department: str = "",
    reported_on: datetime.date | None = None,
) -> Obstacle:
    """Every "that's not possible" an initiator meets (OBS-1): the initiator logs it for
    their idea; the area team logs it for anyone, with or without an idea."""
    if idea is not None:
        idea = Idea.objects.select_related("place").get(pk=idea.pk)
        _require(user, "initiatives.log_obstacle", idea)
        place = idea.place
    else:
        if place is None:
            raise ValidationError({"place": _("Choose the neighbourhood, village or municipality.")})
        _require(user, "initiatives.deal_with_obstacle", place)
    description, rule_or_department = _text(description), _line(rule_or_department)
    category = category or (killer_phrase.category if killer_phrase else "")
    today = _today()
    reported_on = reported_on or today
    errors: dict = {}
    if category not in ObstacleCategory.values:
        errors["category"] = _("Choose a category, or the phrase you heard.")
    if not description:
        errors["description"] = _("Describe what happened.")
    elif len(description) > MAX_NOTE:
        errors["description"] = _("Keep it under %(max)d characters.") % {"max": MAX_NOTE}
    if len(rule_or_department) > 200:
        errors["rule_or_department"] = _("Keep it under %(max)d characters.") % {"max": 200}
    if reported_on > today:
        errors["reported_on"] = _("This date lies in the future.")
    _raise(errors)
    obstacle = Obstacle.objects.create(
        place=place,
        idea=idea,
        killer_phrase=killer_phrase,
        category=category,
        description=description,
        rule_or_department=rule_or_department,
        reported_by=user,
        reported_on=reported_on,
    )
    audit.record(
        "initiatives.obstacle.logged",
        actor=user,
        obj=obstacle,
        data={"category": category, "killer_phrase": killer_phrase.number if killer_phrase else None},
    )
    return obstacle


@transaction.atomic
def update_obstacle(
    *,
    user,
    obstacle: Obstacle,
    status: str,
    resolution: str = "",
    escalated: bool | None = None,
    resolved_on: datetime.date | None = None,
) -> Obstacle:
    obstacle = Obstacle.objects.select_for_update().get(pk=obstacle.pk)
    _require(user, "initiatives.deal_with_obstacle", obstacle)
    resolution = _text(resolution)
    today = _today()
    final = status in (ObstacleStatus.RESOLVED, ObstacleStatus.NOT_SOLVABLE)
    errors: dict = {}
    if status not in ObstacleStatus.values:
        errors["status"] = _("Choose a status.")
    if status == ObstacleStatus.RESOLVED and not resolution:
        errors["resolution"] = _("Describe how it was resolved.")
    if status == ObstacleStatus.NOT_SOLVABLE and not resolution:
        errors["resolution"] = _("Give the reasons why it cannot be solved.")
    if len(resolution) > MAX_NOTE:
        errors["resolution"] = _("Keep it under %(max)d characters.") % {"max": MAX_NOTE}
    if final:
        resolved_on = resolved_on or today
        if resolved_on > today or resolved_on < obstacle.reported_on:
            errors["resolved_on"] = _("Choose a date between the report and today.")
    _raise(errors)
    previous = obstacle.status
    obstacle.status = status
    obstacle.resolution = resolution
    obstacle.resolved_on = resolved_on if final else None
    if escalated is not None:
        obstacle.escalated = bool(escalated)
    obstacle.save()
    audit.record(
        "initiatives.obstacle.updated",
        actor=user,
        obj=obstacle,
        data={"from": previous, "to": status, "escalated": obstacle.escalated, "resolved_on": obstacle.resolved_on},
    )
    if obstacle.idea_id and previous != status:
        idea = Idea.objects.select_related("author", "place").get(pk=obstacle.idea_id)
        _tell_initiator(
            idea,
            actor=user,
            subject=_("Obstacle on “%(title)s”: %(status)s")
            % {"title": idea.title, "status": obstacle.get_status_display()},
            body=resolution[:1000],
        )
    return obstacle


def _in_municipality(municipality, prefix: str = "") -> Q:
    return Q(**{f"{prefix}place": municipality}) | Q(**{f"{prefix}place__municipality": municipality})


def obstacle_report(municipality, date_from: datetime.date, date_to: datetime.date, *, today=None) -> dict:
    """The obstacles reported in a municipality within the period, in figures (OBS-4)."""
    obstacles = (
        Obstacle.objects.filter(_in_municipality(municipality), reported_on__gte=date_from, reported_on__lte=date_to)
        .select_related("killer_phrase")
        .order_by("reported_on", "pk")
    )
    rows = [
        ObstacleRow(
            category=o.category,
            status=o.status,
            reported_on=o.reported_on,
            resolved_on=o.resolved_on,
            rule_or_department=o.rule_or_department,
            escalated=o.escalated,
            killer_phrase=o.killer_phrase.text if o.killer_phrase else "",
        )
        for o in obstacles
    ]
    figures = obstacle_figures(rows, today=today or _today())
    return {**figures, "municipality": municipality, "date_from": date_from, "date_to": date_to}


# --- Similar ideas --------------------------------------------------------------------------


def suggest_similar(place, title: str, description: str, *, exclude: Idea | None = None, limit: int = 5):
    """Ideas in the same municipality that look like this one, best first: (idea, score)."""
    municipality = place.root
    candidates = Idea.objects.filter(_in_municipality(municipality), is_hidden=False)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    rows = candidates.order_by("-created_at").values_list("pk", "title", "description")[:SIMILAR_CANDIDATES]
    # The title counts twice: it says in a few words what the idea is about.
    found = similar(f"{title} {title} {description}", [(pk, f"{t} {t} {d}") for pk, t, d in rows], limit=limit)
    ideas = Idea.objects.select_related("place").in_bulk([pk for pk, _score in found])
    return [(ideas[pk], score) for pk, score in found if pk in ideas]
