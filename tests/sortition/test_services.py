"""The draw by lot through its services: extract, letters, replies, quotas, the background
calculation, commitment, seed, seating and replacements (loting met aanvulling)."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.core.models import AuditEntry, Channel
from samenspel.places.models import DataSource, IndicatorValue
from samenspel.sortition import register, services
from samenspel.sortition.models import (
    DrawStatus,
    Invitation,
    InviteUnit,
    Quota,
    Respondent,
    RespondentStatus,
    Selection,
    SelectionKind,
    TaskState,
)

from .draw_helpers import *  # noqa: F403
from .draw_helpers import FEATURE_CYCLE, answer_yes, committed, invited, letters_of, pool, residents

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever translations exist."""
    with translation.override("en"):
        yield


# --- creating a draw --------------------------------------------------------------------------


def test_only_staff_for_the_place_create_a_draw(resident, wijk):
    with pytest.raises(PermissionDenied):
        services.create_draw(user=resident, place=wijk, title="x", purpose="y", seats=5)


def test_create_draw_checks_its_input(official, wijk, other_wijk):
    foreign = Organisation.objects.create(name="Elders", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=other_wijk)
    with pytest.raises(ValidationError) as error:
        services.create_draw(user=official, place=wijk, title="", purpose="", seats=0, organisation=foreign)
    assert set(error.value.message_dict) == {"title", "purpose", "seats", "organisation"}


def test_create_draw_is_audited(draw, official):
    assert draw.status == DrawStatus.DRAFT
    assert AuditEntry.objects.filter(action="sortition.draw.created", object_id=str(draw.pk)).exists()


# --- the register extract ---------------------------------------------------------------------


def test_upload_keeps_aggregate_counts_of_those_old_enough(draw, official):
    people = residents(200)
    people.append(register.Resident("KID1", 12, "woman", "Noord", "Proefstraat 1", "Kind", "9999AA", "Groningen"))
    extract = services.upload_extract(user=official, draw=draw, residents=people)
    draw.refresh_from_db()
    assert extract.rows == 201 and extract.eligible == 200
    assert sum(draw.population["age"].values()) == 200
    assert set(draw.population["gender"]) <= {"woman", "man", "other"}
    assert draw.features["buurt"] == sorted(draw.population["buurt"])
    assert "KID1" not in str(draw.population)


def test_parse_extract_reads_dutch_columns_and_semicolons():
    text = "Nummer;Leeftijd;Geslacht;Buurt;Adres;Naam\n1;34;V;Noord;Proefstraat 1;Eva Bos\n2;70;m;Zuid;Fictieweg 2;\n"
    people = register.parse_extract(text.encode())
    assert [(p.id, p.age, p.gender, p.buurt) for p in people] == [("1", 34, "woman", "Noord"), ("2", 70, "man", "Zuid")]
    assert people[0].name == "Eva Bos"


def test_parse_extract_names_every_bad_line():
    text = (
        "id,age,gender,buurt,address\n1,abc,V,Noord,A 1\n2,40,Q,Noord,A 2\n3,40,V,,A 3\n1,50,M,Zuid,A 4\n"
        "4,30,V,Zuid,A 5\n"
    )
    with pytest.raises(ValidationError) as error:
        register.parse_extract(text.encode())
    messages = error.value.messages
    assert len(messages) == 3
    assert messages[0].startswith("Line 2:") and "abc" in messages[0]
    assert messages[1].startswith("Line 3:") and "Q" in messages[1]
    assert messages[2].startswith("Line 4:")


def test_parse_extract_reports_missing_columns():
    with pytest.raises(ValidationError, match="Missing: gender, address"):
        register.parse_extract(b"id,age,buurt\n1,40,Noord\n")


# --- stage 1: letters ---------------------------------------------------------------------------


def test_invitations_are_spread_over_the_buurten(draw, official):
    people = residents(600)
    services.upload_extract(user=official, draw=draw, residents=people)
    services.draw_invitations(user=official, draw=draw, count=100)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.INVITED
    counts = Counter(Invitation.objects.filter(draw=draw).values_list("buurt", flat=True))
    eligible = Counter(p.buurt for p in people if p.age >= 16)
    for buurt, n in eligible.items():
        assert abs(counts[buurt] - 100 * n / sum(eligible.values())) < 1
    assert sum(counts.values()) == 100


def test_letters_carry_a_code_that_is_stored_only_as_a_hash(draw, official):
    letters = invited(draw, official, letters=20)
    codes = {letter["code"] for letter in letters}
    assert len(codes) == 20
    hashes = set(Invitation.objects.filter(draw=draw).values_list("code_hash", flat=True))
    assert hashes == {services.code_key(c) for c in codes}
    assert not codes & hashes


def test_nobody_gets_a_second_letter(draw, official):
    services.upload_extract(user=official, draw=draw, residents=residents(60))
    services.draw_invitations(user=official, draw=draw, count=30)
    left = sum(1 for p in residents(60) if p.age >= 16) - 30
    services.draw_invitations(user=official, draw=draw, count=left)
    ids = [i for letter in letters_of(draw) for i in letter["ids"]]
    assert len(ids) == len(set(ids))
    assert set(Invitation.objects.filter(draw=draw).values_list("batch", flat=True)) == {1, 2}
    with pytest.raises(ValidationError, match="had a letter already"):
        services.draw_invitations(user=official, draw=draw, count=1)


def test_addresses_get_one_letter_for_everyone_living_there(official, wijk):
    draw = services.create_draw(
        user=official, place=wijk, title="Adressen", purpose="p", seats=3, invite_unit=InviteUnit.ADDRESS
    )
    people = residents(200)
    services.upload_extract(user=official, draw=draw, residents=people)
    addresses = {p.address for p in people}
    services.draw_invitations(user=official, draw=draw, count=len(addresses))
    letters = letters_of(draw)
    assert len({letter["address"] for letter in letters}) == len(letters) == len(addresses)
    assert all(letter["name"] == "" for letter in letters)


def test_asking_for_more_letters_than_people_is_refused(draw, official):
    services.upload_extract(user=official, draw=draw, residents=residents(30))
    with pytest.raises(ValidationError) as error:
        services.draw_invitations(user=official, draw=draw, count=31)
    assert "count" in error.value.message_dict


def test_letters_pdf(draw, official):
    invited(draw, official, letters=3)
    pdf = services.letters_pdf(user=official, draw=draw, batch=1)
    assert pdf.startswith(b"%PDF")


# --- replies ----------------------------------------------------------------------------------------


def test_yes_needs_consent_features_and_household(draw, official):
    letters = invited(draw, official, letters=5)
    with pytest.raises(ValidationError) as error:
        services.reply(code=letters[0]["code"], accept=True, features={"age": "12-15"}, postcode="x")
    assert {"consent", "age", "gender", "buurt", "postcode", "house_number"} <= set(error.value.message_dict)
    assert not Respondent.objects.exists()


def test_a_yes_reply_joins_the_pool_with_a_household_key(draw, official):
    letters = invited(draw, official, letters=5)
    respondent = answer_yes(letters[0], FEATURE_CYCLE[0], house_number="12a", initials="E.B.")
    assert respondent.status == RespondentStatus.POOL
    assert respondent.features == FEATURE_CYCLE[0]
    assert respondent.household_key == services.household_key(draw, "9999 aa", "12A")
    assert respondent.consent_at is not None and respondent.channel == Channel.ONLINE
    with pytest.raises(ValidationError, match="already been answered"):
        services.reply(code=letters[0]["code"], accept=False)


def test_a_no_keeps_nothing_but_the_answer(draw, official):
    letters = invited(draw, official, letters=5)
    respondent = services.reply(
        code=letters[1]["code"], accept=False, features=FEATURE_CYCLE[0], postcode="9999AA", house_number="3"
    )
    assert respondent.status == RespondentStatus.DECLINED_INVITATION
    assert respondent.features == {} and respondent.household_key == "" and respondent.consent_at is None


def test_unknown_code(draw, official):
    invited(draw, official, letters=2)
    with pytest.raises(ValidationError, match="do not know this code"):
        services.reply(code="AAAA-BBBB-CCCC", accept=False)


def test_officials_enter_paper_replies(draw, official, resident):
    letters = invited(draw, official, letters=3)
    kwargs = {"accept": True, "features": FEATURE_CYCLE[1], "postcode": "9999AB", "house_number": "4", "consent": True}
    with pytest.raises(PermissionDenied):
        services.enter_reply(user=resident, draw=draw, code=letters[0]["code"], channel=Channel.PAPER, **kwargs)
    respondent = services.enter_reply(
        user=official, draw=draw, code=letters[0]["code"], channel=Channel.PAPER, **kwargs
    )
    assert respondent.channel == Channel.PAPER and respondent.entered_by == official


def test_closing_needs_enough_people_and_deletes_the_extract(draw, official):
    letters = invited(draw, official, letters=10)
    with pytest.raises(ValidationError, match="Nobody has said yes yet"):
        services.close_replies(user=official, draw=draw)
    answer_yes(letters[0], FEATURE_CYCLE[0])
    with pytest.raises(ValidationError, match="Only 1 person said yes, fewer than the 5 seats"):
        services.close_replies(user=official, draw=draw)
    answer_yes(letters[1], FEATURE_CYCLE[1], house_number="99")
    with pytest.raises(ValidationError, match="Only 2 people said yes, fewer than the 5 seats"):
        services.close_replies(user=official, draw=draw)
    for i, letter in enumerate(letters[2:6]):
        answer_yes(letter, FEATURE_CYCLE[i], house_number=str(100 + i))
    services.close_replies(user=official, draw=draw)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.RESPONSES_CLOSED
    assert draw.extract.is_deleted and bytes(draw.extract.payload) == b""
    assert not Invitation.objects.filter(draw=draw).exclude(letter=b"").exists()
    with pytest.raises(ValidationError, match="closed"):
        services.reply(code=letters[7]["code"], accept=False)


# --- quotas ---------------------------------------------------------------------------------------


def test_quotas_from_cbs_figures_keep_calculated_and_used(draw, official, wijk):
    source = DataSource.objects.create(key="cbs-test", title="Kerncijfers", publisher="CBS")
    IndicatorValue.objects.create(place=wijk, indicator="men", year=2024, value=6385, source=source)
    IndicatorValue.objects.create(place=wijk, indicator="women", year=2024, value=6585, source=source)
    pool(draw, official, yes=12)
    services.calculate_quotas(user=official, draw=draw)
    gender = {q.value: q for q in Quota.objects.filter(draw=draw, feature="gender")}
    assert gender["woman"].population == 6585 and gender["other"].population == 0
    assert (gender["woman"].calculated_min, gender["woman"].calculated_max) == (1, 3)  # 5 × 50.8 % = 2.5
    draw.refresh_from_db()
    assert "CBS" in draw.population_source
    services.set_quotas(user=official, draw=draw, limits={("gender", "woman"): (2, 3)})
    gender["woman"].refresh_from_db()
    assert (gender["woman"].min, gender["woman"].calculated_min) == (2, 1)


def test_bad_quotas_are_refused_and_nothing_changes(draw, official):
    pool(draw, official, yes=12)
    services.calculate_quotas(user=official, draw=draw)
    before = list(Quota.objects.filter(draw=draw).values_list("min", "max"))
    with pytest.raises(ValidationError) as error:
        services.set_quotas(user=official, draw=draw, limits={("age", "65+"): (3, 1), ("gender", "man"): (0, 1)})
    assert "age:65+" in error.value.message_dict
    assert list(Quota.objects.filter(draw=draw).values_list("min", "max")) == before


# --- stage 2: the selection ---------------------------------------------------------------------


def test_the_selection_runs_as_a_task_and_is_verifiable(draw, official):
    from samenspel.sortition.draw import commitment, verify
    from samenspel.sortition.quotas import Quota as PureQuota

    selection = committed(draw, official, yes=30)
    assert selection.task_state == TaskState.DONE and selection.progress == 1.0
    marginals = selection.distribution["marginals"]
    assert set(marginals) == set(selection.people) and len(marginals) == 30
    assert abs(sum(marginals.values()) - 5) < 1e-6
    draw.refresh_from_db()
    assert draw.status == DrawStatus.COMMITTED
    quotas = [PureQuota(q["feature"], q["value"], q["min"], q["max"]) for q in selection.quotas]
    assert selection.commitment == commitment(
        selection.people,
        quotas,
        5,
        selection.seed_source,
        households=selection.households or None,
        algorithm="leximin",
        distribution=services._distribution(selection),
    )

    chosen = services.reveal_seed(user=official, selection=selection, seed="482913")
    draw.refresh_from_db()
    selection.refresh_from_db()
    assert draw.status == DrawStatus.SELECTED and len(chosen) == 5
    assert {r.status for r in chosen} == {RespondentStatus.SELECTED}
    result = verify(services.material(selection))
    assert result["ok"] is True
    assert sorted(result["selected"]) == selection.selected
    for row in services.outcome_table(selection):
        assert row["ok"], row


def test_the_seed_cannot_come_before_the_commitment_or_twice(draw, official):
    pool(draw, official, yes=20)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    with pytest.raises(ValidationError, match="before the seed"):
        services.reveal_seed(user=official, selection=selection, seed="1")
    selection = services.commit(user=official, selection=selection)
    with pytest.raises(ValidationError, match="cannot be done now"):
        services.start_selection(user=official, draw=draw, seed_source="anders")
    with pytest.raises(ValidationError, match="cannot be done now"):
        services.set_quotas(user=official, draw=draw, limits={("age", "65+"): (0, 1)})
    services.reveal_seed(user=official, selection=selection, seed="1")
    with pytest.raises(ValidationError, match="already been revealed"):
        services.reveal_seed(user=official, selection=selection, seed="2")


def test_with_the_database_backend_the_calculation_waits_for_the_worker(draw, official, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pool(draw, official, yes=20)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    assert selection.task_state == TaskState.QUEUED and selection.distribution == {}
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [selection.pk]
    assert services.compute(selection.pk) == TaskState.DONE


def test_progress_is_stored_on_the_selection(draw, official):
    pool(draw, official, yes=20)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    progress = services._Progress(selection.pk)
    progress(0.42, "second phase")
    progress(0.425, "too small a step to store")
    selection.refresh_from_db()
    assert (selection.progress, selection.progress_message) == (0.42, "second phase")


def _all_young_women(i):
    young = i < 8
    return {
        "age": "16-24" if young else "65+",
        "gender": "woman" if young else "man",
        "buurt": ["Noord", "Midden", "Zuid", "Oost"][i % 4],
    }


def test_infeasible_quotas_report_the_smallest_relaxation(draw, official):
    pool(draw, official, yes=20, features=_all_young_women)
    services.calculate_quotas(user=official, draw=draw)
    limits = {(q.feature, q.value): (0, 5) for q in Quota.objects.filter(draw=draw)}
    limits[("age", "16-24")] = (3, 5)  # three young people ...
    limits[("gender", "woman")] = (0, 2)  # ... but all young people are women, and at most two women
    services.set_quotas(user=official, draw=draw, limits=limits)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    selection.refresh_from_db()
    assert selection.task_state == TaskState.INFEASIBLE
    assert len(selection.relaxation) == 1
    change = selection.relaxation[0]
    assert (change["feature"], change["value"]) in {("age", "16-24"), ("gender", "woman")}
    services.apply_relaxation(user=official, selection=selection)
    selection.refresh_from_db()
    assert selection.task_state == TaskState.DONE
    quota = Quota.objects.get(draw=draw, feature=change["feature"], value=change["value"])
    assert (quota.min, quota.max) == (change["new_min"], change["new_max"])
    assert AuditEntry.objects.filter(action="sortition.quotas.relaxed").exists()


# --- seating and replacements --------------------------------------------------------------------------


def test_seating_makes_account_holders_members_of_the_body(draw, official, body, resident):
    letters = pool(draw, official, yes=20, close=False)
    answer_yes(letters[25], FEATURE_CYCLE[0], house_number="900", user=resident)
    services.close_replies(user=official, draw=draw)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    selection = services.commit(user=official, selection=Selection.objects.get(pk=selection.pk))
    services.reveal_seed(user=official, selection=selection, seed="7")
    linked = Respondent.objects.get(user=resident)
    linked.status = RespondentStatus.SELECTED  # whoever was drawn: test the seating of an account holder
    linked.save()
    services.seat(user=official, respondent=linked)
    membership = Membership.objects.get(user=resident, role=Role.BODY_MEMBER)
    assert membership.organisation == body and membership.place == draw.place
    services.release(user=official, respondent=linked, reason="verhuisd")
    assert not Membership.objects.current().filter(user=resident, role=Role.BODY_MEMBER).exists()


def test_a_full_council_is_seated(draw, official):
    selection = committed(draw, official, yes=25)
    chosen = services.reveal_seed(user=official, selection=selection, seed="11")
    for respondent in chosen:
        services.seat(user=official, respondent=respondent, initials="A.B.")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.SEATED and draw.seated_at is not None
    assert services.vacancies(draw) == 0
    with pytest.raises(ValidationError, match="nothing to replace"):
        services.start_replacement(user=official, draw=draw, seed_source="x")


def test_replacement_uses_remaining_quotas_and_skips_housemates(draw, official):
    letters = pool(draw, official, yes=30, close=False)
    # Every pool member gets a housemate in the pool: answers 30..34 share addresses with 0..4.
    extra = letters[31:36]
    for i, letter in enumerate(extra):
        answer_yes(letter, FEATURE_CYCLE[i % len(FEATURE_CYCLE)], house_number=str(i + 1))
    services.close_replies(user=official, draw=draw)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    assert selection.households  # the shared addresses were found
    selection = services.commit(user=official, selection=Selection.objects.get(pk=selection.pk))
    chosen = services.reveal_seed(user=official, selection=selection, seed="3")
    decliner, *others = chosen
    for respondent in others:
        services.seat(user=official, respondent=respondent)
    services.release(user=official, respondent=decliner, reason="verhuist")

    replacement = services.start_replacement(user=official, draw=draw, seed_source="loterij 2", reason="afgezegd")
    replacement.refresh_from_db()
    assert replacement.kind == SelectionKind.REPLACEMENT and replacement.seats == 1
    assert list(replacement.replaces.all()) == [decliner]
    held = Counter((f, v) for r in others for f, v in r.features.items())
    main = {(q["feature"], q["value"]): q for q in selection.quotas}
    for q in replacement.quotas_calculated:
        original = main[(q["feature"], q["value"])]
        taken = held[(q["feature"], q["value"])]
        assert (q["min"], q["max"]) == (max(0, original["min"] - taken), max(0, original["max"] - taken))
    holding_keys = {r.household_key for r in others}
    pool_keys = {r.pool_id: r.household_key for r in Respondent.objects.filter(draw=draw)}
    assert not {pool_keys[pid] for pid in replacement.people} & holding_keys
    assert decliner.pool_id not in replacement.people
    assert not set(replacement.people) & {r.pool_id for r in chosen}

    replacement = services.commit(user=official, selection=replacement)
    (newcomer,) = services.reveal_seed(user=official, selection=replacement, seed="4")
    services.seat(user=official, respondent=newcomer)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.SEATED
    assert AuditEntry.objects.filter(action="sortition.replacement.started").exists()
    assert services.material(replacement)["about"]["held"] == sorted(r.pool_id for r in others)


def test_replacement_quotas_can_be_edited_and_both_are_kept(draw, official):
    selection = committed(draw, official, yes=25)
    chosen = services.reveal_seed(user=official, selection=selection, seed="5")
    services.release(user=official, respondent=chosen[0])
    services.release(user=official, respondent=chosen[1])
    replacement = services.start_replacement(user=official, draw=draw, seed_source="loterij 2")
    replacement.refresh_from_db()
    assert replacement.seats == 2
    calculated = list(replacement.quotas_calculated)
    key = (replacement.quotas[0]["feature"], replacement.quotas[0]["value"])
    services.set_selection_quotas(user=official, selection=replacement, limits={key: (0, 2)})
    replacement.refresh_from_db()
    assert (replacement.quotas[0]["min"], replacement.quotas[0]["max"]) == (0, 2)
    assert replacement.quotas_calculated == calculated
    assert replacement.task_state in (TaskState.DONE, TaskState.INFEASIBLE)


def test_check_shows_the_chance_and_the_outcome(draw, official):
    letters = pool(draw, official, yes=25)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    selection = services.commit(user=official, selection=Selection.objects.get(pk=selection.pk))
    services.reveal_seed(user=official, selection=selection, seed="9")
    selection.refresh_from_db()
    result = services.check_invitation(letters[0]["code"].lower())
    (run,) = result["runs"]
    respondent = result["respondent"]
    assert run["probability"] == selection.distribution["marginals"][respondent.pool_id]
    assert run["selected"] == (respondent.pool_id in selection.selected)
    assert services.check_invitation("NOPE") is None
    no = services.check_invitation(letters[25]["code"])
    assert no["respondent"].status == RespondentStatus.DECLINED_INVITATION and no["runs"] == []


def test_probability_summary(draw, official):
    selection = committed(draw, official, yes=30)
    summary = services.probability_summary(selection)
    assert summary["people"] == 30
    assert summary["min"] <= summary["equal"] <= summary["max"]
    assert sum(b["people"] for b in summary["buckets"]) == 30
