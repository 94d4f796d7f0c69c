"""The world the authorisation matrix runs in: the demo municipality (one object of every kind,
loaded through the app's own services), one person per role, and sentinel strings planted in
fields that must never reach an anonymous visitor.

Also the walker over every URL pattern of the project and the filler of its URL kwargs, so
that a new page is picked up without anyone touching this file."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# One person per role of the matrix, all in or around the demo's Oosterparkwijk (WK001404).
ROLES = (
    "anonymous",
    "other_resident",  # a resident of another wijk (Noordwest) of the same municipality
    "resident",  # Anouk, resident of the Oosterparkwijk
    "org_rep",  # Erik, Bewonersorganisatie Oosterpark
    "body_member",  # Sanne, Coöperatieve Wijkraad Oosterparkwijk
    "official",  # Fatima, area team of the municipality of Groningen
    "council",  # Lotte Kramer, council member of Groningen
    "admin",  # the administrator (superuser)
)
ROLE_EMAILS = {
    "resident": "anouk@oosterpark.example",
    "org_rep": "erik@oosterpark.example",
    "body_member": "sanne@oosterpark.example",
    "official": "fatima@gemeente-groningen.example",
    "council": "raadslid@gemeente-groningen.example",
    "admin": "beheer@gemeente-groningen.example",
    "other_resident": "security-other@noordwest.example",
}
OOSTERPARK = "WK001404"
NOORDWEST = "WK001410"

# Sentinels: planted in private fields; an anonymous visitor must never see any of them.
SENTINELS = {
    "email": "sentinel-mail-7f3a@private.example",
    "hidden_statement": "Sentinel hidden statement 9c1d",
    "hidden_idea": "Sentinel hidden idea 4b2e",
    "moderation_note": "Sentinel moderation note 1a5f",
    "contact_note": "Sentinel contact note 6e0c",
    "draft_agreement": "Sentinel draft agreement 2d8b",
    "hidden_comment": "Sentinel hidden comment 3f7a",
    "unpublished_report": "Sentinel unpublished report 8a4c",
    "private_meeting": "Sentinel private meeting 5b9e",
    "open_answer": "Sentinel open answer 0d6f",
}


@dataclass
class Pattern:
    name: str  # namespaced URL name, e.g. "initiatives:idea"
    route: str  # the full route, for messages
    keys: tuple[str, ...]  # the kwargs the pattern takes
    callback: object = None


def walk_patterns(resolver=None, prefix="", namespace="") -> list[Pattern]:
    """Every named URL pattern of the project, recursively (includes, namespaces, the admin)."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            found.extend(walk_patterns(entry, prefix + str(entry.pattern), ns))
        elif isinstance(entry, URLPattern):
            name = namespace + (entry.name or f"<unnamed {prefix}{entry.pattern}>")
            keys = tuple(entry.pattern.regex.groupindex)
            found.append(Pattern(name, prefix + str(entry.pattern), keys, entry.callback))
    return found


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role → User (anonymous absent)
    objects: dict = field(default_factory=dict)  # key → model instance
    place: object = None
    municipality: object = None


def _first(queryset):
    obj = queryset.order_by("pk").first()
    return obj


def build_world() -> World:
    """Loads the demo and adds what it lacks: a resident of another wijk, a photo for an idea
    and a report, an abuse report, a private meeting and the sentinels."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())

    from samenspel.accounts.models import Membership, Role, User
    from samenspel.places.models import Place

    world = World()
    world.place = Place.objects.get(cbs_code=OOSTERPARK)
    world.municipality = world.place.municipality
    noordwest = Place.objects.get(cbs_code=NOORDWEST)
    other, _ = User.objects.get_or_create(email=ROLE_EMAILS["other_resident"], defaults={"display_name": "Noor"})
    Membership.objects.get_or_create(user=other, role=Role.RESIDENT, place=noordwest)
    for role, email in ROLE_EMAILS.items():
        world.users[role] = User.objects.get(email=email)
    _pick_objects(world)
    _plant_sentinels(world)
    return world


def _pick_objects(world: World) -> None:
    """One object of each kind, in the Oosterparkwijk where the demo has one, and never
    authored by one of the matrix's people (so that only their role counts)."""
    from samenspel.agenda import models as agenda
    from samenspel.agreements import models as agreements
    from samenspel.budgeting import models as budgeting
    from samenspel.decisions import models as decisions
    from samenspel.deliberation import models as deliberation
    from samenspel.finance import models as finance
    from samenspel.initiatives import models as initiatives
    from samenspel.panel import models as panel
    from samenspel.places.models import DnaItem
    from samenspel.sortition import models as sortition

    place = world.place
    people = [u.pk for u in world.users.values()]
    o = world.objects
    o["dna_item"] = _first(DnaItem.objects.filter(place=place, author=None))
    o["trajectory"] = _first(agreements.Trajectory.objects.filter(place=place))
    o["version"] = agreements.AgreementVersion.objects.filter(agreement__trajectory=o["trajectory"]).order_by("-pk")[0]
    o["scope_item"] = _first(agreements.ScopeItem.objects.filter(version=o["version"]))
    o["session"] = _first(agreements.ConversationSession.objects.filter(trajectory=o["trajectory"]))
    o["blank_spot"] = _first(agreements.BlankSpot.objects.filter(trajectory__place=place)) or _first(
        agreements.BlankSpot.objects.all()
    )
    o["evaluation"] = _first(agreements.Evaluation.objects.all())
    o["commitment"] = _first(agreements.SafeguardCommitment.objects.filter(version=o["version"]))
    o["idea"] = _first(
        initiatives.Idea.objects.filter(place=place, is_hidden=False, status="intake").exclude(author_id__in=people)
    ) or _first(initiatives.Idea.objects.filter(place=place, is_hidden=False).exclude(author_id__in=people))
    o["comment"] = _first(initiatives.Comment.objects.filter(idea__place=place))
    o["support_request"] = _first(initiatives.SupportRequest.objects.filter(idea__place=place))
    o["obstacle"] = _first(initiatives.Obstacle.objects.all())
    o["agenda"] = _first(agenda.NeighbourhoodAgenda.objects.filter(place=place))
    o["agenda_item"] = _first(agenda.AgendaItem.objects.filter(agenda=o["agenda"]))
    o["action"] = _first(agenda.ActionItem.objects.filter(place=place))
    o["programme"] = _first(agenda.AreaProgramme.objects.filter(place=place))
    o["decision"] = _first(decisions.Decision.objects.filter(place=place))
    o["objection"] = _first(decisions.Objection.objects.all())
    o["advice"] = _first(decisions.Advice.objects.filter(place=place))
    o["report"] = _first(decisions.AccountabilityReport.objects.filter(place=place, published_on__isnull=False))
    o["report_comment"] = _first(decisions.ReportComment.objects.all())
    o["budget"] = _first(budgeting.Budget.objects.filter(place=place))
    o["round"] = _first(budgeting.Round.objects.filter(budget=o["budget"]))
    o["project"] = _first(budgeting.Project.objects.filter(round=o["round"]))
    o["paper_entry"] = _first(budgeting.PaperEntry.objects.filter(round=o["round"]))
    o["panel"] = _first(panel.Panel.objects.filter(place=place))
    o["panel_member"] = _first(panel.PanelMember.objects.filter(panel=o["panel"]).exclude(user_id__in=people))
    o["consultation"] = _first(panel.Consultation.objects.filter(panel=o["panel"]))
    o["question"] = _first(panel.Question.objects.filter(consultation=o["consultation"]))
    o["draw"] = _first(sortition.Draw.objects.filter(place=place))
    o["selection"] = _first(sortition.Selection.objects.filter(draw=o["draw"]))
    o["respondent"] = _first(sortition.Respondent.objects.filter(draw=o["draw"]))
    o["conversation"] = _first(deliberation.Conversation.objects.all())
    o["statement"] = _first(deliberation.Statement.objects.filter(conversation=o["conversation"]))
    o["debate"] = _first(deliberation.Debate.objects.filter(place=place))
    o["argument"] = _first(deliberation.Argument.objects.filter(debate=o["debate"]))
    o["meeting"] = _first(deliberation.Meeting.objects.filter(place=place, is_public=True))
    o["document"] = _first(deliberation.MeetingDocument.objects.filter(meeting__place=place))
    o["body"] = _first(deliberation.Meeting.objects.exclude(organisation=None)).organisation
    o["line"] = _first(finance.BudgetLine.objects.filter(place=place))
    o["line_question"] = _first(finance.LineQuestion.objects.all())
    o["challenge"] = _first(finance.Challenge.objects.filter(place=place)) or _first(finance.Challenge.objects.all())
    o["agreement_challenge"] = _first(finance.Challenge.objects.filter(agreement__isnull=False))
    o["offer"] = _first(finance.ChallengeOffer.objects.all())
    o["asset"] = _first(finance.CommunityAsset.objects.filter(place=place))
    o["asset_bid"] = _first(finance.AssetBid.objects.all())
    o["selection_number"] = o["selection"].number
    _add_missing(world)


def _add_missing(world: World) -> None:
    """What the demo has none of: a photo with an idea, an abuse report, someone else's API key,
    and the keys of the open-data and publication pages."""
    from samenspel.accounts.models import User
    from samenspel.initiatives import services as initiatives

    o = world.objects
    henk = User.objects.get(email="henk@gemeente-westerkwartier.example")
    photos = [(png_upload(), "Een foto")]
    o["photo"] = initiatives.add_photos(user=world.users["official"], idea=o["idea"], photos=photos)[0]
    o["abuse_report"] = initiatives.report_abuse(user=henk, reason="Test van de matrix", idea=o["idea"])
    try:
        from samenspel.api.services import create_token
    except ImportError:  # the API is being built; its pages are classified once it is there
        o["api_token"] = 0
    else:
        o["api_token"] = create_token(user=henk, name="matrix")[0]
    try:
        from samenspel.opendata.services import DATASETS
    except ImportError:
        o["dataset_slug"] = "x"
    else:
        o["dataset_slug"] = DATASETS[0].slug
    try:
        from samenspel.publication.models import Publication
    except ImportError:
        o["publication_kind"], o["publication_pk"] = "besluit", 0
    else:
        entry = Publication.objects.order_by("pk").first()
        o["publication_kind"] = entry.kind if entry else "besluit"
        o["publication_pk"] = entry.object_id if entry else 0


def png_upload(name="foto.png", size=(8, 8), fmt="PNG", exif=None):
    """A small real image as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def _plant_sentinels(world: World) -> None:
    """Writes the sentinel strings into private fields, straight into the database: what is
    tested here is what the pages show, not how the services write."""
    from samenspel.accounts.models import User
    from samenspel.agreements.models import AgreementVersion, VersionStatus
    from samenspel.decisions.models import AccountabilityReport
    from samenspel.deliberation.models import Meeting, Statement, StatementStatus
    from samenspel.initiatives.models import Comment, Idea
    from samenspel.panel.models import Answer

    S = SENTINELS
    User.objects.filter(pk=world.users["resident"].pk).update(email=S["email"])
    world.users["resident"].refresh_from_db()
    o = world.objects
    Idea.objects.filter(pk=o["idea"].pk).update(contact_note=S["contact_note"])
    hidden = (
        Idea.objects.filter(place=world.place)
        .exclude(pk__in=[o["idea"].pk, o["comment"].idea_id])
        .order_by("pk")
        .first()
    )
    Idea.objects.filter(pk=hidden.pk).update(
        is_hidden=True, title=S["hidden_idea"], description=S["hidden_idea"], hidden_reason="Niet passend"
    )
    hidden_comment = Comment.objects.exclude(pk=o["comment"].pk).order_by("pk").first()
    Comment.objects.filter(pk=hidden_comment.pk).update(is_hidden=True, text=S["hidden_comment"], hidden_reason="x")
    statements = list(Statement.objects.filter(conversation=o["conversation"]).exclude(pk=o["statement"].pk)[:2])
    Statement.objects.filter(pk=statements[0].pk).update(text=S["hidden_statement"], status=StatementStatus.HIDDEN)
    Statement.objects.filter(pk=statements[1].pk).update(text=S["moderation_note"], status=StatementStatus.REJECTED)
    draft = AgreementVersion.objects.exclude(status__in=PUBLIC_VERSION_STATUSES).order_by("pk").first()
    if draft is None:  # the demo has a checked draft; keep the test honest if it stops having one
        draft = AgreementVersion.objects.order_by("-pk").first()
        AgreementVersion.objects.filter(pk=draft.pk).update(status=VersionStatus.CONCEPT)
    AgreementVersion.objects.filter(pk=draft.pk).update(summary=S["draft_agreement"])
    o["draft_version"] = draft
    report = AccountabilityReport.objects.filter(pk=o["report"].pk).get()
    report.pk = None
    report.published_on = None
    report.title = report.story = S["unpublished_report"]
    report.save()
    o["unpublished_report"] = report
    meeting = Meeting.objects.filter(place=world.place).exclude(pk=o["meeting"].pk).order_by("pk").first()
    Meeting.objects.filter(pk=meeting.pk).update(is_public=False, title=S["private_meeting"])
    o["private_meeting"] = meeting
    answer = Answer.objects.filter(question__kind="text", question__consultation__panel=o["panel"]).first()
    if answer is not None:
        Answer.objects.filter(pk=answer.pk).update(text=S["open_answer"])


# Versions that are public (publication/rules.py); the rest are drafts.
PUBLIC_VERSION_STATUSES = ("signed", "awaiting_council", "active", "in_evaluation", "superseded", "withdrawn")


# Draft agreement versions are readable by everyone by design (agreements/rules.py: "the
# division of say is a public record", G-TR-1): residents follow the draft as it is negotiated.
# They are not *published* records, though: the publication register (Woo) must not list them.
PUBLIC_BY_DESIGN = {"draft_agreement"}


def private_strings(world: World) -> set[str]:
    """Every sentinel (but those public by design), and every person's email address."""
    from samenspel.accounts.models import User

    found = {value for key, value in SENTINELS.items() if key not in PUBLIC_BY_DESIGN}
    found |= set(User.objects.values_list("email", flat=True))
    return found
