"""Use cases of the neighbourhood panel and its consultations. Each is one transaction: it
checks permission, validates everything before it writes, records to the audit log and
notifies who should hear. Views, the demo and the reminders command call these.

Sources: seed 003 (the Oosterpark wijkpanel, 400 residents by lot, consulted online), issue 6
(profiles with consent and "prefer not to say", panel fatigue, paper answers, reminders)."""

import datetime
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from samenspel.core import audit
from samenspel.core.models import Channel
from samenspel.notifications import services as notifications
from samenspel.places.models import Place, PlaceKind

from .models import (
    CHOICE_KINDS,
    AgeBand,
    Answer,
    Consultation,
    Education,
    Gender,
    Household,
    Invitation,
    JoinedVia,
    MemberStatus,
    Panel,
    PanelMember,
    Question,
    QuestionKind,
    Response,
)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as the voting codes: no 0/O, 1/I/L
CODE_LENGTH = 12  # 31^12 ≈ 2^59: guessing is hopeless, and wrong codes are rate-limited (views)
MAX_CODES = 2000  # one batch of invitations
MAX_TEXT = 5000
MAX_OPTIONS = 12
MAX_QUESTIONS = 40
MAX_PAUSE_DAYS = 366
PAPER_GRACE_DAYS = 14  # paper forms that arrived in time may be entered this long after closing
SCALES = {(1, 5), (0, 10)}
_SALT_CODE = "samenspel.panel.code"


# --- helpers -------------------------------------------------------------------------------


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _text(value, field: str, limit: int, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": limit}})
    return value


def _user(user):
    return user if user is not None and user.is_authenticated else None


def normalise_code(code) -> str:
    """Upper case without spaces, dashes or dots: what a person types."""
    return re.sub(r"[\s\-‐‑–—._]", "", str(code or "")).upper()


def format_code(code: str) -> str:
    """K7QM4XPA9TRW -> K7QM-4XPA-9TRW, as printed in the letter."""
    code = normalise_code(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
    return salted_hmac(_SALT_CODE, normalise_code(code), algorithm="sha256").hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _next_number(panel) -> int:
    return (panel.members.aggregate(m=Max("number"))["m"] or 0) + 1


def buurten_of(place) -> list[Place]:
    """The buurten a member of a panel for `place` can choose from."""
    if place.kind == PlaceKind.BUURT:
        return [place]
    return list(
        Place.objects.filter(kind=PlaceKind.BUURT).filter(parent=place)
        | Place.objects.filter(kind=PlaceKind.BUURT, parent__parent=place)
        | Place.objects.filter(kind=PlaceKind.BUURT, parent__parent__parent=place)
    )


# --- Panels and members --------------------------------------------------------------------


@transaction.atomic
def create_panel(
    *, user, place, title: str, description: str = "", signup_open: bool = True, max_requests: int = 4, period_days=365
) -> Panel:
    _require(user, "panel.manage", place)
    if place.kind not in (PlaceKind.WIJK, PlaceKind.DORP, PlaceKind.MUNICIPALITY):
        raise ValidationError({"place": _("A panel is for a neighbourhood, a village or the whole municipality.")})
    title = _text(title, "title", 200, _("Give the panel a name."))
    if not 1 <= int(max_requests) <= 52:
        raise ValidationError({"max_requests": _("Choose between 1 and 52 times.")})
    if not 7 <= int(period_days) <= 730:
        raise ValidationError({"period_days": _("Choose a period between 7 and 730 days.")})
    panel = Panel.objects.create(
        place=place,
        title=title,
        description=_text(description, "description", MAX_TEXT),
        signup_open=signup_open,
        max_requests=max_requests,
        period_days=period_days,
        created_by=user,
    )
    audit.record("panel.created", actor=user, obj=panel, data={"place": place.pk})
    return panel


@transaction.atomic
def join_panel(*, user, panel) -> PanelMember:
    """A logged-in person signs up. Someone who left earlier may come back."""
    if _user(user) is None:
        raise PermissionDenied
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    member = PanelMember.objects.filter(panel=panel, user=user).first()
    if member is not None and member.status != MemberStatus.LEFT:
        raise ValidationError(_("You are already a member of this panel."))
    if not panel.signup_open:
        raise ValidationError(_("This panel only takes people who were invited by lot."))
    now = timezone.now()
    if member is None:
        member = PanelMember.objects.create(
            panel=panel, number=_next_number(panel), user=user, joined_via=JoinedVia.SIGNUP, joined_at=now
        )
    else:
        member.status, member.joined_at, member.left_at, member.paused_until = MemberStatus.ACTIVE, now, None, None
        member.save(update_fields=["status", "joined_at", "left_at", "paused_until"])
    audit.record("panel.member.joined", actor=user, obj=member, data={"via": member.joined_via})
    return member


@dataclass(frozen=True)
class CodeBatch:
    members: list
    codes: list  # formatted codes, in the order of `members`: shown once, stored only as hashes


@transaction.atomic
def issue_invitation_codes(*, user, panel, count: int) -> CodeBatch:
    """Invitations for people drawn by lot (the drawing itself is the sortition app's): one
    member per code, waiting for the person to accept. The codes are returned once."""
    _require(user, "panel.manage", panel.place)
    if not 1 <= int(count) <= MAX_CODES:
        raise ValidationError({"count": _("Make between 1 and %(max)d codes at a time.") % {"max": MAX_CODES}})
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    now = timezone.now()
    start = _next_number(panel)
    codes = [_new_code() for _ in range(count)]
    members = PanelMember.objects.bulk_create(
        PanelMember(
            panel=panel,
            number=start + i,
            code_hash=code_hash(code),
            joined_via=JoinedVia.LOT,
            status=MemberStatus.INVITED,
            invited_at=now,
        )
        for i, code in enumerate(codes)
    )
    audit.record("panel.codes.issued", actor=user, obj=panel, data={"count": count, "first_number": start})
    return CodeBatch(members, [format_code(c) for c in codes])


def member_for_code(code: str) -> PanelMember | None:
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH or any(c not in ALPHABET for c in normalised):
        return None
    return PanelMember.objects.select_related("panel", "panel__place").filter(code_hash=code_hash(normalised)).first()


@transaction.atomic
def accept_invitation(*, user, code: str) -> PanelMember:
    """Someone invited by lot says yes with their code. With an account, the membership is
    tied to it; without, the code is their key."""
    member = member_for_code(code)
    if member is None:
        raise ValidationError({"code": _("We do not know this code. Check it against your letter.")})
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    account = _user(user)
    if member.status == MemberStatus.LEFT:
        raise ValidationError({"code": _("This code belongs to someone who left the panel.")})
    if account is not None and member.user_id not in (None, account.pk):
        raise ValidationError({"code": _("This code is already used with another account.")})
    fields = []
    if account is not None and member.user_id is None:
        if PanelMember.objects.filter(panel=member.panel, user=account).exclude(pk=member.pk).exists():
            raise ValidationError({"code": _("You are already a member of this panel with your account.")})
        member.user = account
        fields.append("user")
    if member.status == MemberStatus.INVITED:
        member.status, member.joined_at = MemberStatus.ACTIVE, timezone.now()
        fields += ["status", "joined_at"]
        audit.record("panel.member.joined", actor=account, obj=member, data={"via": member.joined_via})
    if fields:
        member.save(update_fields=fields)
    return member


def _may_act_for(user, member) -> bool:
    """The member themselves: their account, or (for a code member) the caller passed the
    member resolved from their code session. Staff of the place may act on their behalf."""
    account = _user(user)
    if account is not None and member.user_id == account.pk:
        return True
    return account is not None and account.has_perm("panel.manage", member.panel.place)


@transaction.atomic
def save_profile(
    *,
    user,
    member,
    consent: bool,
    age_band: str = "",
    gender: str = "",
    buurt=None,
    household: str = "",
    education: str = "",
    by_code: bool = False,
) -> PanelMember:
    """The representativeness profile. Without consent nothing is kept; every item may be
    left empty ("prefer not to say"). `by_code`: the caller proved to hold the member's code."""
    if not by_code and not _may_act_for(user, member):
        raise PermissionDenied
    member = PanelMember.objects.select_for_update().select_related("panel__place").get(pk=member.pk)
    if member.status == MemberStatus.LEFT:
        raise ValidationError(_("You left this panel."))
    checks = [
        ("age_band", age_band, AgeBand),
        ("gender", gender, Gender),
        ("household", household, Household),
        ("education", education, Education),
    ]
    for field, value, choices in checks:
        if value and value not in choices.values:
            raise ValidationError({field: _("Choose one of the options.")})
    if buurt is not None and buurt.pk not in {b.pk for b in buurten_of(member.panel.place)}:
        raise ValidationError({"buurt": _("Choose a buurt of this panel's area.")})
    if consent:
        member.consent_at = member.consent_at or timezone.now()
        member.age_band, member.gender, member.buurt = age_band, gender, buurt
        member.household, member.education = household, education
    else:
        member.consent_at = None
        member.age_band = member.gender = member.household = member.education = ""
        member.buurt = None
    member.save(update_fields=["consent_at", "age_band", "gender", "buurt", "household", "education"])
    given = [f for f, v in member.profile().items() if v]
    audit.record("panel.profile.saved", actor=_user(user), obj=member, data={"consent": consent, "given": given})
    return member


@transaction.atomic
def pause_membership(*, user, member, until: datetime.date, by_code: bool = False) -> PanelMember:
    if not by_code and not _may_act_for(user, member):
        raise PermissionDenied
    today = timezone.localdate()
    if until is None or until <= today:
        raise ValidationError({"until": _("Choose a date after today.")})
    if until > today + datetime.timedelta(days=MAX_PAUSE_DAYS):
        raise ValidationError({"until": _("Take a break of at most a year. You can always leave the panel.")})
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if member.status not in (MemberStatus.ACTIVE, MemberStatus.PAUSED):
        raise ValidationError(_("Only members who take part can take a break."))
    member.status, member.paused_until = MemberStatus.PAUSED, until
    member.save(update_fields=["status", "paused_until"])
    audit.record("panel.member.paused", actor=_user(user), obj=member, data={"until": until.isoformat()})
    return member


@transaction.atomic
def resume_membership(*, user, member, by_code: bool = False) -> PanelMember:
    if not by_code and not _may_act_for(user, member):
        raise PermissionDenied
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.PAUSED:
        raise ValidationError(_("You are not taking a break."))
    member.status, member.paused_until = MemberStatus.ACTIVE, None
    member.save(update_fields=["status", "paused_until"])
    audit.record("panel.member.resumed", actor=_user(user), obj=member)
    return member


@transaction.atomic
def leave_panel(*, user, member, by_code: bool = False) -> PanelMember:
    """Leaving erases the profile and the code; answers already given stay in the results
    (with the profile as it was then), no longer linked to the person."""
    if not by_code and not _may_act_for(user, member):
        raise PermissionDenied
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.LEFT:
        raise ValidationError(_("You already left this panel."))
    member.status, member.left_at, member.paused_until = MemberStatus.LEFT, timezone.now(), None
    member.consent_at, member.buurt, member.code_hash = None, None, ""
    member.age_band = member.gender = member.household = member.education = ""
    member.save()
    Response.objects.filter(member=member).update(member=None, user=None)
    audit.record("panel.member.left", actor=_user(user), obj=member)
    return member


# --- Consultations and questions ------------------------------------------------------------


@transaction.atomic
def create_consultation(*, user, place, title: str, opens_at, closes_at, intro: str = "", panel=None) -> Consultation:
    _require(user, "panel.manage", place)
    if panel is not None and panel.place_id != place.pk:
        raise ValidationError({"panel": _("Choose a panel of this place.")})
    title = _text(title, "title", 200, _("Give the consultation a title."))
    if opens_at is None or closes_at is None:
        raise ValidationError({"closes_at": _("Give an opening and a closing date.")})
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The closing date must come after the opening date.")})
    consultation = Consultation.objects.create(
        place=place,
        panel=panel,
        title=title,
        intro=_text(intro, "intro", MAX_TEXT),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=user,
    )
    audit.record("panel.consultation.created", actor=user, obj=consultation, data={"panel": panel and panel.pk})
    return consultation


@transaction.atomic
def add_question(
    *,
    user,
    consultation,
    kind: str,
    text: str,
    options=(),
    scale=(1, 5),
    label_low: str = "",
    label_high: str = "",
    help_text: str = "",
    required: bool = False,
) -> Question:
    _require(user, "panel.manage", consultation.place)
    if consultation.has_started():
        raise ValidationError(_("The consultation has opened: its questions can no longer change."))
    if consultation.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(_("A consultation has at most %(max)d questions.") % {"max": MAX_QUESTIONS})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")})
    text = _text(text, "text", 300, _("Write the question."))
    options = [o.strip() for o in options if o and o.strip()]
    if kind in CHOICE_KINDS:
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise ValidationError({"options": _("Give between 2 and %(max)d options.") % {"max": MAX_OPTIONS}})
        if len(set(options)) != len(options):
            raise ValidationError({"options": _("Each option must be different.")})
        if any(len(o) > 120 for o in options):
            raise ValidationError({"options": _("Keep each option under 120 characters.")})
    else:
        options = []
    scale_min, scale_max = tuple(scale) if kind == QuestionKind.SCALE else (1, 5)
    if (scale_min, scale_max) not in SCALES:
        raise ValidationError({"scale": _("Choose a scale from 1 to 5 or from 0 to 10.")})
    question = Question.objects.create(
        consultation=consultation,
        order=consultation.questions.count() + 1,
        kind=kind,
        text=text,
        help_text=_text(help_text, "help_text", 300),
        options=options,
        scale_min=scale_min,
        scale_max=scale_max,
        label_low=_text(label_low, "label_low", 60) if kind == QuestionKind.SCALE else "",
        label_high=_text(label_high, "label_high", 60) if kind == QuestionKind.SCALE else "",
        required=required,
    )
    audit.record("panel.question.added", actor=user, obj=consultation, data={"question": question.pk, "kind": kind})
    return question


@transaction.atomic
def remove_question(*, user, question) -> None:
    consultation = question.consultation
    _require(user, "panel.manage", consultation.place)
    if consultation.has_started():
        raise ValidationError(_("The consultation has opened: its questions can no longer change."))
    audit.record("panel.question.removed", actor=user, obj=consultation, data={"question": question.pk})
    question.delete()


# --- Inviting and reminding -----------------------------------------------------------------


@dataclass(frozen=True)
class InviteResult:
    invited: int  # members newly asked
    notified: int  # of whom have an account and got a notification
    by_letter: int  # of whom hold only a code: send them a letter or call them
    over_limit: int  # skipped: asked `max_requests` times in the period already (panel fatigue)
    paused: int  # skipped: taking a break or not accepted their invitation yet
    already: int  # asked for this consultation before


def asked_recently(panel, now=None) -> dict[int, int]:
    """Per member id: how many consultations they were asked to in the panel's period."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=panel.period_days)
    counts: dict[int, int] = {}
    for member_id in Invitation.objects.filter(member__panel=panel, invited_at__gte=since).values_list(
        "member_id", flat=True
    ):
        counts[member_id] = counts.get(member_id, 0) + 1
    return counts


@transaction.atomic
def invite_members(*, user, consultation) -> InviteResult:
    """Ask the panel's members to answer, skipping those on a break and those who were asked
    `max_requests` times in the last `period_days` already (and saying how many)."""
    _require(user, "panel.manage", consultation.place)
    panel = consultation.panel
    if panel is None:
        raise ValidationError(_("This consultation is open to everyone: there is no panel to invite."))
    if consultation.is_closed():
        raise ValidationError(_("The consultation has closed."))
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    now = timezone.now()
    today = timezone.localdate()
    counts = asked_recently(panel, now)
    done = set(consultation.invitations.values_list("member_id", flat=True))
    invite, over, paused, already = [], 0, 0, 0
    for member in panel.members.exclude(status=MemberStatus.LEFT).select_related("user"):
        if member.pk in done:
            already += 1
        elif not member.can_be_asked(today):
            paused += 1
        elif counts.get(member.pk, 0) >= panel.max_requests:
            over += 1
        else:
            invite.append(member)
    Invitation.objects.bulk_create(Invitation(consultation=consultation, member=m, invited_at=now) for m in invite)
    users = [m.user for m in invite if m.user_id and m.user.is_active]
    notified = notifications.notify(
        users,
        subject=_("Your neighbourhood panel asks your opinion: %(title)s") % {"title": consultation.title},
        body=_("You can answer until %(date)s.")
        % {"date": timezone.localtime(consultation.closes_at).strftime("%d-%m-%Y %H:%M")},
        url=consultation.get_absolute_url(),
        place=consultation.place,
    )
    if consultation.invitations_sent_at is None:
        consultation.invitations_sent_at = now
        consultation.save(update_fields=["invitations_sent_at"])
    result = InviteResult(len(invite), notified, len(invite) - len(users), over, paused, already)
    audit.record("panel.members.invited", actor=user, obj=consultation, data=result.__dict__)
    return result


@transaction.atomic
def send_reminders(*, now=None) -> int:
    """Once per consultation, when it is open and at least half its time has passed (or it
    closes within two days): a notification to invited members with an account who have not
    answered. Returns the number of reminders sent. Run by `samenspel panel_reminders`."""
    now = now or timezone.now()
    sent = 0
    due = Consultation.objects.select_for_update().filter(
        panel__isnull=False, reminder_sent_at__isnull=True, opens_at__lte=now, closes_at__gt=now
    )
    for consultation in due:
        halfway = consultation.opens_at + (consultation.closes_at - consultation.opens_at) / 2
        if now < halfway and consultation.closes_at - now > datetime.timedelta(days=2):
            continue
        answered = set(consultation.responses.exclude(member=None).values_list("member_id", flat=True))
        invitations = consultation.invitations.filter(reminded_at__isnull=True).select_related("member__user")
        pending = [
            i
            for i in invitations
            if i.member_id not in answered
            and i.member.status == MemberStatus.ACTIVE
            and i.member.user_id
            and i.member.user.is_active
        ]
        count = notifications.notify(
            [i.member.user for i in pending],
            subject=_("Reminder: your neighbourhood panel asks your opinion: %(title)s")
            % {"title": consultation.title},
            body=_("You have not answered yet. You can answer until %(date)s.")
            % {"date": timezone.localtime(consultation.closes_at).strftime("%d-%m-%Y %H:%M")},
            url=consultation.get_absolute_url(),
            place=consultation.place,
        )
        Invitation.objects.filter(pk__in=[i.pk for i in pending]).update(reminded_at=now)
        consultation.reminder_sent_at = now
        consultation.save(update_fields=["reminder_sent_at"])
        audit.record("panel.reminders.sent", obj=consultation, data={"count": count})
        sent += count
    return sent


# --- Answering ------------------------------------------------------------------------------


def _clean_answers(consultation, answers: dict) -> list[dict]:
    """Check the answers against the questions: {question id: value}, where value is an option
    index (single), a list of indices (multiple; ranking: every option, most preferred
    first), a number (scale) or text. Empty values skip the question unless it is required."""
    cleaned, errors = [], {}
    for q in consultation.questions.all():
        value = answers.get(q.pk)
        field = f"q{q.pk}"
        empty = value is None or value == "" or value == [] or value == ()
        if empty:
            if q.required:
                errors[field] = _("Please answer this question.")
            continue
        n = len(q.options)
        try:
            if q.kind == QuestionKind.SINGLE:
                index = int(value)
                if not 0 <= index < n:
                    raise ValueError
                cleaned.append({"question": q, "choices": [index]})
            elif q.kind == QuestionKind.MULTIPLE:
                indices = sorted({int(v) for v in value})
                if any(not 0 <= i < n for i in indices):
                    raise ValueError
                cleaned.append({"question": q, "choices": indices})
            elif q.kind == QuestionKind.RANKING:
                order = [int(v) for v in value]
                if sorted(order) != list(range(n)):
                    errors[field] = _("Give every option its own place, from 1 to %(n)d.") % {"n": n}
                    continue
                cleaned.append({"question": q, "choices": order})
            elif q.kind == QuestionKind.SCALE:
                number = int(value)
                if not q.scale_min <= number <= q.scale_max:
                    raise ValueError
                cleaned.append({"question": q, "number": number})
            else:
                text = str(value).strip()
                if len(text) > MAX_TEXT:
                    errors[field] = _("Keep this under %(max)d characters.") % {"max": MAX_TEXT}
                    continue
                if text:
                    cleaned.append({"question": q, "text": text})
                elif q.required:
                    errors[field] = _("Please answer this question.")
        except (TypeError, ValueError):
            errors[field] = _("Choose one of the options.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _store(response, cleaned) -> None:
    response.answers.all().delete()
    Answer.objects.bulk_create(Answer(response=response, **a) for a in cleaned)


def member_for_user(user, consultation) -> PanelMember | None:
    """The caller's membership of the consultation's panel (or, for an open consultation, of
    a panel of its place: its profile then counts in the representativeness view)."""
    account = _user(user)
    if account is None:
        return None
    members = PanelMember.objects.filter(user=account).exclude(status__in=(MemberStatus.LEFT, MemberStatus.INVITED))
    if consultation.panel_id:
        return members.filter(panel_id=consultation.panel_id).first()
    return members.filter(panel__place=consultation.place).first()


@transaction.atomic
def submit_response(*, user, consultation, answers: dict, member=None) -> Response:
    """Answer online, or change one's answers, until the consultation closes. A panel
    consultation is for its members (with an account, or `member` resolved by the view from
    the code they entered); an open one for anyone with an account."""
    now = timezone.now()
    if not consultation.is_open(now):
        raise ValidationError(_("This consultation is not open for answers."))
    account = _user(user)
    if member is None:
        member = member_for_user(account, consultation)
    if member is not None and account is not None and member.user_id not in (None, account.pk):
        raise PermissionDenied
    if consultation.panel_id:
        if member is None or member.panel_id != consultation.panel_id:
            raise PermissionDenied
        if member.status in (MemberStatus.LEFT, MemberStatus.INVITED):
            raise PermissionDenied
    elif account is None:
        raise PermissionDenied
    cleaned = _clean_answers(consultation, answers)
    if not cleaned:
        raise ValidationError(_("Answer at least one question."))
    key = {"member": member} if member is not None else {"user": account}
    response = Response.objects.select_for_update().filter(consultation=consultation, **key).first()
    profile = member.profile() if member is not None else {}
    if response is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    consultation=consultation,
                    member=member,
                    user=account,
                    channel=Channel.ONLINE,
                    profile=profile,
                    submitted_at=now,
                    updated_at=now,
                )
        except IntegrityError:  # a second tab answered at the same moment
            raise ValidationError(_("Your answers were just saved in another window. Reload the page.")) from None
        action = "panel.response.submitted"
    else:
        if response.channel != Channel.ONLINE:
            raise ValidationError(_("Your answers on paper were entered already. Ask the area team to change them."))
        response.profile, response.updated_at = profile, now
        response.save(update_fields=["profile", "updated_at"])
        action = "panel.response.changed"
    _store(response, cleaned)
    audit.record(action, actor=account, obj=consultation, data={"response": response.pk})
    return response


@transaction.atomic
def enter_paper_response(*, user, consultation, answers: dict, member_number=None, channel=Channel.PAPER) -> Response:
    """An official types in answers that came in on paper (or by phone, at a meeting or a home
    visit). For a panel consultation the form carries the member number; for an open one it
    may be anonymous. Allowed while open and up to PAPER_GRACE_DAYS after closing."""
    _require(user, "panel.enter_paper", consultation.place)
    now = timezone.now()
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ValidationError({"channel": _("Choose how the answers came in.")})
    if not consultation.has_started(now):
        raise ValidationError(_("This consultation has not opened yet."))
    if now > consultation.closes_at + datetime.timedelta(days=PAPER_GRACE_DAYS):
        raise ValidationError(
            _("Answers on paper can be entered up to %(days)d days after closing.") % {"days": PAPER_GRACE_DAYS}
        )
    member = None
    if member_number not in (None, ""):
        if consultation.panel_id is None:
            raise ValidationError({"member_number": _("This consultation has no panel: leave the number empty.")})
        member = PanelMember.objects.filter(panel_id=consultation.panel_id, number=member_number).first()
        if member is None or member.status == MemberStatus.LEFT:
            raise ValidationError({"member_number": _("There is no member with this number in the panel.")})
    elif consultation.panel_id is not None:
        raise ValidationError({"member_number": _("Give the member number printed on the form.")})
    cleaned = _clean_answers(consultation, answers)
    if not cleaned:
        raise ValidationError(_("Enter at least one answer."))
    if member is not None and Response.objects.filter(consultation=consultation, member=member).exists():
        raise ValidationError({"member_number": _("This member has answered already.")})
    try:
        with transaction.atomic():
            response = Response.objects.create(
                consultation=consultation,
                member=member,
                channel=channel,
                entered_by=user,
                profile=member.profile() if member is not None else {},
                submitted_at=now,
                updated_at=now,
            )
    except IntegrityError:  # the member answered online at this very moment
        raise ValidationError({"member_number": _("This member has answered already.")}) from None
    _store(response, cleaned)
    audit.record(
        "panel.response.entered", actor=user, obj=consultation, data={"response": response.pk, "channel": channel}
    )
    return response


# --- Personal data (called from samenspel.accounts.services) ---------------------------------


def personal_data(user) -> dict:
    """A person's panel memberships, profiles and answers (AVG art. 15 and 20)."""

    def when(value):
        return value.isoformat() if value else None

    memberships = PanelMember.objects.filter(user=user).select_related("panel", "buurt")
    responses = Response.objects.filter(user=user) | Response.objects.filter(member__user=user)
    return {
        "panel_memberships": [
            {
                "panel": m.panel.title,
                "member_number": m.number,
                "joined_via": m.joined_via,
                "status": m.status,
                "joined_at": when(m.joined_at),
                "paused_until": when(m.paused_until),
                "profile_consent_at": when(m.consent_at),
                "profile": {**m.profile(), "buurt": m.buurt.name if m.buurt else ""} if m.consent_at else {},
            }
            for m in memberships
        ],
        "panel_answers": [
            {
                "consultation": r.consultation.title,
                "channel": r.channel,
                "submitted_at": when(r.submitted_at),
                "updated_at": when(r.updated_at),
                "answers": [
                    {"question": a.question.text, "choices": a.choices, "number": a.number, "text": a.text}
                    for a in r.answers.select_related("question")
                ],
            }
            for r in responses.distinct().select_related("consultation")
        ],
    }


def erase_person(user) -> None:
    """For erasing an account: memberships end and their profiles and codes go; answers stay in
    the results (with the profile as it was when answering), no longer linked to the person."""
    Response.objects.filter(user=user).update(user=None, member=None)
    Response.objects.filter(member__user=user).update(member=None)
    PanelMember.objects.filter(user=user).exclude(status=MemberStatus.LEFT).update(left_at=timezone.now())
    PanelMember.objects.filter(user=user).update(
        user=None,
        status=MemberStatus.LEFT,
        paused_until=None,
        code_hash="",
        consent_at=None,
        age_band="",
        gender="",
        buurt=None,
        household="",
        education="",
    )
