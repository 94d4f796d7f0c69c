"""The pure congruence module: checks C1-C10 and its properties. No database needed."""

import copy
import dataclasses
import json
from datetime import date, timedelta

import pytest
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenspel.agreements import congruence as c
from samenspel.agreements.congruence import (
    Accountability,
    Action,
    AgreementInput,
    Catalogue,
    Evidence,
    InstrumentDef,
    Role,
    SafeguardDef,
    Scope,
    check,
)

TODAY = date(2026, 3, 1)

# Mirrors the spec's proposed catalogue (§5.3): code, compass point, min level, recommended from.
CATALOGUE = Catalogue(
    safeguards=(
        SafeguardDef("G-IS-1", "every_voice", "Offline and online outreach", 2, recommended_from=1),
        SafeguardDef("G-IS-2", "every_voice", "Representation statement", 2),
        SafeguardDef("G-IS-3", "every_voice", "Neighbourhood panel", 3, frequency_days=180),
        SafeguardDef("G-IS-4", "every_voice", "Diverse composition of the deciding body", 3),
        SafeguardDef("G-IS-5", "every_voice", "Minority positions recorded", 2),
        SafeguardDef("G-IS-6", "every_voice", "Skills support for members", 3, recommended_from=2),
        SafeguardDef("G-TR-1", "transparency", "Public role matrix", 1),
        SafeguardDef("G-TR-2", "transparency", "Expectations published beforehand", 1),
        SafeguardDef("G-TR-3", "transparency", "Regular communication of results", 2, frequency_days=90),
        SafeguardDef("G-TR-4", "transparency", "Public meetings and published decisions", 3),
        SafeguardDef("G-TR-5", "transparency", "Open budget", 3),
        SafeguardDef("G-ZG-1", "say", "Documented role matrix", 1),
        SafeguardDef("G-ZG-2", "say", "Agenda-setting right defined", 2),
        SafeguardDef("G-ZG-3", "say", "Checks and balances", 3),
        SafeguardDef("G-ZG-4", "say", "Periodic accountability", 3, frequency_days=365),
        SafeguardDef("G-ZG-5", "say", "Council decision on transfer", 3),
        SafeguardDef("G-GG-1", "good_conversation", "Open dialogue before every decision", 2),
        SafeguardDef("G-GG-2", "good_conversation", "Dialogue facilitation", 3, recommended_from=2),
        SafeguardDef("G-GG-3", "good_conversation", "Efficiency review", 2),
    ),
    instruments=(
        InstrumentDef("inspraak", "Formal consultation", 1, 3),
        InstrumentDef("wijkpanel", "Neighbourhood panel", 1, 3),
        InstrumentDef("loting", "Sortition", 2, 3),
        InstrumentDef("buurtbudget", "Neighbourhood budget decided by residents", 3, 3),
    ),
)

L3_ROLES = (
    Role("think", "directs", "wijk_body"),
    Role("think", "facilitates", "area_team"),
    Role("decide", "decides", "wijk_body"),
    Role("do", "carries_out", "together"),
    Role("learn", "accounts", "wijk_body"),
)
L2_ROLES = (
    Role("think", "organises", "resident_organisation"),
    Role("think", "facilitates", "area_team"),
    Role("decide", "decides", "college"),
    Role("do", "carries_out", "together"),
)
L1_ROLES = (
    Role("think", "advises", "residents"),
    Role("decide", "decides", "council"),
    Role("do", "carries_out", "area_team"),
)
ACTIONS = (Action("Set up a neighbourhood panel", "wijk", date(2026, 6, 1)),)
EVIDENCE = (
    Evidence("G-IS-3", TODAY - timedelta(days=30)),
    Evidence("G-TR-3", TODAY - timedelta(days=10)),
    Evidence("G-ZG-4", TODAY - timedelta(days=200)),
)


def scope(**kw) -> Scope:
    base = {
        "key": "budget",
        "title": "Neighbourhood budget",
        "level": 3,
        "roles": L3_ROLES,
        "safeguards": CATALOGUE.required_for(3) | {"G-IS-6", "G-GG-2"},
        "instruments": ("buurtbudget", "wijkpanel"),
        "actions": ACTIONS,
        "evidence": EVIDENCE,
    }
    base.update(kw)
    return Scope(**base)


def agreement(*scopes, **kw) -> AgreementInput:
    base = {
        "scope_items": scopes or (scope(),),
        "representation_statement": "The neighbourhood council speaks for the residents who elected it.",
        "accountability": Accountability(frozenset({"wijk", "gemeente"}), "twice a year"),
        "council_decision": True,
    }
    base.update(kw)
    return AgreementInput(**base)


def run(a: AgreementInput, **kw) -> c.CongruenceReport:
    kw.setdefault("today", TODAY)
    with override("en"):
        return check(a, CATALOGUE, **kw)


def of(report, check_code, severity=None):
    return [f for f in report.findings if f.check == check_code and (severity is None or f.severity == severity)]


# --------------------------------------------------------------------------- the catalogue


def test_catalogue_required_and_recommended():
    assert CATALOGUE.required("transparency", 1) == {"G-TR-1", "G-TR-2"}
    assert CATALOGUE.required("every_voice", 1) == frozenset()
    assert CATALOGUE.required("every_voice", 2) == {"G-IS-1", "G-IS-2", "G-IS-5"}
    assert CATALOGUE.required_for(1) == {"G-TR-1", "G-TR-2", "G-ZG-1"}
    assert len(CATALOGUE.required_for(3)) == 19
    assert CATALOGUE.recommended("every_voice", 1) == {"G-IS-1"}
    assert CATALOGUE.recommended("every_voice", 2) == {"G-IS-6"}
    assert CATALOGUE.recommended("every_voice", 3) == frozenset()
    never = Catalogue((SafeguardDef("X", "say", "Optional", None, recommended_from=2),))
    assert never.required_for(3) == frozenset()
    assert never.recommended("say", 3) == {"X"}
    assert never.recommended("say", 1) == frozenset()


def test_catalogue_rejects_bad_data():
    with pytest.raises(ValueError):
        Catalogue((SafeguardDef("X", "nonsense", "X", 1),))
    with pytest.raises(ValueError):
        Catalogue((SafeguardDef("X", "say", "X", 4),))
    with pytest.raises(ValueError):
        Catalogue((SafeguardDef("X", "say", "X", 1), SafeguardDef("X", "say", "Y", 2)))
    with pytest.raises(ValueError):
        Catalogue((), (InstrumentDef("x", "X", 3, 1),))


def test_check_rejects_values_outside_the_vocabularies():
    with pytest.raises(ValueError):
        run(agreement(scope(level=4)))
    with pytest.raises(ValueError):
        run(agreement(scope(roles=(Role("think", "rules", "wijk_body"),))))
    with pytest.raises(ValueError):
        run(agreement(), runtime=True, today=None)


# --------------------------------------------------------------------------- a congruent agreement


def test_fully_congruent_level_3_agreement():
    a = agreement()
    for kw in ({}, {"for_activation": True}, {"runtime": True}, {"for_activation": True, "runtime": True}):
        report = run(a, **kw)
        assert report.findings == (), report.findings
        assert report.congruent
    assert run(a).strength == {"budget": 1.0}
    data = run(a).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["congruent"] is True


def test_congruent_level_1_and_2_items():
    l1 = scope(key="green", title="Green spaces", level=1, roles=L1_ROLES, instruments=("inspraak",))
    l2 = scope(key="agenda", title="Neighbourhood agenda", level=2, roles=L2_ROLES, instruments=("loting",))
    report = run(agreement(l1, l2, accountability=None, council_decision=False))
    assert report.findings == ()


def test_strength_is_share_of_level_3_requirements():
    s = scope(level=1, roles=L1_ROLES, instruments=(), safeguards=frozenset({"G-TR-1", "G-TR-2", "G-ZG-1", "X"}))
    report = run(agreement(s))
    assert report.strength["budget"] == pytest.approx(3 / 19)
    assert report.strength == run(agreement(s, safeguards=frozenset())).strength


# --------------------------------------------------------------------------- C1


def test_c1_missing_required_safeguard_is_a_violation_with_suggested_action():
    s = scope(safeguards=scope().safeguards - {"G-IS-3"})
    report = run(agreement(s))
    [f] = of(report, "C1")
    assert f.severity == "violation" and f.scope_key == "budget"
    assert "Neighbourhood panel" in f.message and "level 3 (allocate & decide)" in f.message
    assert "Neighbourhood budget" in f.message
    assert f.sources == ("003:96-98", "003:126-127", "003:225-229")
    assert f.suggested_action.safeguard_code == "G-IS-3"
    assert f.suggested_action.owner_side == "wijk"
    assert report.suggested_actions == (f.suggested_action,)
    assert not report.congruent


def test_c1_agreement_wide_safeguards_cover_every_item():
    s = scope(safeguards=frozenset({"G-IS-6", "G-GG-2"}))
    assert of(run(agreement(s)), "C1", "violation")
    assert not of(run(agreement(s, safeguards=CATALOGUE.required_for(3))), "C1")


def test_c1_violations_in_compass_then_catalogue_order():
    s = scope(safeguards=frozenset())
    codes = [f.suggested_action.safeguard_code for f in of(run(agreement(s)), "C1", "violation")]
    assert codes == [g.code for g in CATALOGUE.safeguards]


def test_c1_missing_recommended_safeguards_give_one_warning():
    s = scope(level=2, roles=L2_ROLES, instruments=(), safeguards=CATALOGUE.required_for(2))
    [f] = of(run(agreement(s)), "C1")
    assert f.severity == "warning"
    assert "Skills support for members" in f.message and "Dialogue facilitation" in f.message
    assert run(agreement(s)).congruent


# --------------------------------------------------------------------------- C2


def test_c2_citywide_item_cannot_be_level_3():
    report = run(agreement(scope(is_citywide=True)))
    msgs = [f.message for f in of(report, "C2")]
    assert len(msgs) == 2  # level 3, and the neighbourhood body decides
    assert all(f.sources == ("003:168-170", "003:296-298") for f in of(report, "C2"))
    assert "city-wide" in msgs[0]
    assert "the neighbourhood body" in msgs[1]


def test_c2_citywide_item_where_neighbourhood_decides_together():
    roles = (*L2_ROLES, Role("decide", "decides", "together"))
    s = scope(level=2, roles=roles, instruments=(), is_citywide=True)
    [f] = of(run(agreement(s)), "C2")
    assert "together" in f.message


def test_c2_citywide_item_at_level_1_passes():
    s = scope(level=1, roles=L1_ROLES, instruments=(), is_citywide=True)
    assert not of(run(agreement(s)), "C2")


# --------------------------------------------------------------------------- C3


def test_c3_empty_role_matrix():
    [f] = of(run(agreement(scope(roles=()))), "C3")
    assert f.severity == "violation" and "division of roles" in f.message and "empty" in f.message
    assert f.sources == ("003:135-176", "003:524")


def test_c3_level_1_neighbourhood_must_not_decide():
    s = scope(level=1, instruments=(), roles=(*L1_ROLES, Role("decide", "decides", "wijk_body")))
    [f] = of(run(agreement(s)), "C3")
    assert f.severity == "violation" and "the neighbourhood body" in f.message


def test_c3_level_1_without_advising_role_is_a_warning():
    s = scope(level=1, instruments=(), roles=(Role("decide", "decides", "council"),))
    [f] = of(run(agreement(s)), "C3")
    assert f.severity == "warning"
    assert not of(run(agreement(scope(level=1, instruments=(), roles=L1_ROLES))), "C3")


def test_c3_level_2_neighbourhood_must_lead_the_think_phase():
    roles = (Role("think", "organises", "area_team"), Role("do", "organises", "wijk_body"))
    roles += (Role("think", "facilitates", "area_team"),)
    [f] = of(run(agreement(scope(level=2, instruments=(), roles=roles))), "C3")
    assert f.severity == "violation" and "‘think’" in f.message
    together = (Role("think", "directs", "together"), Role("do", "facilitates", "area_team"))
    assert not of(run(agreement(scope(level=2, instruments=(), roles=together))), "C3")


def test_c3_level_2_neighbourhood_must_not_decide_alone():
    roles = (*L2_ROLES, Role("decide", "decides", "wijk_body"))
    [f] = of(run(agreement(scope(level=2, instruments=(), roles=roles))), "C3")
    assert f.severity == "violation" and "decide alone" in f.message
    shared = (*L2_ROLES, Role("decide", "decides", "together"))
    assert not of(run(agreement(scope(level=2, instruments=(), roles=shared))), "C3")


def test_c3_level_2_area_team_should_facilitate():
    roles = tuple(r for r in L2_ROLES if r.responsibility != "facilitates")
    [f] = of(run(agreement(scope(level=2, instruments=(), roles=roles))), "C3")
    assert f.severity == "warning" and "area team" in f.message


def test_c3_level_3_decision_by_the_neighbourhood_body():
    roles = tuple(r for r in L3_ROLES if r.responsibility != "decides") + (Role("decide", "decides", "college"),)
    [f] = of(run(agreement(scope(roles=roles))), "C3")
    assert f.severity == "violation" and "the mayor and aldermen" in f.message
    nobody = tuple(r for r in L3_ROLES if r.responsibility != "decides")
    [f] = of(run(agreement(scope(roles=nobody))), "C3")
    assert "not taken by a mandated neighbourhood body" in f.message


def test_c3_level_3_needs_accountability_role():
    roles = tuple(r for r in L3_ROLES if r.responsibility != "accounts")
    [f] = of(run(agreement(scope(roles=roles))), "C3")
    assert f.severity == "violation" and "accountability" in f.message


# --------------------------------------------------------------------------- C4


def test_c4_desired_level_differs_without_justification():
    [f] = of(run(agreement(scope(desired_level=2))), "C4")
    assert f.severity == "violation"
    assert "level 2 (drive & initiate)" in f.message and "level 3 (allocate & decide)" in f.message
    assert f.sources == ("003:96-98", "003:221-225")


def test_c4_passes_when_equal_or_justified():
    assert not of(run(agreement(scope(desired_level=3))), "C4")
    assert not of(run(agreement(scope(desired_level=2, level_justification="Residents want more"))), "C4")
    assert of(run(agreement(scope(desired_level=2, level_justification="   "))), "C4")


# --------------------------------------------------------------------------- C5


def test_c5_instrument_outside_its_level_range():
    s = scope(level=2, roles=L2_ROLES, instruments=("buurtbudget",))
    [f] = of(run(agreement(s)), "C5")
    assert f.severity == "violation" and f.sources == ("003:462-463",)
    assert "Neighbourhood budget decided by residents" in f.message and "only fits level 3" in f.message
    s = scope(level=1, roles=L1_ROLES, instruments=("loting",))
    [f] = of(run(agreement(s)), "C5")
    assert "level 2 (drive & initiate) to level 3 (allocate & decide)" in f.message


def test_c5_unknown_instrument():
    [f] = of(run(agreement(scope(instruments=("crystal-ball",)))), "C5")
    assert f.severity == "violation" and "crystal-ball" in f.message


def test_c5_fitting_instruments_pass():
    assert not of(run(agreement(scope(instruments=("buurtbudget", "inspraak", "loting", "wijkpanel")))), "C5")


# --------------------------------------------------------------------------- C6


def test_c6_level_3_needs_council_decision():
    a = agreement(council_decision=False)
    [f] = of(run(a), "C6")
    assert f.severity == "warning" and "council" in f.message
    assert f.sources == ("003:83-87", "003:246-248")
    assert run(a).congruent
    [f] = of(run(a, for_activation=True), "C6")
    assert f.severity == "violation"
    assert not of(run(agreement(council_decision=True), for_activation=True), "C6")


def test_c6_not_for_lower_levels():
    s = scope(level=2, roles=L2_ROLES, instruments=())
    assert not of(run(agreement(s, council_decision=False), for_activation=True), "C6")


# --------------------------------------------------------------------------- C7


@pytest.mark.parametrize(
    ("accountability", "expected"),
    [
        (None, 1),
        (Accountability(frozenset({"wijk"}), "yearly"), 1),
        (Accountability(frozenset(), ""), 2),
        (Accountability(frozenset({"wijk", "gemeente"}), " "), 1),
        (Accountability(frozenset({"wijk", "gemeente"}), "yearly"), 0),
    ],
)
def test_c7_dual_accountability(accountability, expected):
    findings = of(run(agreement(accountability=accountability)), "C7")
    assert len(findings) == expected
    assert all(f.severity == "violation" and f.sources == ("003:176",) for f in findings)


def test_c7_missing_audience_is_named():
    [f] = of(run(agreement(accountability=Accountability(frozenset({"wijk"}), "yearly"))), "C7")
    assert "the municipality" in f.message


def test_c7_not_for_lower_levels():
    s = scope(level=2, roles=L2_ROLES, instruments=())
    assert not of(run(agreement(s, accountability=None)), "C7")


# --------------------------------------------------------------------------- C8


@pytest.mark.parametrize(
    "actions",
    [
        (),
        (Action("Someone should do it", None, date(2026, 6, 1)),),
        (Action("Some day", "wijk", None),),
        (Action("Unknown owner", "elsewhere", date(2026, 6, 1)),),
    ],
)
def test_c8_needs_action_with_owner_and_due_date(actions):
    [f] = of(run(agreement(scope(actions=actions))), "C8")
    assert f.severity == "violation" and f.sources == ("003:229-230",)


def test_c8_action_passes():
    actions = (Action("Vague", None, None), Action("Report", "partner", date(2026, 5, 1)))
    assert not of(run(agreement(scope(actions=actions))), "C8")


def test_c8_open_blank_spot():
    report = run(agreement(open_blank_spots=("Young people do not take part",)))
    [f] = of(report, "C8")
    assert f.severity == "violation" and f.scope_key is None
    assert "Young people do not take part" in f.message
    assert f.sources == ("003:231-237",)
    assert f.suggested_action.owner_side == "wijk"


# --------------------------------------------------------------------------- C9


def test_c9_representation_statement_from_level_2():
    [f] = of(run(agreement(representation_statement=" ")), "C9")
    assert f.severity == "violation" and f.sources == ("003:140-142", "003:301-303")
    l1 = scope(level=1, roles=L1_ROLES, instruments=())
    assert not of(run(agreement(l1, representation_statement="")), "C9")


def test_c9_contested_representation_needs_a_conversation():
    [f] = of(run(agreement(representation_contested=True)), "C9")
    assert f.severity == "violation" and f.scope_key is None
    assert f.suggested_action.owner_side == "gemeente"
    a = agreement(representation_contested=True, representation_conversation=True)
    assert not of(run(a), "C9")


# --------------------------------------------------------------------------- C10


def test_c10_only_at_runtime():
    s = scope(evidence=())
    assert not of(run(agreement(s)), "C10")
    findings = of(run(agreement(s), runtime=True), "C10")
    assert [f.severity for f in findings] == ["warning"] * 3
    assert all(f.sources == ("003:241-248",) for f in findings)
    assert "180 days" in findings[0].message
    assert run(agreement(s), runtime=True).congruent  # never an automatic downgrade


def test_c10_evidence_window():
    stale = (
        Evidence("G-IS-3", TODAY - timedelta(days=181)),
        Evidence("G-TR-3", TODAY - timedelta(days=90)),
        Evidence("G-ZG-4", TODAY + timedelta(days=1)),
    )
    findings = of(run(agreement(scope(evidence=stale)), runtime=True), "C10")
    assert len(findings) == 2
    assert "Neighbourhood panel" in findings[0].message and "Periodic accountability" in findings[1].message


def test_c10_agreement_wide_safeguard_counts_evidence_on_any_item():
    codes = frozenset({"G-TR-3"})
    first = scope(key="a", title="A", safeguards=scope().safeguards - codes, evidence=EVIDENCE[:1] + EVIDENCE[2:])
    second = scope(key="b", title="B", safeguards=scope().safeguards - codes, evidence=EVIDENCE)
    report = run(agreement(first, second, safeguards=codes), runtime=True)
    assert not of(report, "C10")
    first = dataclasses.replace(first, evidence=())
    second = dataclasses.replace(second, evidence=(Evidence("G-TR-3", TODAY - timedelta(days=400)),))
    findings = of(run(agreement(first, second, safeguards=codes), runtime=True), "C10")
    wide = [f for f in findings if f.scope_key is None]
    assert len(wide) == 1 and "Regular communication of results" in wide[0].message


# --------------------------------------------------------------------------- ordering, output


def test_findings_ordered_by_scope_then_check_then_agreement_wide():
    first = scope(key="a", title="A", roles=(), actions=(), desired_level=1)
    second = scope(key="b", title="B", safeguards=frozenset(), is_citywide=True)
    report = run(agreement(first, second, open_blank_spots=("gap",), council_decision=False))
    keys = [(f.scope_key, f.check) for f in report.findings]
    assert keys[0] == ("a", "C3")
    assert [k for k, _ in keys] == sorted([k for k, _ in keys], key=lambda k: {"a": 0, "b": 1, None: 2}[k])
    for key in ("a", "b"):
        nums = [int(ch[1:]) for k, ch in keys if k == key]
        assert nums == sorted(nums)
    assert keys[-1] == (None, "C8")


def test_to_dict_is_json_serialisable():
    report = run(agreement(scope(safeguards=frozenset()), open_blank_spots=("gap",)), runtime=True)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["congruent"] is False
    assert data["violation_count"] == len(report.violations)
    assert data["warning_count"] == len(report.warnings)
    assert data["findings"][0]["suggested_action"]["safeguard_code"] == "G-IS-1"
    assert len(data["findings"]) == len(report.findings)


# --------------------------------------------------------------------------- properties

HYPOTHESIS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

levels = st.sampled_from(c.LEVELS)
optional_levels = st.one_of(st.none(), levels)


@st.composite
def catalogues(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    safeguards = tuple(
        SafeguardDef(
            code=f"G-{i}",
            compass_point=draw(st.sampled_from(c.COMPASS_POINTS)),
            title=f"Safeguard {i}",
            min_level=draw(optional_levels),
            recommended_from=draw(optional_levels),
            frequency_days=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=400))),
        )
        for i in range(n)
    )
    instruments = []
    for i in range(draw(st.integers(min_value=0, max_value=4))):
        low, high = sorted((draw(levels), draw(levels)))
        instruments.append(InstrumentDef(f"I-{i}", f"Instrument {i}", low, high))
    return Catalogue(safeguards, tuple(instruments))


def codes_of(cat: Catalogue):
    return st.frozensets(st.sampled_from([g.code for g in cat.safeguards] + ["UNKNOWN"]))


roles = st.builds(Role, st.sampled_from(c.PHASES), st.sampled_from(c.RESPONSIBILITIES), st.sampled_from(c.ACTORS))
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1))


@st.composite
def agreements(draw, cat: Catalogue):
    codes = codes_of(cat)
    instrument_codes = st.sampled_from([i.code for i in cat.instruments] + ["nope"])
    items = []
    for i in range(draw(st.integers(min_value=0, max_value=4))):
        items.append(
            Scope(
                key=f"s{i}",
                title=f"Item {i}",
                level=draw(levels),
                is_citywide=draw(st.booleans()),
                desired_level=draw(optional_levels),
                level_justification=draw(st.sampled_from(["", " ", "because"])),
                roles=tuple(draw(st.lists(roles, max_size=6))),
                safeguards=draw(codes),
                instruments=tuple(draw(st.lists(instrument_codes, max_size=2))),
                actions=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                Action,
                                st.just("Do it"),
                                st.one_of(st.none(), st.sampled_from(c.OWNER_SIDES)),
                                st.one_of(st.none(), days),
                            ),
                            max_size=2,
                        )
                    )
                ),
                evidence=tuple(
                    draw(
                        st.lists(st.builds(Evidence, st.sampled_from([g.code for g in cat.safeguards] or ["x"]), days))
                    )
                ),
            )
        )
    accountability = draw(
        st.one_of(
            st.none(),
            st.builds(Accountability, st.frozensets(st.sampled_from(c.AUDIENCES)), st.sampled_from(["", "yearly"])),
        )
    )
    return AgreementInput(
        scope_items=tuple(items),
        safeguards=draw(codes),
        representation_statement=draw(st.sampled_from(["", "statement"])),
        representation_contested=draw(st.booleans()),
        representation_conversation=draw(st.booleans()),
        accountability=accountability,
        council_decision=draw(st.booleans()),
        open_blank_spots=tuple(draw(st.lists(st.sampled_from(["gap one", "gap two"]), max_size=2))),
    )


def c1_codes(report) -> set[str]:
    return {f.suggested_action.safeguard_code for f in report.violations if f.check == "C1"}


@HYPOTHESIS
@given(data=st.data())
def test_property_raising_the_level_never_removes_a_requirement(data):
    cat = data.draw(catalogues())
    l1, l2 = sorted((data.draw(levels), data.draw(levels)))
    for k in c.COMPASS_POINTS:
        assert cat.required(k, l1) <= cat.required(k, l2)
    assert cat.required_for(l1) <= cat.required_for(l2)
    committed = data.draw(codes_of(cat))
    low = AgreementInput((Scope("s", "Item", l1, safeguards=committed),))
    high = AgreementInput((Scope("s", "Item", l2, safeguards=committed),))
    assert c1_codes(check(low, cat)) <= c1_codes(check(high, cat))


@HYPOTHESIS
@given(data=st.data())
def test_property_committing_every_required_safeguard_means_no_c1_violation(data):
    cat = data.draw(catalogues())
    a = data.draw(agreements(cat))
    items = tuple(dataclasses.replace(s, safeguards=s.safeguards | cat.required_for(s.level)) for s in a.scope_items)
    report = check(dataclasses.replace(a, scope_items=items), cat)
    assert not [f for f in report.violations if f.check == "C1"]
    # and committing them agreement-wide works just as well
    wide = frozenset().union(*(cat.required_for(s.level) for s in a.scope_items))
    report = check(dataclasses.replace(a, safeguards=a.safeguards | wide), cat)
    assert not [f for f in report.violations if f.check == "C1"]


@HYPOTHESIS
@given(data=st.data(), for_activation=st.booleans(), runtime=st.booleans(), today=days)
def test_property_check_is_deterministic_and_does_not_mutate(data, for_activation, runtime, today):
    cat = data.draw(catalogues())
    a = data.draw(agreements(cat))
    before_a, before_cat = copy.deepcopy(a), copy.deepcopy(cat)
    first = check(a, cat, today=today, for_activation=for_activation, runtime=runtime)
    second = check(a, cat, today=today, for_activation=for_activation, runtime=runtime)
    assert first == second
    assert first.to_dict() == second.to_dict()
    assert a == before_a and cat == before_cat


@HYPOTHESIS
@given(data=st.data(), for_activation=st.booleans(), runtime=st.booleans(), today=days)
def test_property_report_shape(data, for_activation, runtime, today):
    cat = data.draw(catalogues())
    a = data.draw(agreements(cat))
    report = check(a, cat, today=today, for_activation=for_activation, runtime=runtime)
    assert report.congruent == (len(report.violations) == 0)
    assert len(report.violations) + len(report.warnings) == len(report.findings)
    keys = [s.key for s in a.scope_items]
    order = [(keys.index(f.scope_key) if f.scope_key else len(keys), int(f.check[1:])) for f in report.findings]
    assert order == sorted(order)
    for f in report.findings:
        assert f.check in c.CHECKS and f.severity in (c.VIOLATION, c.WARNING) and f.sources and f.message
        if f.check == "C10":
            assert f.severity == c.WARNING
    assert set(report.strength) == set(keys)
    assert all(0.0 <= v <= 1.0 for v in report.strength.values())
    json.dumps(report.to_dict())
