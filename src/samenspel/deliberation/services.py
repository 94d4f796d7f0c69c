"""Use cases for conversations (opinion maps), debates and meetings. Each is one transaction:
it checks permission, validates everything before it writes, records to the audit log and
tells who should hear. Views, the demo and the tasks call these.

Anonymous participants are known only by a random key the view keeps in a signed cookie; the
service gets the key, never anything else about them. Single votes are not written to the
audit log (they are many, changeable and carry no decision); statements, moderation, merges
and everything about meetings are."""

import datetime
import difflib
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.core import audit
from samenspel.core.models import Channel
from samenspel.core.text import plain_text
from samenspel.initiatives import similarity
from samenspel.notifications import services as notifications

from .models import (
    LIVE_STATUSES,
    STATEMENT_MAX,
    Argument,
    ArgumentSupport,
    AttendanceCount,
    AttendanceMode,
    Attendee,
    Conversation,
    Debate,
    Frequency,
    Meeting,
    MeetingAgendaItem,
    MeetingDocument,
    MeetingKind,
    MeetingSchedule,
    MeetingStatus,
    Moderation,
    Participant,
    QuickPoll,
    Registration,
    ReportStatus,
    Side,
    Statement,
    StatementReport,
    StatementStatus,
    StatementVote,
    Vote,
)

STATEMENT_MIN = 10
NEAR_DUPLICATE = 0.75  # TF-IDF cosine similarity above which a new statement is "probably the same"
NEAR_DUPLICATE_CHARS = 0.85  # share of matching characters (difflib) above which it is, too
REPORTS_TO_HOLD = 3  # open reports that take a published statement back for review
MAX_SEED_STATEMENTS = 60
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAP_STALE_SECONDS = 600  # a queued recompute that never started is retried after this
GENERATE_MONTHS = 6

# Rate limits in Django's cache: (how many, per how many seconds).
LIMITS = {
    "new_participant": (20, 3600),  # anonymous participant ids created per address
    "vote": (240, 600),  # votes per participant
    "statement": (5, 3600),  # statements per anonymous participant
    "statement_account": (15, 3600),  # statements per person with an account
    "report": (10, 3600),
}


# --- helpers -------------------------------------------------------------------------------


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _now():
    return timezone.now()


def _text(value, field: str, limit: int, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": limit}})
    return value


def within(place, container) -> bool:
    if place is None or container is None:
        return False
    return place.pk == container.pk or container.pk in place.ancestor_ids()


def rate_limited(kind: str, key: str) -> bool:
    """Count one attempt of `kind` by `key`; True when the limit is already reached (the
    attempt is then not counted). A sliding window kept in Django's cache."""
    limit, window = LIMITS[kind]
    cache_key = f"samenspel:deliberation:{kind}:{key}"
    now = time.time()
    recent = [t for t in cache.get(cache_key, []) if t > now - window]
    if len(recent) >= limit:
        return True
    cache.set(cache_key, [*recent, now], window)
    return False


# --- statements: cleaning and duplicates --------------------------------------------------

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def clean_statement(text: str) -> str:
    """Plain text on one line: tags, control and direction-override characters removed,
    white space collapsed, Unicode in its composed form."""
    text = unicodedata.normalize("NFC", plain_text(text or ""))
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", text).strip()


def normalise_statement(text: str) -> str:
    """What two statements share when they say the same in other capitals, accents,
    punctuation or spacing: "Meer groen!" and "meer  groen" are one statement."""
    flat = _NON_WORD.sub(" ", similarity.normalise(text))
    return _SPACE.sub(" ", flat).strip()[:STATEMENT_MAX]


def _char_similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < NEAR_DUPLICATE_CHARS or matcher.quick_ratio() < NEAR_DUPLICATE_CHARS:
        return 0.0
    return matcher.ratio()


def similar_statements(conversation, text: str, limit: int = 3) -> list[Statement]:
    """Published or waiting statements that probably say the same as `text`, most alike first:
    nearly the same characters (a word added or a typo), or the same telling words (TF-IDF)."""
    candidates = list(
        Statement.objects.filter(conversation=conversation, status__in=LIVE_STATUSES).values_list(
            "pk", "text", "normalised"
        )
    )
    key = normalise_statement(text)
    scores = {}
    for pk, _text, normalised in candidates:
        score = _char_similarity(key, normalised)
        if score >= NEAR_DUPLICATE_CHARS:
            scores[pk] = score
    for pk, score in similarity.similar(
        text, [(pk, t) for pk, t, _n in candidates], limit=limit, threshold=NEAR_DUPLICATE
    ):
        scores[pk] = max(scores.get(pk, 0.0), score)
    best = sorted(scores, key=lambda pk: -scores[pk])[:limit]
    by_pk = Statement.objects.in_bulk(best)
    return [by_pk[pk] for pk in best if pk in by_pk]


# --- conversations -------------------------------------------------------------------------


def _check_conversation(place, title, question, description, moderation):
    title = _text(title, "title", 150, _("Give the conversation a title."))
    question = _text(question, "question", 300, _("Ask the question the neighbourhood talks about."))
    description = _text(description, "description", 5000)
    if moderation not in Moderation.values:
        raise ValidationError({"moderation": _("Choose when statements are moderated.")})
    if place is None or not place.is_neighbourhood:
        raise ValidationError({"place": _("A conversation is about a neighbourhood or village.")})
    return title, question, description


@transaction.atomic
def start_conversation(
    *,
    user,
    place,
    title: str,
    question: str,
    description: str = "",
    moderation: str = Moderation.AFTER,
    allow_anonymous: bool = True,
    allow_statements: bool = True,
    organisation=None,
    closes_on=None,
    seed_statements=(),
) -> Conversation:
    """A conversation for a wijk, with the organiser's first statements (published at once:
    people need something to vote on from the start)."""
    _require(user, "deliberation.start", place)
    title, question, description = _check_conversation(place, title, question, description, moderation)
    if organisation is not None and not within(place, organisation.place):
        raise ValidationError({"organisation": _("This organisation belongs to another neighbourhood.")})
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date lies in the past.")})
    seeds = [clean_statement(s) for s in seed_statements if clean_statement(s)]
    if len(seeds) > MAX_SEED_STATEMENTS:
        raise ValidationError({"seed_statements": _("Start with at most %(max)d statements.") % {"max": 60}})
    conversation = Conversation.objects.create(
        place=place,
        organisation=organisation,
        title=title,
        question=question,
        description=description,
        moderation=moderation,
        allow_anonymous=allow_anonymous,
        allow_statements=allow_statements,
        closes_on=closes_on,
        created_by=user,
    )
    seen = set()
    for text in seeds:
        _check_length(text, "seed_statements")
        key = normalise_statement(text)
        if key in seen:
            raise ValidationError(
                {"seed_statements": _("Two of the statements say the same: “%(text)s”.") % {"text": text}}
            )
        seen.add(key)
        Statement.objects.create(
            conversation=conversation,
            text=text,
            normalised=key,
            author=user,
            is_seed=True,
            status=StatementStatus.PUBLISHED,
        )
    audit.record(
        "deliberation.conversation.started",
        actor=user,
        obj=conversation,
        data={"place": place.pk, "moderation": moderation, "anonymous": allow_anonymous, "seeds": len(seeds)},
    )
    notifications.notify_followers(
        place=place,
        subject=_("A conversation in %(place)s: %(question)s") % {"place": place.name, "question": question},
        url=conversation.get_absolute_url(),
        exclude=user,
    )
    return conversation


@transaction.atomic
def set_open(*, user, conversation, is_open: bool) -> Conversation:
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    _require(user, "deliberation.moderate", conversation)
    if conversation.is_open == is_open:
        raise ValidationError(_("The conversation is already open.") if is_open else _("It is already closed."))
    conversation.is_open = is_open
    conversation.save(update_fields=["is_open"])
    audit.record(
        "deliberation.conversation.opened" if is_open else "deliberation.conversation.closed",
        actor=user,
        obj=conversation,
    )
    return conversation


def is_accepting(conversation) -> bool:
    if not conversation.is_open:
        return False
    return conversation.closes_on is None or conversation.closes_on >= timezone.localdate()


def new_browser_key() -> str:
    return secrets.token_urlsafe(24)


def participant_for(conversation, *, user=None, browser_key: str = "", create: bool = True) -> Participant | None:
    """The participant row for this person (account) or browser (key). With an account the
    account wins: a key is only used when nobody is logged in."""
    if user is not None and user.is_authenticated:
        lookup = {"conversation": conversation, "user": user}
    elif browser_key:
        lookup = {"conversation": conversation, "browser_key": browser_key}
    else:
        return None
    found = Participant.objects.filter(**lookup).first()
    if found is not None or not create:
        return found
    try:
        with transaction.atomic():
            return Participant.objects.create(**lookup)
    except IntegrityError:  # the same browser or person, in two tabs at once
        return Participant.objects.get(**lookup)


def _taking_part(conversation, user, browser_key) -> Participant:
    if not is_accepting(conversation):
        raise ValidationError(_("This conversation is closed."))
    logged_in = user is not None and user.is_authenticated
    if not logged_in and not (conversation.allow_anonymous and browser_key):
        raise PermissionDenied
    if logged_in and not user.is_active:
        raise PermissionDenied
    return participant_for(conversation, user=user if logged_in else None, browser_key=browser_key)


def _check_length(text: str, field: str):
    if len(text) < STATEMENT_MIN:
        raise ValidationError({field: _("Write a statement of at least %(min)d characters.") % {"min": STATEMENT_MIN}})
    if len(text) > STATEMENT_MAX:
        raise ValidationError(
            {field: _("Keep a statement short: at most %(max)d characters.") % {"max": STATEMENT_MAX}}
        )


def _new_statement(conversation, text, *, allow_similar, field="text") -> tuple[str, str]:
    text = clean_statement(text)
    if not text:
        raise ValidationError({field: _("Write your statement.")})
    _check_length(text, field)
    key = normalise_statement(text)
    same = Statement.objects.filter(conversation=conversation, normalised=key, status__in=LIVE_STATUSES).first()
    if same is not None:
        raise ValidationError(
            {
                field: _("This statement is already in the conversation: “%(text)s”. Vote on it instead.")
                % {"text": same.text}
            },
            code="duplicate",
        )
    if not allow_similar:
        alike = similar_statements(conversation, text, limit=1)
        if alike:
            raise ValidationError(
                {
                    field: ValidationError(
                        _(
                            "A statement like this is already there: “%(text)s”. Vote on that one, or confirm that "
                            "yours says something different."
                        )
                        % {"text": alike[0].text},
                        code="similar",
                    )
                }
            )
    return text, key


@transaction.atomic
def add_statement(*, user, conversation, text: str, browser_key: str = "", allow_similar: bool = False) -> Statement:
    """A participant's statement. Exact duplicates (same words after normalising) are refused
    and near-duplicates need `allow_similar`. With moderation before publication it waits for
    a moderator; the organiser's and moderators' own statements are published at once."""
    conversation = Conversation.objects.get(pk=conversation.pk)
    participant = _taking_part(conversation, user, browser_key)
    moderator = user is not None and user.has_perm("deliberation.moderate", conversation)
    if not conversation.allow_statements and not moderator:
        raise ValidationError(_("In this conversation only the organiser adds statements."))
    text, key = _new_statement(conversation, text, allow_similar=allow_similar)
    publish = moderator or conversation.moderation == Moderation.AFTER
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                conversation=conversation,
                text=text,
                normalised=key,
                author=user if user is not None and user.is_authenticated else None,
                participant=participant,
                is_seed=moderator,
                status=StatementStatus.PUBLISHED if publish else StatementStatus.PENDING,
            )
    except IntegrityError as error:  # the same statement posted twice at the same moment
        raise ValidationError({"text": _("This statement is already in the conversation.")}) from error
    audit.record(
        "deliberation.statement.added",
        actor=user if user is not None and user.is_authenticated else "",
        obj=statement,
        data={"conversation": conversation.pk, "participant": participant.pk, "status": statement.status},
    )
    return statement


def _moderated(statement_pk, user) -> Statement:
    statement = Statement.objects.select_for_update(of=("self",)).select_related("conversation").get(pk=statement_pk)
    _require(user, "deliberation.moderate", statement.conversation)
    return statement


def _public_reason(reason: str) -> str:
    return _text(reason, "reason", 300, _("Give the public reason."))


def _close_reports(statement, status=ReportStatus.HANDLED) -> int:
    return StatementReport.objects.filter(statement=statement, status=ReportStatus.OPEN).update(status=status)


@transaction.atomic
def approve_statement(*, user, statement) -> Statement:
    statement = _moderated(statement.pk, user)
    if statement.status != StatementStatus.PENDING:
        raise ValidationError(_("This statement is not waiting for a moderator."))
    statement.status = StatementStatus.PUBLISHED
    statement.moderated_by, statement.moderated_at = user, _now()
    statement.save(update_fields=["status", "moderated_by", "moderated_at"])
    dismissed = _close_reports(statement, ReportStatus.DISMISSED)
    audit.record("deliberation.statement.approved", actor=user, obj=statement, data={"reports_dismissed": dismissed})
    request_map(statement.conversation)
    return statement


@transaction.atomic
def hide_statement(*, user, statement, reason: str) -> Statement:
    """Reject a waiting statement or hide a published one, with a reason everyone can read.
    Its votes stay in the database but no longer count in the map."""
    statement = _moderated(statement.pk, user)
    if statement.status not in LIVE_STATUSES:
        raise ValidationError(_("This statement is not published or waiting."))
    reason = _public_reason(reason)
    was = statement.status
    statement.status = StatementStatus.REJECTED if was == StatementStatus.PENDING else StatementStatus.HIDDEN
    statement.public_reason = reason
    statement.moderated_by, statement.moderated_at = user, _now()
    statement.save(update_fields=["status", "public_reason", "moderated_by", "moderated_at"])
    closed = _close_reports(statement)
    audit.record(
        "deliberation.statement.hidden",
        actor=user,
        obj=statement,
        data={"reason": reason, "was": was, "reports": closed},
    )
    if was == StatementStatus.PUBLISHED:
        request_map(statement.conversation)
    return statement


@transaction.atomic
def restore_statement(*, user, statement) -> Statement:
    statement = _moderated(statement.pk, user)
    if statement.status not in (StatementStatus.HIDDEN, StatementStatus.REJECTED):
        raise ValidationError(_("This statement is not hidden."))
    if Statement.objects.filter(
        conversation=statement.conversation, normalised=statement.normalised, status__in=LIVE_STATUSES
    ).exists():
        raise ValidationError(_("The same statement is in the conversation again: it cannot come back twice."))
    statement.status = StatementStatus.PUBLISHED
    statement.public_reason = ""
    statement.moderated_by, statement.moderated_at = user, _now()
    statement.save(update_fields=["status", "public_reason", "moderated_by", "moderated_at"])
    audit.record("deliberation.statement.restored", actor=user, obj=statement)
    request_map(statement.conversation)
    return statement


@transaction.atomic
def merge_statements(*, user, statement, into) -> Statement:
    """`statement` says the same as `into`: its votes move to `into` (where the participant
    has not voted on `into` already; their own vote there stays), and it shows as merged."""
    statement = _moderated(statement.pk, user)
    into = Statement.objects.select_for_update().get(pk=into.pk)
    if into.conversation_id != statement.conversation_id:
        raise ValidationError({"into": _("Merge only statements of the same conversation.")})
    if into.pk == statement.pk:
        raise ValidationError({"into": _("A statement cannot be merged with itself.")})
    if statement.status not in LIVE_STATUSES or into.status not in LIVE_STATUSES:
        raise ValidationError({"into": _("Both statements must be published or waiting.")})
    already = StatementVote.objects.filter(statement=into).values("participant_id")
    moved = StatementVote.objects.filter(statement=statement).exclude(participant_id__in=already).update(statement=into)
    dropped, _detail = StatementVote.objects.filter(statement=statement).delete()
    statement.status = StatementStatus.MERGED
    statement.merged_into = into
    statement.public_reason = _("Says the same as another statement.")
    statement.moderated_by, statement.moderated_at = user, _now()
    statement.save(update_fields=["status", "merged_into", "public_reason", "moderated_by", "moderated_at"])
    StatementReport.objects.filter(statement=statement, status=ReportStatus.OPEN).update(status=ReportStatus.HANDLED)
    audit.record(
        "deliberation.statement.merged",
        actor=user,
        obj=statement,
        data={"into": into.pk, "votes_moved": moved, "votes_dropped": dropped},
    )
    request_map(statement.conversation)
    return into


@transaction.atomic
def report_statement(*, user, statement, reason: str, browser_key: str = "") -> StatementReport:
    """Anyone taking part may report a statement as abusive. At REPORTS_TO_HOLD open reports a
    published statement is taken back for review until a moderator decides."""
    statement = Statement.objects.select_for_update(of=("self",)).select_related("conversation").get(pk=statement.pk)
    participant = _taking_part(statement.conversation, user, browser_key)
    if statement.status != StatementStatus.PUBLISHED:
        raise ValidationError(_("Only published statements can be reported."))
    reason = _text(reason, "reason", 300, _("Say what is wrong with this statement."))
    report, created = StatementReport.objects.get_or_create(
        statement=statement, participant=participant, defaults={"reason": reason}
    )
    if not created:
        raise ValidationError(_("You have already reported this statement. A moderator will look at it."))
    open_reports = StatementReport.objects.filter(statement=statement, status=ReportStatus.OPEN).count()
    held = False
    if open_reports >= REPORTS_TO_HOLD:
        statement.status = StatementStatus.PENDING
        statement.save(update_fields=["status"])
        held = True
    audit.record(
        "deliberation.statement.reported",
        actor=user if user is not None and user.is_authenticated else "",
        obj=statement,
        data={"open_reports": open_reports, "held_for_review": held},
    )
    if held:
        request_map(statement.conversation)
    return report


# --- votes -------------------------------------------------------------------------------


def _vote_value(value) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in Vote.values:
        raise ValidationError({"vote": _("Choose agree, disagree or pass.")})
    return value


def _upsert_vote(statement, participant, value, channel) -> tuple[StatementVote, bool]:
    existing = StatementVote.objects.filter(statement=statement, participant=participant).first()
    if existing is None:
        try:
            with transaction.atomic():
                return (
                    StatementVote.objects.create(
                        statement=statement, participant=participant, vote=value, channel=channel
                    ),
                    True,
                )
        except IntegrityError:  # the same vote posted twice at the same moment: the database keeps one
            existing = StatementVote.objects.get(statement=statement, participant=participant)
    if existing.vote != value or existing.channel != channel:
        existing.vote, existing.channel = value, channel
        existing.save(update_fields=["vote", "channel", "updated_at"])
    return existing, False


@transaction.atomic
def cast_vote(*, user, conversation, statement, vote, browser_key: str = "") -> StatementVote:
    """Agree (1), disagree (-1) or pass (0) on a published statement. Voting again changes the
    vote; the database holds one vote per participant and statement."""
    value = _vote_value(vote)
    conversation = Conversation.objects.get(pk=conversation.pk)  # as it is now: it may have closed
    participant = _taking_part(conversation, user, browser_key)
    if statement.conversation_id != conversation.pk or statement.status != StatementStatus.PUBLISHED:
        raise ValidationError({"statement": _("This statement is not open for votes.")})
    row, _created = _upsert_vote(statement, participant, value, Channel.ONLINE)
    request_map(conversation)
    return row


VOTE_COUNTS_SECONDS = 30


def _vote_counts(conversation) -> dict[int, int]:
    """Votes per published statement, kept VOTE_COUNTS_SECONDS in the cache: it only decides
    the order in which statements are offered, so a few seconds old is good enough."""
    key = f"samenspel:deliberation:vote_counts:{conversation.pk}"
    counts = cache.get(key)
    if counts is None:
        rows = (
            StatementVote.objects.filter(
                statement__conversation=conversation, statement__status=StatementStatus.PUBLISHED
            )
            .values("statement_id")
            .annotate(n=Count("id"))
            .values_list("statement_id", "n")
        )
        counts = dict(rows)
        cache.set(key, counts, VOTE_COUNTS_SECONDS)
    return counts


def next_statement(conversation, participant) -> Statement | None:
    """The next published statement this participant has not voted on: the ones with the
    fewest votes first (new statements need votes), in an order that differs per participant."""
    published = list(
        Statement.objects.filter(conversation=conversation, status=StatementStatus.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    voted = set()
    salt = 1
    if participant is not None:
        voted = set(
            StatementVote.objects.filter(participant=participant, statement__in=published).values_list(
                "statement_id", flat=True
            )
        )
        salt = participant.pk % 89 + 1
    open_ids = [pk for pk in published if pk not in voted]
    if not open_ids:
        return None
    counts = _vote_counts(conversation)
    best = min(open_ids, key=lambda pk: (counts.get(pk, 0), (pk * salt) % 97, pk))
    return Statement.objects.get(pk=best)


def progress(conversation, participant) -> tuple[int, int]:
    """(statements voted on, published statements) for this participant."""
    total = Statement.objects.filter(conversation=conversation, status=StatementStatus.PUBLISHED).count()
    if participant is None:
        return 0, total
    done = StatementVote.objects.filter(participant=participant, statement__status=StatementStatus.PUBLISHED).count()
    return done, total


# --- input from the room -------------------------------------------------------------------


def _room_meeting(conversation, meeting):
    if meeting is None:
        return None
    if not within(meeting.place, conversation.place) and not within(conversation.place, meeting.place):
        raise ValidationError({"meeting": _("This meeting is about another neighbourhood.")})
    return meeting


@transaction.atomic
def record_room_statement(*, user, conversation, text: str, meeting=None, allow_similar: bool = False) -> Statement:
    """A statement heard in the room, entered by the facilitator: published, marked as from a meeting."""
    _require(user, "deliberation.record_from_room", conversation)
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."))
    meeting = _room_meeting(conversation, meeting)
    text, key = _new_statement(conversation, text, allow_similar=allow_similar)
    statement = Statement.objects.create(
        conversation=conversation,
        text=text,
        normalised=key,
        channel=Channel.MEETING,
        meeting=meeting,
        entered_by=user,
        status=StatementStatus.PUBLISHED,
    )
    audit.record(
        "deliberation.statement.from_room",
        actor=user,
        obj=statement,
        data={"conversation": conversation.pk, "meeting": meeting.pk if meeting else None},
    )
    return statement


@transaction.atomic
def record_vote_card(*, user, conversation, votes: dict, meeting=None) -> Participant:
    """One person's paper card from the room (statement id → 1, -1 or 0), entered by the
    facilitator: a participant of its own, so the card counts in the map like anyone's votes."""
    _require(user, "deliberation.record_from_room", conversation)
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."))
    meeting = _room_meeting(conversation, meeting)
    cleaned = {int(k): _vote_value(v) for k, v in votes.items() if v not in (None, "")}
    if not cleaned:
        raise ValidationError(_("The card has no votes."))
    statements = Statement.objects.in_bulk(list(cleaned))
    for pk in cleaned:
        statement = statements.get(pk)
        if (
            statement is None
            or statement.conversation_id != conversation.pk
            or statement.status != StatementStatus.PUBLISHED
        ):
            raise ValidationError(_("The card holds a statement that is not open for votes."))
    participant = Participant.objects.create(
        conversation=conversation, channel=Channel.MEETING, meeting=meeting, entered_by=user
    )
    StatementVote.objects.bulk_create(
        StatementVote(statement_id=pk, participant=participant, vote=value, channel=Channel.MEETING)
        for pk, value in cleaned.items()
    )
    audit.record(
        "deliberation.vote_card.entered",
        actor=user,
        obj=participant,
        data={"conversation": conversation.pk, "meeting": meeting.pk if meeting else None, "votes": len(cleaned)},
    )
    request_map(conversation)
    return participant


# --- the opinion map -----------------------------------------------------------------------


def request_map(conversation) -> bool:
    """Queue a recompute of the map after this transaction commits, unless one is already
    waiting (debounce: at most one pending recompute per conversation). True when queued."""
    now = _now()
    stale = now - datetime.timedelta(seconds=MAP_STALE_SECONDS)
    claimed = (
        Conversation.objects.filter(pk=conversation.pk)
        .filter(Q(map_requested_at__isnull=True) | Q(map_requested_at__lt=stale))
        .update(map_requested_at=now)
    )
    if not claimed:
        return False
    from .tasks import recompute_map

    pk = conversation.pk
    transaction.on_commit(lambda: recompute_map.enqueue(pk))
    return True


MAP_STATUSES = (StatementStatus.PUBLISHED, StatementStatus.HIDDEN, StatementStatus.PENDING)


def vote_triples(conversation):
    """(participant id, statement id, vote) for every vote on a statement that is or was
    published, and the ids of those no longer published (moderated out, as Polis does:
    their column stays, so the axes stay comparable, but counts for nobody)."""
    rows = StatementVote.objects.filter(
        statement__conversation=conversation, statement__status__in=MAP_STATUSES
    ).values_list("participant_id", "statement_id", "vote")
    triples = [(str(p), str(s), int(v)) for p, s, v in rows.iterator(chunk_size=5000)]
    mod_out = {
        str(pk)
        for pk in Statement.objects.filter(
            conversation=conversation, status__in=(StatementStatus.HIDDEN, StatementStatus.PENDING)
        ).values_list("pk", flat=True)
    }
    return triples, mod_out


def compute_map(conversation, *, weights=None):
    """Compute the opinion map now and store it (OpinionMap.to_dict() without its state, and
    the MapState apart, so the next computation keeps the axes). Returns the OpinionMap."""
    from .opinion_map import MapState, compute

    triples, mod_out = vote_triples(conversation)
    previous = None
    if conversation.map_state:
        try:
            previous = MapState.from_dict(conversation.map_state)
        except (KeyError, TypeError, ValueError):
            previous = None  # stored by an older version: start the axes afresh
    result = compute(triples, previous=previous, weights=weights, mod_out=mod_out)
    data = result.to_dict()
    state = data.pop("state")
    Conversation.objects.filter(pk=conversation.pk).update(
        map_data=data, map_state=state, map_computed_at=_now(), map_votes=len(triples)
    )
    conversation.refresh_from_db(fields=["map_data", "map_state", "map_computed_at", "map_votes"])
    return result


def clear_map_request(conversation_id: int) -> None:
    Conversation.objects.filter(pk=conversation_id).update(map_requested_at=None)


# --- the map as a picture and in words -----------------------------------------------------

GROUP_LETTERS = "ABCDEFGHIJ"
GROUP_COLOURS = ["#1f5f9e", "#b3541e", "#2e7d32", "#7b3fa0", "#8a6d00", "#00796b", "#ad1457", "#455a64"]
GROUP_SHAPES = ["circle", "square", "triangle", "diamond", "cross", "circle", "square", "triangle"]
SVG_SIZE = 360
SVG_PAD = 16


def _shape_label(shape: str) -> str:
    labels = {
        "circle": _("circles"),
        "square": _("squares"),
        "triangle": _("triangles"),
        "diamond": _("diamonds"),
        "cross": _("crosses"),
    }
    return labels.get(shape, shape)


@dataclass
class Dot:
    x: int
    y: int
    group: int | None
    shape: str
    colour: str


_SHAPE_PATHS = {
    "circle": ("dot", "M{x} {y}h0"),
    "square": ("fill", "M{a} {b}h8v8h-8z"),
    "triangle": ("fill", "M{x} {t}l5 9h-10z"),
    "diamond": ("fill", "M{x} {t}l5 5l-5 5l-5-5z"),
    "cross": ("line", "M{a} {b}l8 8m0-8l-8 8"),
}


def _svg_layers(dots) -> list[dict]:
    """The dots as one SVG path per group and shape (thousands of participants stay a small,
    fast page): {"mode": dot|fill|line|none, "colour", "d"}; ungrouped dots come first, grey."""
    layers: dict[tuple, list[str]] = {}
    for dot in dots:
        if dot.group is None:
            mode, pattern, colour = "none", "M{x} {y}h0", "#9a9a9a"
        else:
            mode, pattern = _SHAPE_PATHS.get(dot.shape, _SHAPE_PATHS["circle"])
            colour = dot.colour
        path = pattern.format(x=dot.x, y=dot.y, a=dot.x - 4, b=dot.y - 4, t=dot.y - 5)
        layers.setdefault((mode, colour), []).append(path)
    return [{"mode": mode, "colour": colour, "d": "".join(paths)} for (mode, colour), paths in layers.items()]


def _privacy_floor() -> int:
    from .opinion_map import PRIVACY_FLOOR

    return PRIVACY_FLOOR


def _percent(part, whole) -> int:
    return round(100 * part / whole) if whole else 0


def read_map(conversation) -> dict | None:
    """Everything the map page shows, from the stored map: dots for the SVG, the groups with
    what they believe, consensus and division in words, and the statements' figures. Groups
    smaller than PRIVACY_FLOOR get no statistics; they are drawn in grey, unlabelled."""
    data = conversation.map_data
    if not data:
        return None
    floor = _privacy_floor()
    statements = {
        str(s.pk): s
        for s in Statement.objects.filter(conversation=conversation).only("pk", "text", "status", "channel")
    }
    groups_of = {str(k): v for k, v in (data.get("groups") or {}).items()}
    sizes = {int(k): int(v) for k, v in (data.get("group_sizes") or {}).items()}
    shown = sorted(g for g, n in sizes.items() if n >= floor)
    label = {g: GROUP_LETTERS[i % len(GROUP_LETTERS)] for i, g in enumerate(shown)}
    style = {
        g: (GROUP_COLOURS[i % len(GROUP_COLOURS)], GROUP_SHAPES[i % len(GROUP_SHAPES)]) for i, g in enumerate(shown)
    }
    participants = len(groups_of) or sum(sizes.values())

    coords = data.get("coords") or {}
    dots = []
    if coords:
        xs = [float(c[0]) for c in coords.values()]
        ys = [float(c[1]) for c in coords.values()]
        low_x, low_y = min(xs), min(ys)
        span_x = (max(xs) - low_x) or 1.0
        span_y = (max(ys) - low_y) or 1.0
        inner = SVG_SIZE - 2 * SVG_PAD
        for pid, (x, y) in coords.items():
            group = groups_of.get(str(pid))
            group = int(group) if group is not None else None
            colour, shape = style.get(group, ("#8c8c8c", "circle"))
            dots.append(
                Dot(
                    x=round(SVG_PAD + inner * (float(x) - low_x) / span_x),
                    y=round(SVG_PAD + inner * (1 - (float(y) - low_y) / span_y)),
                    group=group if group in label else None,
                    shape=shape,
                    colour=colour,
                )
            )
        dots.sort(key=lambda d: (d.group is not None, d.group or 0))
    layers = _svg_layers(dots)

    def text_of(sid):
        s = statements.get(str(sid))
        return s.text if s is not None and s.status == StatementStatus.PUBLISHED else None

    stats = {str(k): v for k, v in (data.get("statement_stats") or {}).items()}
    repness = {int(k): v for k, v in (data.get("repness") or {}).items()}
    groups = []
    for g in shown:
        beliefs = []
        for row in repness.get(g, [])[:5]:
            text = text_of(row.get("statement"))
            if text is None:
                continue
            n = int(row.get("n") or 0)
            agree, disagree = int(row.get("agree") or 0), int(row.get("disagree") or 0)
            beliefs.append(
                {
                    "text": text,
                    "direction": row.get("direction"),
                    "agree_percent": _percent(agree, n),
                    "disagree_percent": _percent(disagree, n),
                    "n": n,
                }
            )
        colour, shape = style[g]
        groups.append(
            {
                "id": g,
                "label": label[g],
                "size": sizes[g],
                "percent": _percent(sizes[g], participants),
                "colour": colour,
                "shape": shape,
                "index": shown.index(g) % len(GROUP_COLOURS),
                "shape_label": _shape_label(shape),
                "beliefs": beliefs,
            }
        )
    hidden_people = sum(n for g, n in sizes.items() if n < floor)

    def with_figures(ids):
        rows = []
        for sid in ids:
            text = text_of(sid)
            if text is None:
                continue
            st = stats.get(str(sid), {})
            n = int(st.get("n") or st.get("votes") or 0)
            rows.append(
                {
                    "text": text,
                    "agree_percent": _percent(int(st.get("agree") or 0), n),
                    "disagree_percent": _percent(int(st.get("disagree") or 0), n),
                    "n": n,
                }
            )
        return rows

    table = []
    for sid, s in statements.items():
        if s.status != StatementStatus.PUBLISHED:
            continue
        st = stats.get(sid, {})
        n = int(st.get("n") or st.get("votes") or 0)
        agree, disagree = int(st.get("agree") or 0), int(st.get("disagree") or 0)
        table.append(
            {
                "text": s.text,
                "from_the_room": s.channel == Channel.MEETING,
                "n": n,
                "agree_percent": _percent(agree, n),
                "disagree_percent": _percent(disagree, n),
                "pass_percent": _percent(n - agree - disagree, n) if n else 0,
            }
        )
    table.sort(key=lambda r: (-r["n"], r["text"]))
    return {
        "dots": dots,
        "layers": layers,
        "size": SVG_SIZE,
        "groups": groups,
        "participants": participants,
        "hidden_people": hidden_people,
        "floor": floor,
        "consensus": with_figures(data.get("consensus") or [])[:8],
        "divisive": with_figures(data.get("divisive") or [])[:8],
        "statements": table,
        "silhouette": data.get("silhouette"),
        "k": data.get("k"),
        "too_few": participants < floor,
    }


# --- debates ----------------------------------------------------------------------------


@transaction.atomic
def start_debate(*, user, place, title: str, proposal: str, agenda_item=None, idea=None) -> Debate:
    _require(user, "deliberation.start", place)
    if place is None or not place.is_neighbourhood:
        raise ValidationError({"place": _("A debate is about a neighbourhood or village.")})
    title = _text(title, "title", 200, _("Give the debate a title."))
    proposal = _text(proposal, "proposal", 5000, _("Describe the proposal."))
    if agenda_item is not None and not within(agenda_item.agenda.place, place):
        raise ValidationError({"agenda_item": _("This agenda item belongs to another place.")})
    if idea is not None and not within(idea.place, place):
        raise ValidationError({"idea": _("This idea belongs to another place.")})
    debate = Debate.objects.create(
        place=place, title=title, proposal=proposal, agenda_item=agenda_item, idea=idea, created_by=user
    )
    audit.record(
        "deliberation.debate.started",
        actor=user,
        obj=debate,
        data={
            "place": place.pk,
            "agenda_item": agenda_item.pk if agenda_item else None,
            "idea": idea.pk if idea else None,
        },
    )
    notifications.notify_followers(
        place=place,
        subject=_("A debate in %(place)s: %(title)s") % {"place": place.name, "title": title},
        url=debate.get_absolute_url(),
        exclude=user,
    )
    return debate


@transaction.atomic
def add_argument(
    *, user, debate, text: str, side: str = "", parent=None, channel: str = Channel.ONLINE, on_behalf_of: str = ""
) -> Argument:
    """An argument for or against, or (with `parent`) a reply to an argument. Staff may enter
    one heard offline (`channel`, `on_behalf_of`)."""
    _require(user, "deliberation.argue", debate)
    debate = Debate.objects.get(pk=debate.pk)
    if not debate.is_open:
        raise ValidationError(_("This debate is closed."))
    text = _text(text, "text", 1500, _("Write your argument."))
    text = clean_statement(text) if "\n" not in text else plain_text(text).strip()
    if parent is not None:
        if parent.debate_id != debate.pk or parent.parent_id is not None:
            raise ValidationError({"parent": _("Reply to an argument of this debate.")})
        if parent.is_hidden:
            raise ValidationError({"parent": _("This argument is hidden.")})
        side = ""
    elif side not in Side.values:
        raise ValidationError({"side": _("Choose whether your argument is for or against.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the argument came in.")})
    on_behalf_of = _text(on_behalf_of, "on_behalf_of", 150)
    if channel != Channel.ONLINE:
        _require(user, "deliberation.moderate", debate)
        if not on_behalf_of:
            raise ValidationError({"on_behalf_of": _("Say whose argument this is, e.g. “a resident at the meeting”.")})
    argument = Argument.objects.create(
        debate=debate, side=side, parent=parent, text=text, author=user, channel=channel, on_behalf_of=on_behalf_of
    )
    audit.record(
        "deliberation.argument.added",
        actor=user,
        obj=argument,
        data={"debate": debate.pk, "side": side, "reply_to": parent.pk if parent else None, "channel": channel},
    )
    if parent is not None and parent.author is not None and parent.author.is_active:
        notifications.notify(
            [parent.author],
            subject=_("A reply to your argument in “%(title)s”") % {"title": debate.title},
            url=f"{debate.get_absolute_url()}#argument-{parent.pk}",
            place=debate.place,
            exclude=user,
        )
    return argument


@transaction.atomic
def support_argument(*, user, argument) -> bool:
    """Support an argument, or withdraw support given before. True when now supported."""
    _require(user, "deliberation.argue", argument)
    argument = Argument.objects.select_for_update().get(pk=argument.pk)
    if argument.is_hidden or argument.parent_id is not None:
        raise ValidationError(_("This argument cannot be supported."))
    removed, _detail = ArgumentSupport.objects.filter(argument=argument, user=user).delete()
    if not removed:
        ArgumentSupport.objects.create(argument=argument, user=user)
    argument.support_count = ArgumentSupport.objects.filter(argument=argument).count()
    argument.save(update_fields=["support_count"])
    return not removed


@transaction.atomic
def hide_argument(*, user, argument, reason: str) -> Argument:
    argument = Argument.objects.select_for_update(of=("self",)).select_related("debate").get(pk=argument.pk)
    _require(user, "deliberation.moderate", argument.debate)
    if argument.is_hidden:
        raise ValidationError(_("This argument is already hidden."))
    reason = _public_reason(reason)
    argument.is_hidden, argument.hidden_reason = True, reason
    argument.save(update_fields=["is_hidden", "hidden_reason"])
    audit.record("deliberation.argument.hidden", actor=user, obj=argument, data={"reason": reason})
    return argument


@transaction.atomic
def summarise_debate(*, user, debate, summary: str, close: bool = True) -> Debate:
    """The moderator's summary: the main arguments on both sides, in fair words."""
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    _require(user, "deliberation.moderate", debate)
    summary = _text(summary, "summary", 10_000, _("Write the summary."))
    debate.summary, debate.summary_by, debate.summary_at = summary, user, _now()
    fields = ["summary", "summary_by", "summary_at"]
    if close and debate.is_open:
        debate.is_open = False
        fields.append("is_open")
    debate.save(update_fields=fields)
    audit.record("deliberation.debate.summarised", actor=user, obj=debate, data={"closed": not debate.is_open})
    return debate


@transaction.atomic
def attach_decision(*, user, debate, decision) -> Debate:
    """Link the debate (and its summary) to the decision taken on the proposal."""
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    _require(user, "deliberation.moderate", debate)
    if not debate.summary:
        raise ValidationError({"decision": _("Write the summary first: it goes with the decision.")})
    if not (within(decision.place, debate.place) or within(debate.place, decision.place)):
        raise ValidationError({"decision": _("This decision is about another place.")})
    debate.decision = decision
    debate.save(update_fields=["decision"])
    audit.record("deliberation.debate.decision_attached", actor=user, obj=debate, data={"decision": decision.pk})
    return debate


def arguments_of(debate, *, user=None) -> dict:
    """The debate's arguments per side with their replies, and which ones `user` supports."""
    rows = list(
        Argument.objects.filter(debate=debate).select_related("author").order_by("-support_count", "created_at")
    )
    replies: dict[int, list] = {}
    for row in rows:
        if row.parent_id:
            replies.setdefault(row.parent_id, []).append(row)
    for row in rows:
        row.reply_list = sorted(replies.get(row.pk, []), key=lambda r: r.created_at)
    supported = set()
    if user is not None and user.is_authenticated:
        supported = set(
            ArgumentSupport.objects.filter(user=user, argument__debate=debate).values_list("argument_id", flat=True)
        )
    return {
        "for": [r for r in rows if r.parent_id is None and r.side == Side.FOR],
        "against": [r for r in rows if r.parent_id is None and r.side == Side.AGAINST],
        "supported": supported,
    }


# --- meetings -------------------------------------------------------------------------------


def _check_where(location_name, address, online_url):
    location_name = _text(location_name, "location_name", 200)
    address = _text(address, "address", 300)
    online_url = _text(online_url, "online_url", 200)
    if online_url and not online_url.startswith(("https://", "http://")):
        raise ValidationError({"online_url": _("Give the full online link, starting with https://.")})
    if not (address or online_url):
        raise ValidationError({"address": _("Give an address, an online link, or both.")})
    return location_name, address, online_url


@transaction.atomic
def plan_meeting(
    *,
    user,
    kind: str,
    title: str,
    starts_at,
    place=None,
    organisation=None,
    ends_at=None,
    location_name: str = "",
    address: str = "",
    online_url: str = "",
    is_public: bool = True,
    documents_days_before: int = 7,
    registration_required: bool = False,
    capacity=None,
    description: str = "",
    schedule=None,
) -> Meeting:
    """A meeting of a body or working group, or an open evening. A body's meeting needs the
    body; meetings of a body are public unless the body decides otherwise."""
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    if organisation is not None:
        _require(user, "deliberation.plan_meeting", organisation)
        place = place or organisation.place
        if not within(place, organisation.place):
            raise ValidationError({"place": _("A body meets about its own neighbourhood or village.")})
    else:
        if kind == MeetingKind.BODY_MEETING:
            raise ValidationError({"organisation": _("Choose the body that meets.")})
        if place is None:
            raise ValidationError({"place": _("Choose the neighbourhood or village.")})
        _require(user, "deliberation.plan_meeting", place)
    title = _text(title, "title", 200, _("Give the meeting a title."))
    description = _text(description, "description", 5000)
    if starts_at is None:
        raise ValidationError({"starts_at": _("Give the date and time.")})
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    location_name, address, online_url = _check_where(location_name, address, online_url)
    documents_days_before = int(documents_days_before or 0)
    if not 0 <= documents_days_before <= 60:
        raise ValidationError({"documents_days_before": _("Choose between 0 and 60 days.")})
    if capacity is not None:
        capacity = int(capacity)
        if capacity < 1:
            raise ValidationError({"capacity": _("Give at least one place, or leave it empty for no limit.")})
    meeting = Meeting.objects.create(
        place=place,
        organisation=organisation,
        schedule=schedule,
        kind=kind,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        location_name=location_name,
        address=address,
        online_url=online_url,
        is_public=is_public,
        documents_days_before=documents_days_before,
        registration_required=registration_required,
        capacity=capacity,
        created_by=user,
    )
    audit.record(
        "deliberation.meeting.planned",
        actor=user,
        obj=meeting,
        data={
            "kind": kind,
            "organisation": organisation.pk if organisation else None,
            "starts_at": starts_at,
            "public": is_public,
        },
    )
    if is_public and schedule is None:
        notifications.notify_followers(
            place=place,
            subject=_("Meeting in %(place)s: %(title)s") % {"place": place.name, "title": title},
            url=meeting.get_absolute_url(),
            exclude=user,
        )
    return meeting


def _kept(meeting, user) -> Meeting:
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("place", "organisation").get(pk=meeting.pk)
    _require(user, "deliberation.keep_meeting", meeting)
    return meeting


@transaction.atomic
def cancel_meeting(*, user, meeting, reason: str) -> Meeting:
    meeting = _kept(meeting, user)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is already cancelled."))
    reason = _public_reason(reason)
    meeting.status = MeetingStatus.CANCELLED
    meeting.description = (meeting.description + "\n\n" if meeting.description else "") + _("Cancelled: %(reason)s") % {
        "reason": reason
    }
    meeting.save(update_fields=["status", "description"])
    audit.record("deliberation.meeting.cancelled", actor=user, obj=meeting, data={"reason": reason})
    registered = [
        r.user for r in meeting.registrations.select_related("user") if r.user is not None and r.user.is_active
    ]
    notifications.notify(
        registered,
        subject=_("Cancelled: %(title)s") % {"title": meeting.title},
        body=reason,
        url=meeting.get_absolute_url(),
        place=meeting.place,
        exclude=user,
    )
    return meeting


@transaction.atomic
def add_agenda_item(
    *,
    user,
    meeting,
    title: str,
    description: str = "",
    for_decision: bool = False,
    agenda_item=None,
    debate=None,
    conversation=None,
) -> MeetingAgendaItem:
    meeting = _kept(meeting, user)
    title = _text(title, "title", 200, _("Give the agenda item a title."))
    description = _text(description, "description", 5000)
    for linked, field in ((agenda_item, "agenda_item"), (debate, "debate"), (conversation, "conversation")):
        if linked is None:
            continue
        linked_place = linked.agenda.place if field == "agenda_item" else linked.place
        if not (within(linked_place, meeting.place) or within(meeting.place, linked_place)):
            raise ValidationError({field: _("This belongs to another neighbourhood.")})
    order = (meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = MeetingAgendaItem.objects.create(
        meeting=meeting,
        order=order,
        title=title,
        description=description,
        for_decision=for_decision,
        agenda_item=agenda_item,
        debate=debate,
        conversation=conversation,
    )
    audit.record("deliberation.meeting.agenda_item_added", actor=user, obj=item, data={"meeting": meeting.pk})
    return item


def documents_due(meeting) -> datetime.datetime:
    """When the documents must be public at the latest (003:657: documents public beforehand)."""
    return meeting.starts_at - datetime.timedelta(days=meeting.documents_days_before)


def is_late(document) -> bool:
    return document.published_at > documents_due(document.meeting)


def check_pdf(upload) -> int:
    """The upload's size, when it is a PDF within the limit; otherwise a ValidationError."""
    if upload is None:
        raise ValidationError({"file": _("Choose a PDF file.")})
    size = getattr(upload, "size", None) or 0
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"file": _("The file is too large: at most %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}}
        )
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.lstrip().startswith(b"%PDF-"):
        raise ValidationError({"file": _("Only PDF files can be added.")})
    return size


@transaction.atomic
def add_document(*, user, meeting, title: str, file, agenda_item=None) -> MeetingDocument:
    """A PDF for the meeting, public from the moment it is added."""
    meeting = _kept(meeting, user)
    title = _text(title, "title", 200, _("Give the document a title."))
    size = check_pdf(file)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})
    # Stored under a random name: the uploader's file name is neither trusted nor guessable.
    name = f"{secrets.token_hex(16)}.pdf"
    document = MeetingDocument(
        meeting=meeting, agenda_item=agenda_item, title=title, size=size, published_at=_now(), uploaded_by=user
    )
    document.file.save(name, file, save=False)
    document.save()
    audit.record(
        "deliberation.meeting.document_added",
        actor=user,
        obj=document,
        data={"meeting": meeting.pk, "size": size, "late": is_late(document)},
    )
    return document


def places_left(meeting) -> int | None:
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - meeting.registrations.count(), 0)


def _registration_open(meeting):
    if not meeting.registration_required:
        raise ValidationError(_("This meeting needs no registration: just come."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."))
    if meeting.starts_at <= _now():
        raise ValidationError(_("This meeting has already started."))
    if meeting.capacity is not None and meeting.registrations.count() >= meeting.capacity:
        raise ValidationError(_("The meeting is full."))


@transaction.atomic
def register(*, user, meeting) -> Registration:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # serialises the cap check
    _require(user, "deliberation.register", meeting)
    _require(user, "deliberation.view_meeting", meeting)
    if meeting.registrations.filter(user=user).exists():
        raise ValidationError(_("You are already registered."))
    _registration_open(meeting)
    registration = Registration.objects.create(meeting=meeting, user=user, name=user.public_name)
    audit.record("deliberation.meeting.registered", actor=user, obj=meeting)
    return registration


@transaction.atomic
def unregister(*, user, meeting) -> None:
    deleted, _detail = Registration.objects.filter(meeting=meeting, user=user).delete()
    if not deleted:
        raise ValidationError(_("You were not registered."))
    audit.record("deliberation.meeting.unregistered", actor=user, obj=meeting)


@transaction.atomic
def register_on_behalf(*, user, meeting, name: str, channel: str = Channel.PHONE) -> Registration:
    """Someone registered by phone or at the counter, entered by whoever keeps the meeting."""
    meeting = _kept(meeting, user)
    name = _text(name, "name", 120, _("Give the name."))
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ValidationError({"channel": _("Choose how the registration came in.")})
    _registration_open(meeting)
    registration = Registration.objects.create(meeting=meeting, name=name, channel=channel, entered_by=user)
    audit.record("deliberation.meeting.registered_on_behalf", actor=user, obj=meeting, data={"channel": channel})
    return registration


@transaction.atomic
def record_attendance(*, user, meeting, counts: dict, attendees=()) -> Meeting:
    """How many came, per way of taking part (replaces earlier figures), and the names of
    those who agreed to be named: (name, role, mode, consent) tuples. A name without consent
    is refused, never stored."""
    meeting = _kept(meeting, user)
    if meeting.starts_at > _now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    cleaned = {}
    for mode, count in counts.items():
        if mode not in AttendanceMode.values:
            raise ValidationError({"counts": _("Unknown way of taking part.")})
        if count in (None, ""):
            continue
        count = int(count)
        if count < 0:
            raise ValidationError({"counts": _("A number of people cannot be negative.")})
        cleaned[mode] = count
    people = []
    for name, role, mode, consent in attendees:
        name = _text(name, "attendees", 120)
        if not name:
            continue
        if not consent:
            raise ValidationError({"attendees": _("Only list people who agreed to have their name in the record.")})
        if mode not in AttendanceMode.values:
            raise ValidationError({"attendees": _("Unknown way of taking part.")})
        people.append(Attendee(meeting=meeting, name=name, role=_text(role, "attendees", 120), mode=mode, consent=True))
    named = {}
    for person in [*Attendee.objects.filter(meeting=meeting), *people]:
        named[person.mode] = named.get(person.mode, 0) + 1
    for mode, n in named.items():
        count = cleaned.get(
            mode,
            AttendanceCount.objects.filter(meeting=meeting, mode=mode).values_list("count", flat=True).first() or 0,
        )
        if count < n:
            raise ValidationError(
                {"counts": _("More people are named than were counted: count everyone who came, named or not.")}
            )
    for mode, count in cleaned.items():
        AttendanceCount.objects.update_or_create(meeting=meeting, mode=mode, defaults={"count": count})
    Attendee.objects.bulk_create(people)
    audit.record(
        "deliberation.meeting.attendance", actor=user, obj=meeting, data={"counts": cleaned, "named": len(people)}
    )
    return meeting


@transaction.atomic
def publish_minutes(*, user, meeting, minutes: str) -> Meeting:
    """The minutes (Markdown, sanitised when shown), public from now. Publishing again
    replaces them; the audit log keeps that it happened."""
    meeting = _kept(meeting, user)
    if meeting.starts_at > _now():
        raise ValidationError(_("Minutes are written after the meeting has started."))
    minutes = _text(minutes, "minutes", 50_000, _("Write the minutes."))
    first = meeting.minutes_published_at is None
    meeting.minutes = minutes
    meeting.minutes_published_at = _now()
    meeting.save(update_fields=["minutes", "minutes_published_at"])
    audit.record("deliberation.meeting.minutes_published", actor=user, obj=meeting, data={"first": first})
    if first and meeting.is_public:
        notifications.notify_followers(
            place=meeting.place,
            subject=_("Minutes of %(title)s") % {"title": meeting.title},
            url=meeting.get_absolute_url() + "#minutes",
            exclude=user,
        )
    return meeting


@transaction.atomic
def link_decision(*, user, meeting, decision) -> Meeting:
    meeting = _kept(meeting, user)
    if not (within(decision.place, meeting.place) or within(meeting.place, decision.place)):
        raise ValidationError({"decision": _("This decision is about another place.")})
    if meeting.decisions.filter(pk=decision.pk).exists():
        raise ValidationError({"decision": _("This decision is already linked to the meeting.")})
    meeting.decisions.add(decision)
    audit.record("deliberation.meeting.decision_linked", actor=user, obj=meeting, data={"decision": decision.pk})
    return meeting


@transaction.atomic
def record_meeting_decision(*, user, meeting, **fields):
    """A decision taken at the meeting, put in the decision register through its own service
    (which runs the mandate check), and linked to the meeting."""
    from samenspel.decisions import services as decisions

    meeting = _kept(meeting, user)
    if meeting.starts_at > _now():
        raise ValidationError(_("Decisions are recorded once the meeting has started."))
    if meeting.organisation is not None and meeting.organisation.kind == "wijkorgaan":
        fields.setdefault("decider_kind", "wijk_body")
    if fields.get("decider_kind") == "wijk_body":
        fields.setdefault("body", meeting.organisation)
    fields.setdefault("place", meeting.place)
    fields.setdefault("decided_on", timezone.localdate(meeting.starts_at))
    decision = decisions.record_decision(
        user=user,
        meeting=meeting.title[:200],
        meeting_date=timezone.localdate(meeting.starts_at),
        **fields,
    )
    meeting.decisions.add(decision)
    audit.record("deliberation.meeting.decision_linked", actor=user, obj=meeting, data={"decision": decision.pk})
    return decision


@transaction.atomic
def add_quick_poll(*, user, meeting, question: str = "", agree=0, disagree=0, passed=0, statement=None) -> QuickPoll:
    """A show of hands in the room. On a statement of a conversation it joins that
    statement's record, marked as from the room (a count, not individual votes)."""
    meeting = Meeting.objects.select_related("place").get(pk=meeting.pk)
    allowed = user.has_perm("deliberation.keep_meeting", meeting) or (
        statement is not None and user.has_perm("deliberation.record_from_room", statement.conversation)
    )
    if not allowed:
        raise PermissionDenied
    if statement is not None:
        if statement.status != StatementStatus.PUBLISHED:
            raise ValidationError({"statement": _("This statement is not open for votes.")})
        _room_meeting(statement.conversation, meeting)
        question = question or statement.text
    question = _text(question, "question", 300, _("Write the question that was put to the room."))
    counts = []
    for value in (agree, disagree, passed):
        value = int(value or 0)
        if value < 0:
            raise ValidationError({"agree": _("A number of hands cannot be negative.")})
        counts.append(value)
    if not sum(counts):
        raise ValidationError({"agree": _("Enter the number of hands.")})
    poll = QuickPoll.objects.create(
        meeting=meeting,
        statement=statement,
        question=question,
        agree=counts[0],
        disagree=counts[1],
        passed=counts[2],
        entered_by=user,
    )
    audit.record(
        "deliberation.meeting.quick_poll",
        actor=user,
        obj=poll,
        data={"meeting": meeting.pk, "statement": statement.pk if statement else None, "counts": counts},
    )
    return poll


# --- a body's fixed schedule -------------------------------------------------------------


@transaction.atomic
def create_schedule(
    *,
    user,
    organisation,
    title: str,
    weekday: int,
    start_time,
    starts_on,
    frequency: str = Frequency.MONTHLY,
    week_of_month=None,
    kind: str = MeetingKind.BODY_MEETING,
    duration_minutes: int = 120,
    location_name: str = "",
    address: str = "",
    online_url: str = "",
    is_public: bool = True,
    documents_days_before: int = 7,
    ends_on=None,
) -> MeetingSchedule:
    """A fixed moment for a body's meetings, e.g. every first Tuesday of the month."""
    _require(user, "deliberation.plan_meeting", organisation)
    title = _text(title, "title", 200, _("Give the meetings a title."))
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    if int(weekday) not in range(7):
        raise ValidationError({"weekday": _("Choose the day.")})
    if frequency == Frequency.MONTHLY and week_of_month in (None, ""):
        raise ValidationError({"week_of_month": _("Choose which one in the month, e.g. the first.")})
    if frequency == Frequency.WEEKLY:
        week_of_month = None
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The schedule cannot end before it starts.")})
    if not 15 <= int(duration_minutes) <= 12 * 60:
        raise ValidationError({"duration_minutes": _("Give a duration between 15 minutes and 12 hours.")})
    location_name, address, online_url = _check_where(location_name, address, online_url)
    schedule = MeetingSchedule.objects.create(
        organisation=organisation,
        kind=kind,
        title=title,
        frequency=frequency,
        weekday=int(weekday),
        week_of_month=int(week_of_month) if week_of_month not in (None, "") else None,
        start_time=start_time,
        duration_minutes=int(duration_minutes),
        location_name=location_name,
        address=address,
        online_url=online_url,
        is_public=is_public,
        documents_days_before=int(documents_days_before),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    audit.record("deliberation.schedule.created", actor=user, obj=schedule, data={"organisation": organisation.pk})
    return schedule


def schedule_dates(schedule, *, start: datetime.date, until: datetime.date) -> list[datetime.datetime]:
    """The aware start times of the schedule's meetings from `start` to `until` (inclusive)."""
    from dateutil import rrule

    weekday = rrule.weekday(schedule.weekday)
    if schedule.frequency == Frequency.MONTHLY:
        rule_kwargs = {"freq": rrule.MONTHLY, "byweekday": weekday(schedule.week_of_month)}
    else:
        rule_kwargs = {"freq": rrule.WEEKLY, "byweekday": weekday}
    first = max(start, schedule.starts_on)
    last = min(until, schedule.ends_on) if schedule.ends_on else until
    if last < first:
        return []
    rule = rrule.rrule(
        dtstart=datetime.datetime.combine(first, schedule.start_time),
        until=datetime.datetime.combine(last, schedule.start_time),
        **rule_kwargs,
    )
    zone = timezone.get_current_timezone()
    return [timezone.make_aware(moment, zone) for moment in rule]


@transaction.atomic
def generate_meetings(*, user, schedule, months: int = GENERATE_MONTHS, today=None) -> list[Meeting]:
    """Plan the schedule's meetings for the coming `months` that are not planned yet. Running
    it again adds only what is missing (one meeting per schedule and moment)."""
    schedule = MeetingSchedule.objects.select_for_update().select_related("organisation").get(pk=schedule.pk)
    _require(user, "deliberation.plan_meeting", schedule.organisation)
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=round(months * 30.5))
    existing = set(schedule.meetings.values_list("starts_at", flat=True))
    created = []
    for starts_at in schedule_dates(schedule, start=today, until=until):
        if starts_at in existing:
            continue
        created.append(
            plan_meeting(
                user=user,
                kind=schedule.kind,
                title=schedule.title,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=schedule.duration_minutes),
                organisation=schedule.organisation,
                location_name=schedule.location_name,
                address=schedule.address,
                online_url=schedule.online_url,
                is_public=schedule.is_public,
                documents_days_before=schedule.documents_days_before,
                schedule=schedule,
            )
        )
    audit.record("deliberation.schedule.generated", actor=user, obj=schedule, data={"meetings": len(created)})
    return created


def visible_meetings(user):
    """Meetings this person may see: the public ones, and the closed ones of their own
    bodies or places they are staff for (checked per meeting by the caller where needed)."""
    qs = Meeting.objects.select_related("place", "organisation")
    if not (user and user.is_authenticated):
        return qs.filter(is_public=True)
    own_orgs = user.memberships.current().exclude(organisation=None).values("organisation_id")
    return qs.filter(
        Q(is_public=True) | Q(organisation_id__in=own_orgs) | Q(created_by=user) | Q(place__in=_staff_places(user))
    )


def _staff_places(user):
    from samenspel.accounts.models import Role
    from samenspel.places.models import Place

    roots = list(
        user.memberships.current()
        .filter(role__in=(Role.AREA_OFFICIAL, Role.FACILITATOR, Role.ADMINISTRATOR))
        .values_list("place_id", flat=True)
    )
    if not roots:
        return Place.objects.none()
    return Place.objects.filter(
        Q(pk__in=roots) | Q(parent__in=roots) | Q(parent__parent__in=roots) | Q(parent__parent__parent__in=roots)
    )


def site_name() -> str:
    return getattr(settings, "SAMENSPEL_SITE_NAME", "Samenspel")


# --- personal data (AVG): export and erasure -------------------------------------------------


def personal_data(user) -> dict:
    """What this person contributed to conversations, debates and meetings (AVG art. 15/20)."""

    def when(value):
        return value.isoformat() if value else None

    votes = StatementVote.objects.filter(participant__user=user).select_related("statement")
    return {
        "statements": [
            {"conversation": s.conversation_id, "text": s.text, "status": s.status, "at": when(s.created_at)}
            for s in Statement.objects.filter(author=user)
        ],
        "votes": [
            {"conversation": v.statement.conversation_id, "statement": v.statement.text, "vote": v.vote} for v in votes
        ],
        "arguments": [
            {"debate": a.debate_id, "side": a.side, "text": a.text, "at": when(a.created_at)}
            for a in Argument.objects.filter(author=user)
        ],
        "arguments_supported": [s.argument_id for s in ArgumentSupport.objects.filter(user=user)],
        "meeting_registrations": [
            {"meeting": r.meeting_id, "title": r.meeting.title, "at": when(r.created_at)}
            for r in Registration.objects.filter(user=user).select_related("meeting")
        ],
        "named_at_meetings": [
            {"meeting": a.meeting_id, "name": a.name, "role": a.role} for a in Attendee.objects.filter(user=user)
        ],
    }


@transaction.atomic
def erase_participation(user) -> None:
    """Erasure: votes stay in the maps but no longer point to the account (a participant
    without account or key); support for arguments and registrations for coming meetings go;
    past registrations and names on attendance lists lose the link and the name. Statements
    and arguments are the public record: they stay, shown as by a former participant."""
    Participant.objects.filter(user=user).update(user=None)
    supported = list(ArgumentSupport.objects.filter(user=user).values_list("argument_id", flat=True))
    ArgumentSupport.objects.filter(user=user).delete()
    for argument_id in supported:
        Argument.objects.filter(pk=argument_id).update(
            support_count=ArgumentSupport.objects.filter(argument_id=argument_id).count()
        )
    Registration.objects.filter(user=user, meeting__starts_at__gte=_now()).delete()
    Registration.objects.filter(user=user).update(user=None, name="")
    Attendee.objects.filter(user=user).delete()
