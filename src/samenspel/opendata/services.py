"""The public datasets, each declared once: what it holds, its licence, which rows are public
(the same rules as the public pages), how to filter it by place, and its columns.

Nothing here writes; the datasets only read what the public pages already show. Personal data
never enters a dataset: no authors, voters, signatories, respondents or e-mail addresses; ballots
never, only the per-project totals of published results; consultations only as aggregate counts
once they have closed (the moment the public results page opens)."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.agenda.exports import AGENDA_ITEM_COLUMNS
from samenspel.agreements.exports import SCOPE_ITEM_COLUMNS
from samenspel.core.exports import Column, Kind
from samenspel.decisions.exports import ADVICE_COLUMNS, DECISION_COLUMNS, REPORT_COLUMNS
from samenspel.finance.exports import CHALLENGE_COLUMNS, EXPENDITURE_COLUMNS, LINE_COLUMNS

CC0 = "cc0"
CC_BY = "cc-by-4.0"
LICENCES = {
    CC0: {
        "title": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "uri": "http://creativecommons.org/publicdomain/zero/1.0/",
    },
    CC_BY: {
        "title": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "uri": "http://creativecommons.org/licenses/by/4.0/",
    },
}
CBS_ATTRIBUTION = _("Source: CBS (Statistics Netherlands), Kerncijfers wijken en buurten; licence CC BY 4.0.")
FORMATS = ("csv", "json", "xlsx")


def within(place, path: str) -> Q:
    """Things whose place (at `path`, '' for the place itself) is `place` or below it. The
    tree is at most four levels deep: gemeente, gebied, wijk/dorp, buurt."""
    prefix = f"{path}__" if path else ""
    return (
        (Q(**{path: place}) if path else Q(pk=place.pk))
        | Q(**{f"{prefix}parent": place})
        | Q(**{f"{prefix}parent__parent": place})
        | Q(**{f"{prefix}parent__parent__parent": place})
    )


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    licence: str
    columns: list[Column]
    queryset: Callable[[], QuerySet]
    place_path: str = "place"
    modified_field: str | None = None
    attribution: str = ""
    # For datasets computed from others (aggregates): rows for a place (or everything).
    compute: Callable[[object], list] | None = None
    # Rows that belong to a place in another way too (e.g. a municipality's own budget lines).
    also_in_place: Callable[[object], Q] | None = None
    keywords: tuple = field(default_factory=tuple)

    def public_rows(self, place=None):
        if self.compute is not None:
            return self.compute(place)
        qs = self.queryset()
        if place is not None:
            qs = qs.filter(self._place_q(place))
        return qs

    def _place_q(self, place) -> Q:
        q = within(place, self.place_path)
        if self.also_in_place is not None:
            q |= self.also_in_place(place)
        return q

    def summary(self, place=None) -> dict:
        """Row count and last change, in one query."""
        if self.compute is not None:
            rows = self.compute(place)
            stamps = [r["_modified"] for r in rows if r.get("_modified")]
            return {"count": len(rows), "modified": max(stamps) if stamps else None}
        qs = self.public_rows(place).order_by()
        if self.modified_field:
            agg = qs.aggregate(count=Count("pk"), modified=Max(self.modified_field))
        else:
            agg = qs.aggregate(count=Count("pk"))
            agg["modified"] = None
        modified = agg["modified"]
        if isinstance(modified, datetime.datetime):
            modified = timezone.localtime(modified).date() if timezone.is_aware(modified) else modified.date()
        return {"count": agg["count"], "modified": modified}

    @property
    def licence_info(self) -> dict:
        return LICENCES[self.licence]


# --- Row sources (the same "what is public" rules as the public pages) ----------------------


def _places():
    from samenspel.places.models import Place

    return Place.objects.select_related("parent").order_by("kind", "name", "pk")


def _figures():
    from samenspel.places.models import IndicatorValue

    return IndicatorValue.objects.select_related("place", "source").order_by("place__name", "indicator", "year", "pk")


def _scope_items():
    from samenspel.agreements.models import ScopeItem

    return ScopeItem.objects.select_related("version__agreement__trajectory__place").order_by(
        "version__agreement__trajectory__place__name", "version__number", "order", "pk"
    )


def _agenda_items():
    from samenspel.agenda.models import AgendaItem

    return AgendaItem.objects.select_related("agenda__place").order_by("agenda__place__name", "-created_at", "pk")


def _ideas():
    from samenspel.initiatives.models import Idea

    # As the public idea list: hidden ideas are left out. No author, no contact notes, no location.
    return Idea.objects.filter(is_hidden=False).select_related("place", "buurt").order_by("-created_at", "-pk")


def _rounds():
    from samenspel.budgeting.models import Round

    return Round.objects.select_related("budget__place").order_by("-voting_opens", "pk")


def _round_results():
    from samenspel.budgeting.models import Project, ProjectStatus

    # Only published results, only projects on the ballot, only totals per project (never ballots).
    return (
        Project.objects.filter(round__result_published_at__isnull=False, status=ProjectStatus.ON_BALLOT)
        .select_related("round__budget__place", "area")
        .order_by("round_id", "number", "pk")
    )


def _budget_lines():
    from samenspel.finance.models import BudgetLine

    return BudgetLine.objects.select_related("municipality", "place", "taakveld").order_by(
        "-year", "municipality__name", "taakveld__code", "pk"
    )


def _expenditures():
    from samenspel.finance.models import Expenditure

    return Expenditure.objects.select_related("line__place", "line__taakveld", "decision").order_by("-spent_on", "pk")


def _decisions():
    from samenspel.decisions.models import Decision

    return Decision.objects.select_related("place", "body").order_by("-decided_on", "-pk")


def _advices():
    from samenspel.decisions.models import Advice

    return Advice.objects.select_related("place", "organisation").order_by("-submitted_on", "-pk")


def _reports():
    from samenspel.decisions.models import AccountabilityReport

    return (
        AccountabilityReport.objects.filter(published_on__isnull=False)
        .select_related("place", "organisation")
        .order_by("-published_on", "-pk")
    )


def _challenges():
    from samenspel.finance.models import Challenge

    # The public challenge list shows every challenge; who submitted it stays out.
    return Challenge.objects.select_related("place", "municipality", "organisation").order_by("-created_at", "-pk")


def _meetings():
    from samenspel.deliberation.models import Meeting

    # As the public meeting list for someone not logged in: public meetings only.
    return Meeting.objects.filter(is_public=True).select_related("place", "organisation").order_by("-starts_at", "pk")


def consultation_results(place=None) -> list[dict]:
    """Per closed consultation, question and option: how many respondents chose it. Open
    answers only as a count. Three queries whatever the number of answers."""
    from samenspel.panel.models import CHOICE_KINDS, Answer, Consultation, Question, QuestionKind

    consultations = Consultation.objects.filter(closes_at__lte=timezone.now()).select_related("place")
    if place is not None:
        consultations = consultations.filter(within(place, "place"))
    consultations = {c.pk: c for c in consultations}
    if not consultations:
        return []
    questions = list(
        Question.objects.filter(consultation_id__in=consultations).order_by("consultation_id", "order", "pk")
    )
    answered = {q.pk: 0 for q in questions}
    tallies: dict[int, dict] = {q.pk: {} for q in questions}
    responses = dict(
        Consultation.objects.filter(pk__in=consultations).annotate(n=Count("responses")).values_list("pk", "n")
    )
    kinds = {q.pk: q.kind for q in questions}
    for question_id, choices, number in Answer.objects.filter(question_id__in=answered).values_list(
        "question_id", "choices", "number"
    ):
        kind = kinds[question_id]
        if kind == QuestionKind.TEXT or kind in CHOICE_KINDS:
            given = choices or []
        else:
            given = [number] if number is not None else []
        if kind == QuestionKind.TEXT:
            answered[question_id] += 1
            continue
        if not given:
            continue
        answered[question_id] += 1
        if kind == QuestionKind.RANKING:
            given = given[:1]  # the option put first
        for value in given:
            tallies[question_id][value] = tallies[question_id].get(value, 0) + 1
    rows = []
    for q in questions:
        consultation = consultations[q.consultation_id]
        base = {
            "consultation": consultation.title,
            "consultation_id": consultation.pk,
            "place": consultation.place.name,
            "place_code": consultation.place.cbs_code or "",
            "closed_on": consultation.closes_at,
            "respondents": responses.get(consultation.pk, 0),
            "question": q.text,
            "question_kind": q.get_kind_display(),
            "answered": answered[q.pk],
            "_modified": timezone.localtime(consultation.closes_at).date(),
        }
        if q.kind == QuestionKind.TEXT:
            rows.append({**base, "option": str(_("(open answers: only counted)")), "count": answered[q.pk]})
            continue
        if q.kind in CHOICE_KINDS:
            options = list(enumerate(q.options or []))
        else:
            options = [(value, str(value)) for value in q.scale_values]
        for value, label in options:
            count = tallies[q.pk].get(value, 0)
            rows.append({**base, "option": label, "count": count})
    return rows


def _result_of(project, key):
    row = ((project.round.result or {}).get("projects") or {}).get(str(project.pk)) or {}
    return row.get(key)


# --- The catalogue ------------------------------------------------------------------------

PLACE = Column("place", _("Place"), get="place.name")
PLACE_CODE = Column("place_code", _("CBS code"), get=lambda r: r.place.cbs_code if r.place else "")

DATASETS: list[Dataset] = [
    Dataset(
        slug="plaatsen",
        title=_("Places"),
        description=_("The municipalities, areas, neighbourhoods, villages and buurten, with their CBS codes."),
        licence=CC_BY,
        attribution=CBS_ATTRIBUTION,
        queryset=_places,
        place_path="",
        columns=[
            Column("id", _("ID"), kind=Kind.INTEGER),
            Column("kind", _("Kind"), get="get_kind_display"),
            Column("name", _("Name")),
            Column("cbs_code", _("CBS code")),
            Column("part_of", _("Part of"), get=lambda p: p.parent.name if p.parent else ""),
            Column(
                "part_of_cbs_code",
                _("CBS code of the larger place"),
                get=lambda p: (p.parent.cbs_code or "") if p.parent else "",
            ),
        ],
    ),
    Dataset(
        slug="kerncijfers",
        title=_("Key figures (wijkkompas)"),
        description=_("Figures per place and year from CBS: inhabitants, dwellings, area and more."),
        licence=CC_BY,
        attribution=CBS_ATTRIBUTION,
        queryset=_figures,
        columns=[
            PLACE,
            PLACE_CODE,
            Column("indicator", _("Figure"), get="get_indicator_display"),
            Column("indicator_key", _("Figure (code)"), get="indicator"),
            Column("year", _("Year"), kind=Kind.INTEGER),
            Column("value", _("Value"), kind=Kind.NUMBER),
            Column("source", _("Source"), get="source.title"),
            Column("source_table", _("CBS table"), get="source.table_code"),
        ],
    ),
    Dataset(
        slug="afspraken",
        title=_("Agreements and levels of say"),
        description=_(
            "Per neighbourhood agreement and version: each theme it covers, the level of say "
            "(advise, initiate, decide), ownership and budget."
        ),
        licence=CC0,
        queryset=_scope_items,
        place_path="version__agreement__trajectory__place",
        modified_field="version__created_at",
        columns=SCOPE_ITEM_COLUMNS,
    ),
    Dataset(
        slug="wijkagenda",
        title=_("Neighbourhood agendas"),
        description=_("Every item on a neighbourhood agenda: where it came from, its status and who decided."),
        licence=CC0,
        queryset=_agenda_items,
        place_path="agenda__place",
        modified_field="created_at",
        columns=AGENDA_ITEM_COLUMNS,
    ),
    Dataset(
        slug="ideeen",
        title=_("Ideas and resident initiatives"),
        description=_("Every idea that is shown in public, with its status and number of supporters. No names."),
        licence=CC0,
        queryset=_ideas,
        modified_field="updated_at",
        columns=[
            Column("id", _("ID"), kind=Kind.INTEGER),
            PLACE,
            PLACE_CODE,
            Column("buurt", _("Buurt"), get=lambda i: i.buurt.name if i.buurt else ""),
            Column("kind", _("Kind"), get="get_kind_display"),
            Column("title", _("Title")),
            Column("description", _("Description")),
            Column("status", _("Status"), get="get_status_display"),
            Column("ownership", _("Ownership"), get="get_ownership_display"),
            Column("channel", _("Came in via"), get="get_channel_display"),
            Column("supporters", _("Supporters"), get="support_count", kind=Kind.INTEGER),
            Column("created_at", _("Submitted on"), kind=Kind.DATE),
        ],
    ),
    Dataset(
        slug="stemrondes",
        title=_("Participatory budget rounds"),
        description=_("Every budget round: the amount, the dates of its phases, the ballot and the counting rule."),
        licence=CC0,
        queryset=_rounds,
        place_path="budget__place",
        modified_field="created_at",
        columns=[
            Column("id", _("ID"), kind=Kind.INTEGER),
            Column("place", _("Place"), get="budget.place.name"),
            Column("budget", _("Budget"), get="budget.title"),
            Column("title", _("Title")),
            Column("amount", _("Amount to divide"), get="amount_cents", kind=Kind.MONEY),
            Column("ideas_opens", _("Ideas from"), kind=Kind.DATETIME),
            Column("voting_opens", _("Voting opens"), kind=Kind.DATETIME),
            Column("voting_closes", _("Voting closes"), kind=Kind.DATETIME),
            Column("ballot", _("Ballot"), get="get_ballot_type_display"),
            Column("rule", _("Counting rule"), get="get_tally_rule_display"),
            Column("result_published_at", _("Result published"), kind=Kind.DATETIME),
        ],
    ),
    Dataset(
        slug="stemuitslagen",
        title=_("Results of budget rounds"),
        description=_(
            "Per project on the ballot of a round with a published result: its cost, its votes and "
            "whether it won. Totals only: no ballot and no voter."
        ),
        licence=CC0,
        queryset=_round_results,
        place_path="round__budget__place",
        modified_field="round__result_published_at",
        columns=[
            Column("round_id", _("Round"), get="round_id", kind=Kind.INTEGER),
            Column("round", _("Round title"), get="round.title"),
            Column("place", _("Place"), get="round.budget.place.name"),
            Column("number", _("Number on the ballot"), kind=Kind.INTEGER),
            Column("project", _("Project"), get="title"),
            Column("area", _("Area"), get=lambda p: p.area.name if p.area else ""),
            Column("cost", _("Cost"), get="cost_cents", kind=Kind.MONEY),
            Column("votes", _("Votes"), get=lambda p: _result_of(p, "votes"), kind=Kind.INTEGER),
            Column("selected", _("Won"), get="selected", kind=Kind.BOOLEAN),
            Column("realisation", _("Realisation"), get="get_realisation_display"),
        ],
    ),
    Dataset(
        slug="begrotingsregels",
        title=_("Open budget: budget lines"),
        description=_("Budget lines per year, place and Iv3 taakveld: planned and realised."),
        licence=CC0,
        queryset=_budget_lines,
        also_in_place=lambda place: Q(municipality=place, place=None),
        modified_field="updated_at",
        columns=LINE_COLUMNS,
    ),
    Dataset(
        slug="uitgaven",
        title=_("Open budget: expenditures"),
        description=_("Spending on budget lines, with the recipient (never a private person) and the decision."),
        licence=CC0,
        queryset=_expenditures,
        place_path="line__place",
        modified_field="created_at",
        columns=EXPENDITURE_COLUMNS,
    ),
    Dataset(
        slug="besluiten",
        title=_("Decision register"),
        description=_("Decisions by neighbourhood bodies, the college, the area team and the council."),
        licence=CC0,
        queryset=_decisions,
        modified_field="created_at",
        columns=DECISION_COLUMNS,
    ),
    Dataset(
        slug="adviezen",
        title=_("Advice"),
        description=_("Advice to the college or council, with the response and whether it came in time."),
        licence=CC0,
        queryset=_advices,
        modified_field="created_at",
        columns=ADVICE_COLUMNS,
    ),
    Dataset(
        slug="verantwoording",
        title=_("Accountability reports"),
        description=_("Published accountability reports: the period, the story in short and the money."),
        licence=CC0,
        queryset=_reports,
        modified_field="published_on",
        columns=REPORT_COLUMNS,
    ),
    Dataset(
        slug="uitdagingen",
        title=_("Right to challenge"),
        description=_("Challenges under the right to challenge, their status and the municipality's decisions."),
        licence=CC0,
        queryset=_challenges,
        modified_field="updated_at",
        columns=CHALLENGE_COLUMNS,
    ),
    Dataset(
        slug="raadplegingen",
        title=_("Consultation results"),
        description=_(
            "For every closed consultation: per question and answer option, how many respondents "
            "chose it. Counts only; open answers are not published."
        ),
        licence=CC0,
        queryset=lambda: None,
        compute=consultation_results,
        columns=[
            Column("consultation_id", _("Consultation"), kind=Kind.INTEGER),
            Column("consultation", _("Title")),
            Column("place", _("Place")),
            Column("place_code", _("CBS code")),
            Column("closed_on", _("Closed on"), kind=Kind.DATE),
            Column("respondents", _("Respondents"), kind=Kind.INTEGER),
            Column("question", _("Question")),
            Column("question_kind", _("Kind of question")),
            Column("answered", _("Answered"), kind=Kind.INTEGER),
            Column("option", _("Answer")),
            Column("count", _("Number"), kind=Kind.INTEGER),
        ],
    ),
    Dataset(
        slug="bijeenkomsten",
        title=_("Meetings"),
        description=_("Public meetings in the neighbourhoods: when, where and whether minutes are published."),
        licence=CC0,
        queryset=_meetings,
        modified_field="created_at",
        columns=[
            Column("id", _("ID"), kind=Kind.INTEGER),
            PLACE,
            Column("organisation", _("Organiser"), get=lambda m: m.organisation.name if m.organisation else ""),
            Column("kind", _("Kind"), get="get_kind_display"),
            Column("title", _("Title")),
            Column("starts_at", _("Starts"), kind=Kind.DATETIME),
            Column("ends_at", _("Ends"), kind=Kind.DATETIME),
            Column("location", _("Location"), get="location_name"),
            Column("status", _("Status"), get="get_status_display"),
            Column("minutes_published_at", _("Minutes published"), kind=Kind.DATETIME),
        ],
    ),
]

BY_SLUG = {d.slug: d for d in DATASETS}


def dataset(slug: str) -> Dataset | None:
    return BY_SLUG.get(slug)


def rows(ds: Dataset, place=None) -> Iterable:
    return ds.public_rows(place)


def filter_places():
    """Places one can filter on: municipalities, areas, neighbourhoods and villages."""
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Coalesce

    from samenspel.places.models import Place, PlaceKind

    rank = Case(
        When(kind=PlaceKind.MUNICIPALITY, then=Value(0)),
        When(kind=PlaceKind.DISTRICT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Place.objects.exclude(kind=PlaceKind.BUURT)
        .select_related("municipality")
        .order_by(Coalesce("municipality__name", "name"), rank, "name")
    )
