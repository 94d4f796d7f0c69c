"""Voting services: ballot rules, voting codes, who may vote, secret ballot, paper ballots
entered twice, closing, turnout and the rate limit on code entry."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone, translation

from samenspel.accounts.models import Role
from samenspel.budgeting import voting
from samenspel.budgeting.models import (
    Ballot,
    BallotType,
    CodeBatch,
    PaperEntry,
    Participation,
    Project,
    ProjectStatus,
    VoteChannel,
    VotingCode,
)
from samenspel.core.models import AuditEntry

from .conftest import make_round


def issue(round_, n=1):
    """Voting codes straight into the database (generate_codes also prints letters)."""
    batch = CodeBatch.objects.create(round=round_, letters=n)
    codes = [voting.new_code() for _ in range(n)]
    VotingCode.objects.bulk_create([VotingCode(round=round_, batch=batch, code_hash=voting.code_key(c)) for c in codes])
    return codes


def pick(*projects, points=1):
    return {p.pk: points for p in projects}


def address(postcode="9713 AB", street="Zaagmuldersweg 12", birth_date=None, name="A. Jansen"):
    return voting.Address(name=name, street=street, postcode=postcode, city="Groningen", birth_date=birth_date)


@pytest.fixture(autouse=True)
def _english_and_empty_cache():
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def assert_nothing_stored(round_, code=None):
    assert not Ballot.objects.filter(round=round_).exists()
    if code is not None:
        assert VotingCode.objects.get(code_hash=voting.code_key(code)).used_at is None


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- Ballot rules ----------------------------------------------------------------------------


def test_choices_are_normalised(voting_round, projects):
    result = voting.validate_choices(voting_round, {str(projects[2].pk): 1, projects[0].pk: 1})
    assert result == {str(projects[0].pk): 1, str(projects[2].pk): 1}
    assert list(result) == sorted(result, key=int)


@pytest.mark.parametrize(
    "choices, message",
    [
        ("unknown", "not on this ballot"),
        ("nothing", "at least 1 project"),
        ("too_many", "at most 3 projects"),
        ("points_on_approval", "points are not used"),
        ("zero", "at least 1 point"),
        ("negative", "at least 1 point"),
        ("text_points", "whole numbers"),
        ("not_a_number", "not on this ballot"),
    ],
)
def test_invalid_ballots_are_refused_and_nothing_is_stored(voting_round, projects, choices, message):
    code = issue(voting_round)[0]
    extra = Project.objects.create(round=voting_round, title="Afgewezen", summary="-", cost_cents=100)
    ballots = {
        "unknown": {extra.pk: 1},  # a project that is not on the ballot
        "nothing": {},
        "too_many": pick(*projects),
        "points_on_approval": pick(projects[0], points=2),
        "zero": pick(projects[0], points=0),
        "negative": pick(projects[0], points=-1),
        "text_points": {projects[0].pk: "1"},
        "not_a_number": {"abc": 1},
    }
    with pytest.raises(ValidationError) as excinfo:
        voting.cast_with_code(voting_round, code, ballots[choices])
    assert message in messages_of(excinfo)
    assert_nothing_stored(voting_round, code)


def test_minimum_number_of_projects(budget):
    round_ = make_round(budget, min_projects=2, max_projects=None)
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    with pytest.raises(ValidationError, match="at least 2 projects"):
        voting.validate_choices(round_, {project.pk: 1})


def test_knapsack_must_stay_within_the_amount(budget):
    round_ = make_round(budget, ballot_type=BallotType.KNAPSACK, amount_cents=5_000_000, max_projects=None)
    big, small, tiny = (
        Project.objects.create(round=round_, title=t, summary="-", cost_cents=c, status=ProjectStatus.ON_BALLOT)
        for t, c in (("Groot", 4_000_000), ("Klein", 1_000_000), ("Mini", 1))
    )
    assert voting.validate_choices(round_, pick(big, small)) == {str(big.pk): 1, str(small.pk): 1}
    code = issue(round_)[0]
    with pytest.raises(ValidationError) as excinfo:
        voting.cast_with_code(round_, code, pick(big, small, tiny))
    assert "more than the € 50,000.00 there is to divide" in messages_of(excinfo)
    assert_nothing_stored(round_, code)


def test_cumulative_points(budget):
    round_ = make_round(
        budget, ballot_type=BallotType.CUMULATIVE, points=10, max_points_per_project=6, max_projects=None
    )
    a, b, c = (
        Project.objects.create(round=round_, title=t, summary="-", cost_cents=100, status=ProjectStatus.ON_BALLOT)
        for t in "ABC"
    )
    assert voting.validate_choices(round_, {a.pk: 6, b.pk: 3}) == {str(a.pk): 6, str(b.pk): 3}
    assert voting.validate_choices(round_, {a.pk: 1}) == {str(a.pk): 1}  # fewer than all points is fine
    with pytest.raises(ValidationError, match="at most 6 points"):
        voting.validate_choices(round_, {a.pk: 7})
    with pytest.raises(ValidationError, match="You gave 11 points, but you have 10"):
        voting.validate_choices(round_, {a.pk: 6, b.pk: 4, c.pk: 1})
    with pytest.raises(ValidationError, match="at least 1 point"):
        voting.validate_choices(round_, {a.pk: 0})


# --- Codes -----------------------------------------------------------------------------------


def test_codes_look_right_and_are_stored_as_keyed_hashes(settings):
    code = voting.new_code()
    assert len(code) == 12 and set(code) <= set(voting.ALPHABET)
    assert not set("01OIL") & set(voting.ALPHABET) and len(voting.ALPHABET) == 31
    printed = voting.format_code(code)
    assert printed.count("-") == 2 and printed.replace("-", "") == code
    # Spaces, dashes and lower case do not matter.
    assert voting.code_key(f" {printed.lower()} ") == voting.code_key(code)
    digest = voting.code_key(code)
    assert len(digest) == 64 and code not in digest
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert voting.code_key(code) != digest  # keyed: useless without the server's key


def test_vote_with_a_code(voting_round, projects):
    code = issue(voting_round)[0]
    receipt = voting.cast_with_code(voting_round, voting.format_code(code).lower(), pick(projects[0], projects[3]))
    ballot = Ballot.objects.get(round=voting_round)
    assert ballot.channel == VoteChannel.CODE
    assert ballot.choices == {str(projects[0].pk): 1, str(projects[3].pk): 1}
    assert ballot.cast_on == timezone.localdate()
    assert VotingCode.objects.get(round=voting_round).used_at is not None
    assert voting.ballot_for_receipt(voting_round, receipt) == ballot
    assert voting.ballot_for_receipt(voting_round, receipt.replace("-", "").lower()) == ballot
    assert voting.ballot_for_receipt(voting_round, voting.new_receipt()) is None
    assert len(receipt.replace("-", "")) == 10
    # Ballots are not audited one by one (secret ballot, speed).
    assert not AuditEntry.objects.filter(action__startswith="budgeting.ballot").exists()


def test_a_code_votes_once_when_changing_is_not_allowed(budget):
    round_ = make_round(budget, allow_vote_change=False)
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    code = issue(round_)[0]
    voting.cast_with_code(round_, code, pick(project))
    with pytest.raises(ValidationError, match="already been used"):
        voting.cast_with_code(round_, code, pick(project))
    with pytest.raises(ValidationError, match="already been used"):
        voting.verify_code(round_, code)
    assert Ballot.objects.filter(round=round_).count() == 1
    assert Ballot.objects.get(round=round_).change_key is None  # nothing to change: no key at all


def test_changing_a_vote_replaces_the_ballot(voting_round, projects):
    code = issue(voting_round)[0]
    first = voting.cast_with_code(voting_round, code, pick(projects[0]))
    ticket = voting.verify_code(voting_round, code)  # a used code may come back to change
    second = voting.cast_with_ticket(voting_round, ticket, pick(projects[1], projects[2]))
    ballot = Ballot.objects.get(round=voting_round)
    assert ballot.choices == {str(projects[1].pk): 1, str(projects[2].pk): 1}
    assert voting.ballot_for_receipt(voting_round, first) is None
    assert voting.ballot_for_receipt(voting_round, second) == ballot


def test_unknown_codes_and_codes_of_another_round(budget, voting_round, projects):
    other = make_round(budget)
    other_code = issue(other)[0]
    issue(voting_round)
    for code in (voting.new_code(), other_code, "abc", ""):
        with pytest.raises(ValidationError, match="do not know this code"):
            voting.cast_with_code(voting_round, code, pick(projects[0]))
        with pytest.raises(ValidationError) as excinfo:
            voting.verify_code(voting_round, code)
        assert voting.error_codes(excinfo.value) == {"unknown_code"}
    assert_nothing_stored(voting_round)
    assert VotingCode.objects.get(round=other).used_at is None


@pytest.mark.parametrize("how", ["closed_at", "time_is_up", "not_yet", "published"])
def test_a_closed_round_rejects_votes(budget, how):
    phase = {"time_is_up": "closed", "not_yet": "support"}.get(how, "voting")
    round_ = make_round(budget, phase)
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    code = issue(round_)[0]
    if how == "closed_at":
        round_.closed_at = timezone.now()
    if how == "published":
        round_.result_published_at = timezone.now()
    round_.save()
    with pytest.raises(ValidationError) as excinfo:
        voting.cast_with_code(round_, code, pick(project))
    assert voting.error_codes(excinfo.value) <= {"closed", "not_open"}
    assert_nothing_stored(round_, code)


def test_closing_while_a_ballot_is_being_written_refuses_it(voting_round, projects):
    """The round is closed in the database after the view loaded it: the cast sees it."""
    code = issue(voting_round)[0]
    stale = type(voting_round).objects.get(pk=voting_round.pk)
    voting_round.closed_at = timezone.now()
    voting_round.save()
    with pytest.raises(ValidationError):
        voting.cast_with_code(stale, code, pick(projects[0]))
    assert_nothing_stored(voting_round, code)


# --- Secret ballot ---------------------------------------------------------------------------


def test_a_ballot_references_no_voter_and_no_code(voting_round, projects, official):
    for field in Ballot._meta.get_fields():
        if field.is_relation and field.concrete:
            assert field.related_model is type(voting_round), f"Ballot.{field.name} points at {field.related_model}"
        assert not isinstance(field, models.DateTimeField), "a time of day could link a ballot to a code's used_at"
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "id",
        "round",
        "channel",
        "choices",
        "change_key",
        "receipt_hash",
        "cast_on",
    }
    code = issue(voting_round)[0]
    voting.cast_with_code(voting_round, code, pick(projects[0]))
    ballot = Ballot.objects.get()
    stored = VotingCode.objects.get()
    assert ballot.change_key and ballot.change_key != stored.code_hash
    assert stored.code_hash not in (ballot.receipt_hash, ballot.change_key)
    assert code not in str(ballot.choices) + ballot.change_key + ballot.receipt_hash


def test_closing_erases_every_change_key(voting_round, projects, official, resident):
    for code in issue(voting_round, 3):
        voting.cast_with_code(voting_round, code, pick(projects[0]))
    assert Ballot.objects.filter(change_key__isnull=False).count() == 3
    with pytest.raises(PermissionDenied):
        voting.close_voting(voting_round, resident)
    voting.close_voting(voting_round, official)
    assert not Ballot.objects.filter(change_key__isnull=False).exists()
    voting_round.refresh_from_db()
    assert voting_round.closed_at is not None
    entry = AuditEntry.objects.get(action="budgeting.voting.closed")
    assert entry.data == {"ballots": 3, "change_keys_erased": 3}
    with pytest.raises(ValidationError):
        voting.cast_with_code(voting_round, issue(voting_round)[0], pick(projects[0]))


# --- Who may vote ----------------------------------------------------------------------------


def test_postcode_eligibility(budget):
    round_ = make_round(budget, postcodes="9713\n9711 AB\n")
    assert voting.eligible(round_, address("9713 XY"))
    assert voting.eligible(round_, address("9711AB"))
    verdict = voting.eligible(round_, address("9711 AC"))
    assert not verdict and verdict.code == "postcode" and verdict.reason
    assert not voting.eligible(round_, address("1012 AB"))
    assert voting.eligible(make_round(budget, postcodes=""), address("1012 AB"))  # no postcode check


def test_age_eligibility_on_the_day_voting_opens(budget):
    round_ = make_round(budget, min_age=16)
    day = timezone.localtime(round_.voting_opens).date()
    sixteen_today = day.replace(year=day.year - 16)
    assert voting.eligible(round_, address(birth_date=sixteen_today))
    assert not voting.eligible(round_, address(birth_date=sixteen_today + datetime.timedelta(days=1)))
    verdict = voting.eligible(round_, address(birth_date=None))
    assert not verdict and verdict.code == "birth_date_missing"
    assert voting.eligible(make_round(budget), address(birth_date=None))  # no minimum age


def test_one_vote_per_address(budget):
    round_ = make_round(budget, one_vote_per_address=True)
    seen = set()
    assert voting.eligible(round_, address(street="Zaagmuldersweg 12 a", name="Piet"), seen=seen)
    verdict = voting.eligible(round_, address(street="Zaagmuldersweg 12A", name="Marie"), seen=seen)
    assert not verdict and verdict.code == "address_twice"
    assert voting.eligible(round_, address(street="Zaagmuldersweg 14", name="Marie"), seen=seen)
    lenient = make_round(budget, one_vote_per_address=False)
    seen = set()
    assert voting.eligible(lenient, address(name="Piet"), seen=seen) and voting.eligible(lenient, address(), seen=seen)


def test_parse_address_csv_semicolons_with_bom():
    data = (
        "\ufeffnaam;straat;postcode;plaats;geboortedatum\r\n"
        "Mevrouw A. Jansen;Zaagmuldersweg 12;9713ab;Groningen;31-05-1950\r\n"
        "\r\n"
        "J. de Vries;2e Hugo de Grootstraat 7 B;9711 AB;Groningen;\r\n"
    ).encode()
    rows = voting.parse_address_csv(io.BytesIO(data))
    assert rows == [
        voting.Address("Mevrouw A. Jansen", "Zaagmuldersweg 12", "9713 AB", "Groningen", datetime.date(1950, 5, 31)),
        voting.Address("J. de Vries", "2e Hugo de Grootstraat 7 B", "9711 AB", "Groningen", None),
    ]
    assert rows[1].house_number == "7B"


def test_parse_address_csv_commas_in_english():
    data = 'name,street,postcode,city,birth_date\n"Jansen, A.",Kade 3-bis,9713 AB,Groningen,1950-05-31\n'
    (row,) = voting.parse_address_csv(io.StringIO(data))
    assert row.name == "Jansen, A." and row.birth_date == datetime.date(1950, 5, 31) and row.house_number == "3-BIS"


def test_parse_address_csv_refuses_bad_lines_with_line_numbers(english):
    data = (
        "naam;straat;postcode;plaats;geboortedatum\n"
        "A. Jansen;Zaagmuldersweg 12;9713 AB;Groningen;\n"
        ";Zaagmuldersweg;12AB;Groningen;31-02-1950\n"
        "B. Bakker;Damsterdiep 3;9711 AB;;\n"
        "C. Smit;Damsterdiep 4;9711 AB;Groningen;2999-01-01;extra\n"
    )
    with pytest.raises(ValidationError) as excinfo:
        voting.parse_address_csv(io.StringIO(data))
    messages = excinfo.value.messages
    assert messages[0].startswith("Line 3:")
    assert "name is missing" in messages[0] and "no house number" in messages[0]
    assert "not a Dutch postcode" in messages[0] and "“31-02-1950” is not a date" in messages[0]
    assert messages[1] == "Line 4: the town is missing."
    assert messages[2].startswith("Line 5:") and "more fields" in messages[2]


def test_parse_address_csv_refuses_other_files(english):
    with pytest.raises(ValidationError, match="Not found: street, city"):
        voting.parse_address_csv(io.StringIO("naam;adres_regel;postcode\nA;B;9713AB\n"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        voting.parse_address_csv(
            io.BytesIO("naam;straat;postcode;plaats\nRenée;Weg 1;9713AB;Groningen\n".encode("cp1252"))
        )
    with pytest.raises(ValidationError, match="empty"):
        voting.parse_address_csv(io.BytesIO(b""))
    with pytest.raises(ValidationError, match="no addresses"):
        voting.parse_address_csv(io.StringIO("naam;straat;postcode;plaats\n"))


def test_one_print_run_has_at_most_max_addresses(budget, official):
    rows = "".join(f"Bewoner {i};Zaagmuldersweg {i + 1};9713 AB;Groningen\n" for i in range(voting.MAX_ADDRESSES + 1))
    with pytest.raises(ValidationError, match=f"more than {voting.MAX_ADDRESSES} addresses"):
        voting.parse_address_csv(io.StringIO("naam;straat;postcode;plaats\n" + rows))
    many = [address(street=f"Zaagmuldersweg {i + 1}") for i in range(voting.MAX_ADDRESSES + 1)]
    with pytest.raises(ValidationError, match=f"At most {voting.MAX_ADDRESSES} letters"):
        voting.generate_codes(make_round(budget), official, many)
    assert not CodeBatch.objects.exists()


# --- Voting with an account -----------------------------------------------------------------


def test_vote_with_an_account(voting_round, projects, resident):
    receipt = voting.cast_with_account(
        voting_round, resident, pick(projects[1]), postcode="9713ab", house_number="12", birth_date=None
    )
    ballot = Ballot.objects.get()
    assert ballot.channel == VoteChannel.ACCOUNT and voting.ballot_for_receipt(voting_round, receipt) == ballot
    participation = Participation.objects.get()
    assert participation.user == resident and participation.address_key == ""  # no one-per-address rule
    assert voting.has_voted(voting_round, resident)
    # Changing is allowed in this round: the same ballot is replaced.
    voting.cast_with_account(
        voting_round, resident, pick(projects[2]), postcode="9713ab", house_number="12", birth_date=None
    )
    assert Ballot.objects.get().choices == {str(projects[2].pk): 1}
    assert Participation.objects.count() == 1


def test_account_voting_checks_area_age_and_address(budget, make_user, wijk):
    round_ = make_round(budget, postcodes="9713", min_age=16, one_vote_per_address=True, allow_vote_change=False)
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    first, second, third = (make_user(Role.RESIDENT, wijk) for _ in range(3))
    adult = datetime.date(1980, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        voting.cast_with_account(round_, first, pick(project), postcode="1012 AB", house_number="1", birth_date=adult)
    assert "outside the area" in excinfo.value.message_dict["postcode"][0]
    young = timezone.localdate() - datetime.timedelta(days=365 * 10)
    with pytest.raises(ValidationError) as excinfo:
        voting.cast_with_account(round_, first, pick(project), postcode="9713 AB", house_number="1", birth_date=young)
    assert "at least 16 years old" in excinfo.value.message_dict["birth_date"][0]
    with pytest.raises(ValidationError) as excinfo:
        voting.cast_with_account(round_, first, pick(project), postcode="9713 AB", house_number="1", birth_date=None)
    assert "Without a date of birth" in excinfo.value.message_dict["birth_date"][0]
    with pytest.raises(ValidationError) as excinfo:
        voting.cast_with_account(round_, first, pick(project), postcode="9713 AB", house_number="x", birth_date=adult)
    assert "house number" in excinfo.value.message_dict["house_number"][0]
    assert not Ballot.objects.exists() and not Participation.objects.exists()

    voting.cast_with_account(round_, first, pick(project), postcode="9713 AB", house_number="1a", birth_date=adult)
    with pytest.raises(ValidationError, match="Someone at this address"):
        voting.cast_with_account(round_, second, pick(project), postcode="9713ab", house_number="1 A", birth_date=adult)
    with pytest.raises(ValidationError, match="already voted"):
        voting.cast_with_account(round_, first, pick(project), postcode="9713 AB", house_number="3", birth_date=adult)
    voting.cast_with_account(round_, third, pick(project), postcode="9713 AB", house_number="2", birth_date=adult)
    assert Ballot.objects.count() == 2 and Participation.objects.count() == 2
    key = Participation.objects.get(user=first).address_key
    assert len(key) == 64 and "9713" not in key


def test_account_voting_without_postcodes_is_for_registered_residents(voting_round, projects, make_user):
    outsider = make_user()
    with pytest.raises(ValidationError, match="residents registered for Oosterparkwijk"):
        voting.cast_with_account(
            voting_round, outsider, pick(projects[0]), postcode="9713 AB", house_number="1", birth_date=None
        )


def test_account_voting_can_be_switched_off(budget, resident):
    round_ = make_round(budget, allow_account_voting=False)
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    with pytest.raises(ValidationError, match="code from your letter"):
        voting.cast_with_account(round_, resident, pick(project), postcode="9713AB", house_number="1", birth_date=None)
    assert not Ballot.objects.exists()


# --- Letters ---------------------------------------------------------------------------------


def test_generate_codes_stores_hashes_and_counts_only(budget, official, resident):
    round_ = make_round(budget, postcodes="9713", one_vote_per_address=True)
    addresses = [
        address("9713 AB", "Zaagmuldersweg 12", name="Piet"),
        address("9713 AB", "Zaagmuldersweg 12", name="Marie"),  # same address
        address("9711 AB", "Damsterdiep 1", name="Kees"),  # outside the area
        address("9713 CD", "Oosterweg 2", name="Anna"),
    ]
    with pytest.raises(PermissionDenied):
        voting.generate_codes(round_, resident, addresses)
    batch, pdf = voting.generate_codes(round_, official, addresses, "eerste druk")
    assert pdf.startswith(b"%PDF")
    assert (batch.letters, batch.skipped, batch.note, batch.created_by) == (2, 2, "eerste druk", official)
    assert VotingCode.objects.filter(batch=batch, used_at__isnull=True).count() == 2
    entry = AuditEntry.objects.get(action="budgeting.codes.generated")
    assert entry.data == {"round": round_.pk, "letters": 2, "skipped": {"address_twice": 1, "postcode": 1}}


def test_generate_codes_refuses_when_voting_closed_or_nobody_may_vote(budget, official):
    closed = make_round(budget, "closed")
    with pytest.raises(ValidationError, match="no new voting codes"):
        voting.generate_codes(closed, official, [address()])
    round_ = make_round(budget, postcodes="1012")
    with pytest.raises(ValidationError, match="may not vote in this round"):
        voting.generate_codes(round_, official, [address()])
    assert not CodeBatch.objects.exists() and not VotingCode.objects.exists()


# --- Paper ballots ---------------------------------------------------------------------------


def test_paper_ballot_counts_once_when_two_officials_agree(voting_round, projects, official, second_official):
    first = voting.enter_paper_ballot(voting_round, official, "P-001", pick(projects[0], projects[1]))
    assert first.outcome == "waiting" and not Ballot.objects.exists()
    status = voting.paper_status(voting_round)
    assert [w["sheet"] for w in status["waiting"]] == ["P-001"] and status["counted"] == 0
    second = voting.enter_paper_ballot(voting_round, second_official, "P-001", pick(projects[1], projects[0]))
    assert second.outcome == "counted"
    ballot = Ballot.objects.get()
    assert ballot.channel == VoteChannel.PAPER and ballot.change_key is None
    assert set(PaperEntry.objects.values_list("ballot", flat=True)) == {ballot.pk}
    assert voting.paper_status(voting_round)["counted"] == 1
    assert voting.turnout(voting_round)["paper_counted"] == 1
    assert AuditEntry.objects.filter(action="budgeting.paper.entered").count() == 2


def test_paper_entries_that_differ_wait_for_resolution(
    voting_round, projects, official, second_official, make_user, wijk
):
    voting.enter_paper_ballot(voting_round, official, "P-002", pick(projects[0]))
    entry = voting.enter_paper_ballot(voting_round, second_official, "P-002", pick(projects[2]))
    assert entry.outcome == "discrepancy" and not Ballot.objects.exists()
    (item,) = voting.paper_status(voting_round)["discrepancies"]
    assert item["sheet"] == "P-002"
    assert [e.choices for e in item["entries"]] == [{str(projects[0].pk): 1}, {str(projects[2].pk): 1}]
    third = make_user(Role.AREA_OFFICIAL, wijk)
    with pytest.raises(ValidationError, match="differ"):
        voting.enter_paper_ballot(voting_round, third, "P-002", pick(projects[0]))
    # Set the wrong entry aside; a third official enters the sheet again.
    with pytest.raises(ValidationError, match="Say why"):
        voting.discard_paper_entry(entry, official, "")
    voting.discard_paper_entry(entry, official, "Verkeerd overgenomen: het kruisje staat bij project 1.")
    entry.refresh_from_db()
    assert entry.discarded_at is not None
    assert voting.enter_paper_ballot(voting_round, third, "P-002", pick(projects[0])).outcome == "counted"
    assert Ballot.objects.get().choices == {str(projects[0].pk): 1}
    status = voting.paper_status(voting_round)
    assert status["counted"] == 1 and not status["discrepancies"] and status["discarded"] == 1
    assert AuditEntry.objects.filter(action="budgeting.paper.discarded").count() == 1


def test_the_same_official_cannot_enter_a_sheet_twice(voting_round, projects, official):
    voting.enter_paper_ballot(voting_round, official, "P-003", pick(projects[0]))
    with pytest.raises(ValidationError) as excinfo:
        voting.enter_paper_ballot(voting_round, official, "P-003", pick(projects[0]))
    assert voting.error_codes(excinfo.value) == {"same_official"}
    assert PaperEntry.objects.count() == 1 and not Ballot.objects.exists()


def test_discarding_a_counted_entry_uncounts_the_ballot(voting_round, projects, official, second_official):
    voting.enter_paper_ballot(voting_round, official, "7", pick(projects[0]))
    counted = voting.enter_paper_ballot(voting_round, second_official, "7", pick(projects[0]))
    with pytest.raises(ValidationError, match="already been entered twice"):
        voting.enter_paper_ballot(voting_round, second_official, "7", pick(projects[0]))
    voting.discard_paper_entry(counted, official, "Dubbel ingevoerd")
    assert not Ballot.objects.exists()
    assert [w["sheet"] for w in voting.paper_status(voting_round)["waiting"]] == ["7"]


def test_invalid_paper_ballots_agree_but_do_not_count(voting_round, projects, official, second_official):
    voting.enter_paper_ballot(voting_round, official, "8", {}, invalid=True)
    entry = voting.enter_paper_ballot(voting_round, second_official, "8", pick(projects[0]), invalid=True)
    assert entry.outcome == "invalid" and entry.choices == {}
    assert not Ballot.objects.exists()
    assert voting.paper_status(voting_round)["invalid"] == 1


def test_paper_ballots_after_closing_until_the_result(voting_round, projects, official, second_official):
    voting.close_voting(voting_round, official)
    voting.enter_paper_ballot(voting_round, official, "9", pick(projects[0]))
    voting.enter_paper_ballot(voting_round, second_official, "9", pick(projects[0]))
    assert Ballot.objects.count() == 1
    voting_round.result_published_at = timezone.now()
    voting_round.save()
    with pytest.raises(ValidationError, match="result has been published"):
        voting.enter_paper_ballot(voting_round, official, "10", pick(projects[0]))


def test_paper_entry_is_for_officials_and_checks_the_ballot(voting_round, projects, official, resident):
    with pytest.raises(PermissionDenied):
        voting.enter_paper_ballot(voting_round, resident, "11", pick(projects[0]))
    with pytest.raises(ValidationError, match="at most 3 projects"):
        voting.enter_paper_ballot(voting_round, official, "11", pick(*projects))
    with pytest.raises(ValidationError, match="number on the ballot paper"):
        voting.enter_paper_ballot(voting_round, official, "  ", pick(projects[0]))
    with pytest.raises(ValidationError, match="Use only letters"):
        voting.enter_paper_ballot(voting_round, official, "11/12", pick(projects[0]))
    assert not PaperEntry.objects.exists()


# --- Turnout and rate limits -----------------------------------------------------------------


def test_turnout(voting_round, projects, resident, official, second_official):
    codes = issue(voting_round, 4)
    voting.cast_with_code(voting_round, codes[0], pick(projects[0]))
    voting.cast_with_code(voting_round, codes[1], pick(projects[1]))
    voting.cast_with_account(
        voting_round, resident, pick(projects[0]), postcode="9713AB", house_number="1", birth_date=None
    )
    voting.enter_paper_ballot(voting_round, official, "1", pick(projects[3]))
    voting.enter_paper_ballot(voting_round, second_official, "1", pick(projects[3]))
    assert voting.turnout(voting_round) == {
        "codes_issued": 4,
        "codes_used": 2,
        "code_share": 0.5,
        "accounts": 1,
        "ballots_code": 2,
        "ballots_account": 1,
        "paper_counted": 1,
        "total_ballots": 4,
    }


def test_rate_limit_per_ip(voting_round):
    for _ in range(voting.IP_LIMIT):
        assert not voting.attempts_blocked(voting_round, "192.0.2.10")
        voting.record_failed_attempt(voting_round, "192.0.2.10")
    assert voting.attempts_blocked(voting_round, "192.0.2.10")
    assert not voting.attempts_blocked(voting_round, "192.0.2.11")
    assert not voting.attempts_blocked(voting_round, "192.0.2.10", kind="receipt")  # counted apart


def test_rate_limit_groups_ipv6_by_64(voting_round):
    for i in range(voting.IP_LIMIT):
        voting.record_failed_attempt(voting_round, f"2001:db8:1:2::{i + 1:x}")
    assert voting.attempts_blocked(voting_round, "2001:db8:1:2:ffff::1")
    assert not voting.attempts_blocked(voting_round, "2001:db8:1:3::1")


def test_round_wide_ceiling_on_wrong_codes(voting_round, budget):
    for i in range(voting.ROUND_LIMIT):
        voting.record_failed_attempt(voting_round, f"198.51.100.{i % 250}" if i < 250 else "203.0.113.1")
    assert voting.attempts_blocked(voting_round, "203.0.113.77")  # a fresh IP is blocked too
    assert not voting.attempts_blocked(make_round(budget), "203.0.113.77")  # another round is not
