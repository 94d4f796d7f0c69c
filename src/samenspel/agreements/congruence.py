"""The congruence rule of the Gronings model, made checkable.

"Naarmate meer zeggenschap door de wijk gewenst is, hoort daar een steviger democratisch
proces in de wijk bij." (seed 003:225-229; also 003:96-98 and 003:126-127). More say for
the neighbourhood demands a stronger democratic process.

This module is pure: plain, immutable data goes in (an :class:`AgreementInput` and a
:class:`Catalogue`), a :class:`CongruenceReport` comes out. It touches no database and no
models; the only Django import is ``gettext`` for the plain-language messages, which are
translated in the language active when :func:`check` runs.

Checks C1-C10 follow the research spec, §5.3 (docs/research/seeds-000-001-003.md).
Level 1 is "advise & speak" (adviseren & inspreken), level 2 "drive & initiate"
(aanjagen & initiëren), level 3 "allocate & decide" (verdelen & besluiten).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

LEVELS = (1, 2, 3)  # 1 advise & speak, 2 drive & initiate, 3 allocate & decide
COMPASS_POINTS = ("every_voice", "transparency", "say", "good_conversation")
PHASES = ("think", "decide", "do", "learn")  # samen denken, beslissen, doen, leren
RESPONSIBILITIES = ("directs", "organises", "decides", "carries_out", "advises", "facilitates", "accounts")
WIJK_ACTORS = ("wijk_body", "resident_organisation", "residents")
GEMEENTE_ACTORS = ("area_team", "college", "council")
ACTORS = WIJK_ACTORS + GEMEENTE_ACTORS + ("partner", "together")  # together = wijk and gemeente jointly
OWNER_SIDES = ("wijk", "gemeente", "partner")
AUDIENCES = ("wijk", "gemeente")

VIOLATION = "violation"
WARNING = "warning"
CHECKS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10")

# Seed lines each check rests on (spec §5.3).
SOURCES = {
    "C1": ("003:96-98", "003:126-127", "003:225-229"),
    "C2": ("003:168-170", "003:296-298"),
    "C3": ("003:135-176", "003:524"),
    "C4": ("003:96-98", "003:221-225"),
    "C5": ("003:462-463",),
    "C6": ("003:83-87", "003:246-248"),
    "C7": ("003:176",),
    "C8": ("003:229-230",),
    "C8_blank_spot": ("003:231-237",),
    "C9": ("003:140-142", "003:301-303"),
    "C10": ("003:241-248",),
}

_NO_MIN_LEVEL = max(LEVELS) + 1


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class SafeguardDef:
    """A safeguard type (waarborg). ``min_level``: lowest level at which it is mandatory (None: never)."""

    code: str
    compass_point: str
    title: str
    min_level: int | None
    recommended_from: int | None = None
    frequency_days: int | None = None  # how often evidence is expected once the agreement runs (C10)
    basis: str = ""


@dataclass(frozen=True)
class InstrumentDef:
    """An instrument (wijkpanel, loting, buurtbudget, ...) and the levels it fits (C5)."""

    code: str
    name: str
    level_min: int
    level_max: int
    basis: str = ""


@dataclass(frozen=True)
class Catalogue:
    safeguards: tuple[SafeguardDef, ...]
    instruments: tuple[InstrumentDef, ...] = ()

    def __post_init__(self):
        codes = [s.code for s in self.safeguards]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate safeguard code in catalogue")
        for s in self.safeguards:
            if s.compass_point not in COMPASS_POINTS:
                raise ValueError(f"safeguard {s.code}: unknown compass point {s.compass_point!r}")
            if s.min_level is not None and s.min_level not in LEVELS:
                raise ValueError(f"safeguard {s.code}: min_level must be one of {LEVELS} or None")
            if s.recommended_from is not None and s.recommended_from not in LEVELS:
                raise ValueError(f"safeguard {s.code}: recommended_from must be one of {LEVELS} or None")
            if s.frequency_days is not None and s.frequency_days < 0:
                raise ValueError(f"safeguard {s.code}: frequency_days must not be negative")
        codes = [i.code for i in self.instruments]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate instrument code in catalogue")
        for i in self.instruments:
            if i.level_min not in LEVELS or i.level_max not in LEVELS or i.level_min > i.level_max:
                raise ValueError(f"instrument {i.code}: invalid level range {i.level_min}-{i.level_max}")

    def required(self, compass_point: str, level: int) -> frozenset[str]:
        """Req_k(L): codes for this compass point that are mandatory at this level. Monotone in ``level``."""
        return frozenset(
            s.code
            for s in self.safeguards
            if s.compass_point == compass_point and s.min_level is not None and s.min_level <= level
        )

    def required_for(self, level: int) -> frozenset[str]:
        """Req(L): the union of Req_k(L) over all compass points."""
        return frozenset().union(*(self.required(k, level) for k in COMPASS_POINTS))

    def recommended(self, compass_point: str, level: int) -> frozenset[str]:
        """Codes recommended (not yet mandatory) at this level: recommended_from <= level < min_level."""
        return frozenset(
            s.code
            for s in self.safeguards
            if s.compass_point == compass_point
            and s.recommended_from is not None
            and s.recommended_from <= level < (s.min_level or _NO_MIN_LEVEL)
        )

    def safeguard(self, code: str) -> SafeguardDef | None:
        return next((s for s in self.safeguards if s.code == code), None)

    def instrument(self, code: str) -> InstrumentDef | None:
        return next((i for i in self.instruments if i.code == code), None)

    def ordered(self, codes) -> list[SafeguardDef]:
        """The safeguards with these codes, in compass-point order, then catalogue order."""
        codes = set(codes)
        return [s for k in COMPASS_POINTS for s in self.safeguards if s.compass_point == k and s.code in codes]


# --------------------------------------------------------------------------- agreement input


@dataclass(frozen=True)
class Role:
    phase: str
    responsibility: str
    actor: str


@dataclass(frozen=True)
class Action:
    title: str
    owner_side: str | None
    due_date: date | None
    status: str = "open"


@dataclass(frozen=True)
class Evidence:
    safeguard_code: str
    on: date


@dataclass(frozen=True)
class Scope:
    """A scope item of the agreement: a theme, a part of the wijkagenda, a budget."""

    key: str
    title: str
    level: int
    kind: str = "theme"
    is_citywide: bool = False
    desired_level: int | None = None  # the level wanted in the step-1 conversation (Q-ZEG-4)
    level_justification: str = ""
    ownership: int | None = None
    roles: tuple[Role, ...] = ()
    safeguards: frozenset[str] = frozenset()
    instruments: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Accountability:
    audiences: frozenset[str]  # subset of AUDIENCES
    frequency: str = ""


@dataclass(frozen=True)
class AgreementInput:
    scope_items: tuple[Scope, ...]
    safeguards: frozenset[str] = frozenset()  # agreement-wide: cover every scope item
    representation_statement: str = ""
    representation_contested: bool = False
    representation_conversation: bool = False
    accountability: Accountability | None = None
    council_decision: bool = False
    open_blank_spots: tuple[str, ...] = ()  # witte vlekken not yet turned into actions or accepted


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class SuggestedAction:
    title: str
    owner_side: str
    safeguard_code: str = ""

    def to_dict(self) -> dict:
        return {"title": self.title, "owner_side": self.owner_side, "safeguard_code": self.safeguard_code}


@dataclass(frozen=True)
class Finding:
    check: str  # "C1".."C10"
    severity: str  # "violation" | "warning"
    scope_key: str | None  # None: about the agreement as a whole
    message: str  # plain language, translated
    sources: tuple[str, ...]  # seed lines, e.g. ("003:225-229",)
    suggestion: str = ""
    suggested_action: SuggestedAction | None = None

    def to_dict(self) -> dict:
        return {
            "check": self.check,
            "severity": self.severity,
            "scope_key": self.scope_key,
            "message": self.message,
            "sources": list(self.sources),
            "suggestion": self.suggestion,
            "suggested_action": self.suggested_action.to_dict() if self.suggested_action else None,
        }


@dataclass(frozen=True)
class CongruenceReport:
    findings: tuple[Finding, ...]
    # scope key -> |Committed(s) ∩ Req(3)| / |Req(3)|, the spec's scalar view; 1.0 if Req(3) is empty.
    strength: dict = field(hash=False)

    @property
    def congruent(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == VIOLATION)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    @property
    def suggested_actions(self) -> tuple[SuggestedAction, ...]:
        return tuple(f.suggested_action for f in self.findings if f.suggested_action is not None)

    def to_dict(self) -> dict:
        return {
            "congruent": self.congruent,
            "violation_count": len(self.violations),
            "warning_count": len(self.warnings),
            "strength": dict(self.strength),
            "findings": [f.to_dict() for f in self.findings],
        }


# --------------------------------------------------------------------------- labels


def level_label(level: int) -> str:
    labels = {
        1: _("level 1 (advise & speak)"),
        2: _("level 2 (drive & initiate)"),
        3: _("level 3 (allocate & decide)"),
    }
    return labels[level]


def actor_label(actor: str) -> str:
    labels = {
        "wijk_body": _("the neighbourhood body"),
        "resident_organisation": _("the residents’ organisation"),
        "residents": _("the residents"),
        "area_team": _("the area team"),
        "college": _("the mayor and aldermen"),
        "council": _("the municipal council"),
        "partner": _("a partner"),
        "together": _("the neighbourhood and the municipality together"),
    }
    return labels[actor]


def audience_label(audience: str) -> str:
    labels = {"wijk": _("the neighbourhood"), "gemeente": _("the municipality")}
    return labels[audience]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _quote(item: str) -> str:
    return f"“{item}”"


# --------------------------------------------------------------------------- validation


def _validate(agreement: AgreementInput) -> None:
    for s in agreement.scope_items:
        if s.level not in LEVELS:
            raise ValueError(f"scope {s.key!r}: level must be one of {LEVELS}")
        if s.desired_level is not None and s.desired_level not in LEVELS:
            raise ValueError(f"scope {s.key!r}: desired_level must be one of {LEVELS} or None")
        for r in s.roles:
            if r.phase not in PHASES or r.responsibility not in RESPONSIBILITIES or r.actor not in ACTORS:
                raise ValueError(f"scope {s.key!r}: invalid role {r!r}")
    if agreement.accountability is not None and not agreement.accountability.audiences <= set(AUDIENCES):
        raise ValueError(f"accountability audiences must be a subset of {AUDIENCES}")


# --------------------------------------------------------------------------- checks


def _finding(check_code, severity, scope, message, *, sources=None, suggestion="", action=None):
    return Finding(
        check=check_code,
        severity=severity,
        scope_key=scope.key if scope is not None else None,
        message=message,
        sources=sources or SOURCES[check_code],
        suggestion=suggestion,
        suggested_action=action,
    )


def _c1(s: Scope, committed: frozenset[str], cat: Catalogue) -> list[Finding]:
    out = []
    level = level_label(s.level)
    for k in COMPASS_POINTS:
        for g in cat.ordered(cat.required(k, s.level) - committed):
            params = {"scope": s.title, "level": level, "safeguard": g.title}
            out.append(
                _finding(
                    "C1",
                    VIOLATION,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but the safeguard “%(safeguard)s” has not been agreed. "
                        "The more say the neighbourhood has, the stronger the democratic process must be. "
                        "At this level this safeguard is required."
                    )
                    % params,
                    suggestion=_("Agree on this safeguard, or choose a lower level for this item."),
                    action=SuggestedAction(
                        title=_("Agree on the safeguard “%(safeguard)s” for “%(scope)s”") % params,
                        owner_side="wijk",
                        safeguard_code=g.code,
                    ),
                )
            )
    recommended = frozenset().union(*(cat.recommended(k, s.level) for k in COMPASS_POINTS)) - committed
    if recommended:
        titles = _join([_quote(g.title) for g in cat.ordered(recommended)])
        out.append(
            _finding(
                "C1",
                WARNING,
                s,
                _(
                    "For “%(scope)s” at %(level)s these safeguards are recommended, but not agreed yet: "
                    "%(safeguards)s. They make the process stronger and prepare for more say later."
                )
                % {"scope": s.title, "level": level, "safeguards": titles},
                suggestion=_("Consider agreeing on these safeguards as well."),
            )
        )
    return out


def _actors(roles, responsibility: str, actors, phase: str | None = None) -> list[str]:
    """Actors (in ACTORS order) from ``actors`` holding ``responsibility`` (in ``phase``, if given)."""
    held = {r.actor for r in roles if r.responsibility == responsibility and (phase is None or r.phase == phase)}
    return [a for a in ACTORS if a in held and a in actors]


def _c2(s: Scope) -> list[Finding]:
    if not s.is_citywide:
        return []
    out = []
    if s.level == 3:
        out.append(
            _finding(
                "C2",
                VIOLATION,
                s,
                _(
                    "“%(scope)s” is a city-wide issue, so it cannot be at level 3 (allocate & decide). "
                    "City-wide issues are not decided in the neighbourhood; the neighbourhood thinks along, "
                    "gives advice and has its say."
                )
                % {"scope": s.title},
                suggestion=_("Choose level 1 or 2 for this item."),
            )
        )
    deciders = _actors(s.roles, "decides", WIJK_ACTORS + ("together",))
    if deciders:
        out.append(
            _finding(
                "C2",
                VIOLATION,
                s,
                _(
                    "“%(scope)s” is a city-wide issue, but the division of roles gives a deciding role to "
                    "%(actors)s. City-wide issues are not decided in the neighbourhood."
                )
                % {"scope": s.title, "actors": _join([actor_label(a) for a in deciders])},
                suggestion=_("Leave the decision with the mayor and aldermen or the municipal council."),
            )
        )
    return out


def _c3(s: Scope) -> list[Finding]:
    params = {"scope": s.title, "level": level_label(s.level)}
    if not s.roles:
        return [
            _finding(
                "C3",
                VIOLATION,
                s,
                _(
                    "The division of roles for “%(scope)s” is empty. Agree who directs, organises, decides and "
                    "carries out, so that everyone knows who is responsible for what."
                )
                % params,
            )
        ]
    out = []
    wijk_or_together = WIJK_ACTORS + ("together",)
    if s.level == 1:
        deciders = _actors(s.roles, "decides", wijk_or_together)
        if deciders:
            out.append(
                _finding(
                    "C3",
                    VIOLATION,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but the division of roles gives a deciding role to "
                        "%(actors)s. At this level the neighbourhood gives advice, and the mayor and aldermen "
                        "and the municipal council decide."
                    )
                    % {**params, "actors": _join([actor_label(a) for a in deciders])},
                    suggestion=_("Give the neighbourhood an advising role, or choose a higher level."),
                )
            )
        if not _actors(s.roles, "advises", WIJK_ACTORS):
            out.append(
                _finding(
                    "C3",
                    WARNING,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but nobody from the neighbourhood has an advising role. "
                        "At this level giving advice is how the neighbourhood makes its voice heard."
                    )
                    % params,
                    suggestion=_("Give the residents or the neighbourhood body the role to advise."),
                )
            )
    elif s.level == 2:
        if not (
            _actors(s.roles, "directs", wijk_or_together, "think")
            or _actors(s.roles, "organises", wijk_or_together, "think")
        ):
            out.append(
                _finding(
                    "C3",
                    VIOLATION,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but nobody from the neighbourhood directs or organises the "
                        "‘think’ phase. At this level the neighbourhood takes the lead: it puts issues on the "
                        "agenda and brings people together."
                    )
                    % params,
                    suggestion=_("Let the neighbourhood direct or organise the ‘think’ phase."),
                )
            )
        deciders = _actors(s.roles, "decides", WIJK_ACTORS)
        if deciders:
            out.append(
                _finding(
                    "C3",
                    VIOLATION,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but the division of roles lets %(actors)s decide alone. "
                        "At this level the decision stays with the municipality, or the neighbourhood and the "
                        "municipality decide together."
                    )
                    % {**params, "actors": _join([actor_label(a) for a in deciders])},
                    suggestion=_(
                        "Make it a shared decision, or choose level 3 (allocate & decide) with the stronger "
                        "safeguards that belong to it."
                    ),
                )
            )
        if not _actors(s.roles, "facilitates", ("area_team",)):
            out.append(
                _finding(
                    "C3",
                    WARNING,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but the area team has no facilitating role. At this level "
                        "the municipality supports the neighbourhood and brings in the expertise that is needed."
                    )
                    % params,
                    suggestion=_("Give the area team a facilitating role."),
                )
            )
    else:
        deciders = _actors(s.roles, "decides", ACTORS, "decide")
        if deciders != ["wijk_body"]:
            others = [a for a in deciders if a != "wijk_body"]
            if others:
                message = _(
                    "“%(scope)s” is at %(level)s, but in the ‘decide’ phase the division of roles gives a deciding "
                    "role to %(actors)s. At this level only the mandated neighbourhood body decides, within its "
                    "mandate."
                ) % {**params, "actors": _join([actor_label(a) for a in others])}
            else:
                message = (
                    _(
                        "“%(scope)s” is at %(level)s, but the decision in the ‘decide’ phase is not taken by a "
                        "mandated neighbourhood body. At this level the neighbourhood body decides, within its "
                        "mandate."
                    )
                    % params
                )
            out.append(
                _finding(
                    "C3",
                    VIOLATION,
                    s,
                    message,
                    suggestion=_("Give the deciding role in the ‘decide’ phase to the neighbourhood body only."),
                )
            )
        if not _actors(s.roles, "accounts", WIJK_ACTORS):
            out.append(
                _finding(
                    "C3",
                    VIOLATION,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but nobody from the neighbourhood is responsible for "
                        "accountability. Whoever decides must explain the choices made to the neighbourhood and "
                        "the municipality."
                    )
                    % params,
                    suggestion=_("Give the neighbourhood body the role to give account."),
                )
            )
    return out


def _c4(s: Scope) -> list[Finding]:
    if s.desired_level is None or s.desired_level == s.level or s.level_justification.strip():
        return []
    return [
        _finding(
            "C4",
            VIOLATION,
            s,
            _(
                "In the conversation, %(desired)s was wanted for “%(scope)s”, but the agreement says %(level)s, "
                "and no reason is given. Write down why, so that everyone can see how the answers led to this "
                "agreement."
            )
            % {"scope": s.title, "desired": level_label(s.desired_level), "level": level_label(s.level)},
        )
    ]


def _c5(s: Scope, cat: Catalogue) -> list[Finding]:
    out = []
    for code in s.instruments:
        inst = cat.instrument(code)
        if inst is None:
            out.append(
                _finding(
                    "C5",
                    VIOLATION,
                    s,
                    _(
                        "“%(scope)s” uses the instrument “%(instrument)s”, which is not in the list of "
                        "instruments. It is then unclear at which level it fits."
                    )
                    % {"scope": s.title, "instrument": code},
                    suggestion=_("Choose an instrument from the list."),
                )
            )
        elif not inst.level_min <= s.level <= inst.level_max:
            if inst.level_min == inst.level_max:
                fits = level_label(inst.level_min)
            else:
                fits = _("%(low)s to %(high)s") % {
                    "low": level_label(inst.level_min),
                    "high": level_label(inst.level_max),
                }
            out.append(
                _finding(
                    "C5",
                    VIOLATION,
                    s,
                    _(
                        "“%(scope)s” is at %(level)s, but the instrument “%(instrument)s” only fits %(fits)s. "
                        "The instruments must fit the role of the neighbourhood and how much say it has."
                    )
                    % {"scope": s.title, "level": level_label(s.level), "instrument": inst.name, "fits": fits},
                    suggestion=_("Choose another instrument, or a level that fits this instrument."),
                )
            )
    return out


def _c6(s: Scope, agreement: AgreementInput, for_activation: bool) -> list[Finding]:
    if s.level != 3 or agreement.council_decision:
        return []
    return [
        _finding(
            "C6",
            VIOLATION if for_activation else WARNING,
            s,
            _(
                "“%(scope)s” is at %(level)s: decision rights or money go to the neighbourhood. That needs a "
                "decision by the municipal council before it can take effect, and no council decision has been "
                "recorded yet."
            )
            % {"scope": s.title, "level": level_label(s.level)},
            suggestion=_("Ask the municipal council to decide on the transfer, and record its decision."),
        )
    ]


def _c7(s: Scope, agreement: AgreementInput) -> list[Finding]:
    if s.level != 3:
        return []
    params = {"scope": s.title, "level": level_label(s.level)}
    acc = agreement.accountability
    if acc is None:
        return [
            _finding(
                "C7",
                VIOLATION,
                s,
                _(
                    "“%(scope)s” is at %(level)s, but nothing has been agreed about accountability. Whoever "
                    "decides must regularly explain the choices made to both the neighbourhood and the "
                    "municipality."
                )
                % params,
                suggestion=_("Agree to whom, how and how often account is given."),
            )
        ]
    out = []
    missing = [a for a in AUDIENCES if a not in acc.audiences]
    if missing:
        out.append(
            _finding(
                "C7",
                VIOLATION,
                s,
                _(
                    "“%(scope)s” is at %(level)s, but no account is given to %(audiences)s. At this level account "
                    "is given both to the neighbourhood and to the municipality."
                )
                % {**params, "audiences": _join([audience_label(a) for a in missing])},
            )
        )
    if not acc.frequency.strip():
        out.append(
            _finding(
                "C7",
                VIOLATION,
                s,
                _(
                    "“%(scope)s” is at %(level)s, but it has not been agreed how often account is given. "
                    "Fixed moments make sure it really happens."
                )
                % params,
                suggestion=_("Agree on fixed moments, for example once a year."),
            )
        )
    return out


def _c8(s: Scope) -> list[Finding]:
    if any(a.owner_side in OWNER_SIDES and a.due_date is not None for a in s.actions):
        return []
    return [
        _finding(
            "C8",
            VIOLATION,
            s,
            _(
                "“%(scope)s” has no action with an owner and a due date yet. Agreements only work when it is "
                "clear who does what, and when."
            )
            % {"scope": s.title},
            suggestion=_("Add at least one action with an owner and a date."),
        )
    ]


def _c9(s: Scope, agreement: AgreementInput) -> list[Finding]:
    if s.level < 2 or agreement.representation_statement.strip():
        return []
    return [
        _finding(
            "C9",
            VIOLATION,
            s,
            _(
                "“%(scope)s” is at %(level)s, but it has not been written down on whose behalf the neighbourhood "
                "speaks. From level 2 on it matters whom the neighbourhood body represents and how it got its "
                "mandate."
            )
            % {"scope": s.title, "level": level_label(s.level)},
            suggestion=_("Write down who represents the neighbourhood, and on whose behalf."),
        )
    ]


def _has_evidence(evidence, code: str, start: date, end: date) -> bool:
    return any(e.safeguard_code == code and start <= e.on <= end for e in evidence)


def _c10_scope(s: Scope, agreement: AgreementInput, cat: Catalogue, today: date) -> list[Finding]:
    out = []
    for g in cat.ordered(s.safeguards - agreement.safeguards):
        if g.frequency_days is None:
            continue
        if not _has_evidence(s.evidence, g.code, today - timedelta(days=g.frequency_days), today):
            out.append(
                _finding(
                    "C10",
                    WARNING,
                    s,
                    _(
                        "For “%(scope)s” there is no recent proof that the safeguard “%(safeguard)s” is carried "
                        "out. It is expected at least every %(days)s days. This is a reason to talk about it at "
                        "the evaluation, not a reason to lower the level."
                    )
                    % {"scope": s.title, "safeguard": g.title, "days": g.frequency_days},
                    suggestion=_(
                        "Record proof, such as a report or a meeting record, or discuss it at the evaluation."
                    ),
                )
            )
    return out


def _c10_agreement(agreement: AgreementInput, cat: Catalogue, today: date) -> list[Finding]:
    out = []
    all_evidence = tuple(e for s in agreement.scope_items for e in s.evidence)
    for g in cat.ordered(agreement.safeguards):
        if g.frequency_days is None:
            continue
        if not _has_evidence(all_evidence, g.code, today - timedelta(days=g.frequency_days), today):
            out.append(
                _finding(
                    "C10",
                    WARNING,
                    None,
                    _(
                        "There is no recent proof that the safeguard “%(safeguard)s”, agreed for the whole "
                        "agreement, is carried out. It is expected at least every %(days)s days. This is a reason "
                        "to talk about it at the evaluation, not a reason to lower the level."
                    )
                    % {"safeguard": g.title, "days": g.frequency_days},
                    suggestion=_(
                        "Record proof, such as a report or a meeting record, or discuss it at the evaluation."
                    ),
                )
            )
    return out


def _agreement_findings(agreement: AgreementInput) -> list[Finding]:
    out = []
    for spot in agreement.open_blank_spots:
        out.append(
            _finding(
                "C8",
                VIOLATION,
                None,
                _(
                    "The blank spot “%(blank_spot)s” has not been resolved yet. Every blank spot from the "
                    "conversation becomes an action with an owner and a date, or is accepted with a reason."
                )
                % {"blank_spot": spot},
                sources=SOURCES["C8_blank_spot"],
                action=SuggestedAction(
                    title=_("Resolve the blank spot “%(blank_spot)s”") % {"blank_spot": spot}, owner_side="wijk"
                ),
            )
        )
    if agreement.representation_contested and not agreement.representation_conversation:
        out.append(
            _finding(
                "C9",
                VIOLATION,
                None,
                _(
                    "People disagree about who represents the neighbourhood, and there has been no conversation "
                    "about it yet. Without that conversation it is unclear on whose behalf decisions are made."
                ),
                suggestion=_("Let the area team or an independent facilitator lead a conversation about this."),
                action=SuggestedAction(
                    title=_("Organise a conversation about who represents the neighbourhood"), owner_side="gemeente"
                ),
            )
        )
    return out


def _strength(committed: frozenset[str], req3: frozenset[str]) -> float:
    if not req3:
        return 1.0
    return len(committed & req3) / len(req3)


def check(
    agreement: AgreementInput,
    catalogue: Catalogue,
    *,
    today: date | None = None,
    for_activation: bool = False,
    runtime: bool = False,
) -> CongruenceReport:
    """Check an agreement against the congruence rule (C1-C10).

    ``for_activation``: the agreement is about to take effect, so a missing council decision (C6) is a
    violation instead of a warning. ``runtime``: the agreement is running (step 3); also check that
    committed safeguards are realised (C10, warnings only), which needs ``today``.

    Findings come in scope order, then check number; findings about the agreement as a whole
    (scope_key None) come last. Raises ValueError on values outside the vocabularies above.
    """
    _validate(agreement)
    if runtime and today is None:
        raise ValueError("runtime checks (C10) need today")

    req3 = catalogue.required_for(3)
    keyed: list[tuple[int, int, int, Finding]] = []
    strength: dict[str, float] = {}

    def add(scope_index: int, findings: list[Finding]) -> None:
        for f in findings:
            keyed.append((scope_index, CHECKS.index(f.check), len(keyed), f))

    for i, s in enumerate(agreement.scope_items):
        committed = frozenset(s.safeguards) | frozenset(agreement.safeguards)
        strength[s.key] = _strength(committed, req3)
        add(i, _c1(s, committed, catalogue))
        add(i, _c2(s))
        add(i, _c3(s))
        add(i, _c4(s))
        add(i, _c5(s, catalogue))
        add(i, _c6(s, agreement, for_activation))
        add(i, _c7(s, agreement))
        add(i, _c8(s))
        add(i, _c9(s, agreement))
        if runtime:
            add(i, _c10_scope(s, agreement, catalogue, today))

    whole = len(agreement.scope_items)
    add(whole, _agreement_findings(agreement))
    if runtime:
        add(whole, _c10_agreement(agreement, catalogue, today))

    keyed.sort(key=lambda t: t[:3])
    return CongruenceReport(findings=tuple(t[3] for t in keyed), strength=strength)
