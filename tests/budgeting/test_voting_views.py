"""The voting pages through the test client: a letter code from the QR code to the receipt,
typed codes, refusals, the rate limit (429), voting with an account, and the officials' pages
(letters, paper ballots, closing), which residents cannot open."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenspel.budgeting import voting
from samenspel.budgeting.models import (
    Ballot,
    BallotType,
    CodeBatch,
    PaperEntry,
    Participation,
    Project,
    ProjectStatus,
    VotingCode,
)

from .conftest import login, make_round
from .test_voting import issue


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(name, round_, *args):
    return reverse(f"budgeting:{name}", args=[round_.pk, *args])


def text(response) -> str:
    return response.content.decode()


def stored_values(client) -> str:
    """Everything the client and the server keep between requests: session and cookies."""
    from django.core import signing

    cookies = []
    for morsel in client.cookies.values():
        try:
            cookies.append(repr(signing.loads(morsel.value, salt="samenspel.budgeting.ticket")))
        except signing.BadSignature:
            cookies.append(morsel.value)
    return repr(dict(client.session.items())) + " ".join(cookies)


def test_vote_with_the_qr_code_on_a_phone(english, voting_round, projects):
    client = english
    code = issue(voting_round)[0]
    # The QR code's link: the code is checked and removed from the address at once.
    response = client.get(url("vote_start", voting_round) + f"?code={code}")
    assert response.status_code == 302 and response.url == url("vote_ballot", voting_round)
    assert code not in stored_values(client) and voting.code_key(code) in stored_values(client)

    response = client.get(response.url)
    assert response.status_code == 200
    page = text(response)
    for project in projects:
        assert project.title in page and project.summary in page
        assert reverse("budgeting:project", args=[project.pk]) in page
    assert "€ 40,000.00" in page and "at least 1, at most 3" in page

    chosen = [str(projects[0].pk), str(projects[3].pk)]
    response = client.post(url("vote_ballot", voting_round), {"projects": chosen, "action": "review"})
    assert response.status_code == 200
    page = text(response)
    assert "Check your vote" in page and "Together € 50,000.00" in page
    assert projects[0].title in page and projects[1].title not in page
    assert not Ballot.objects.exists()

    response = client.post(url("vote_ballot", voting_round), {"projects": chosen, "action": "confirm"})
    assert response.status_code == 200
    ballot = Ballot.objects.get()
    assert ballot.choices == {chosen[0]: 1, chosen[1]: 1}
    assert VotingCode.objects.get().used_at is not None
    page = text(response)
    assert "Thank you for voting" in page
    receipt = page.split('id="receipt">')[1].split("<")[0]
    assert voting.ballot_for_receipt(voting_round, receipt) == ballot
    assert "no-store" in response["Cache-Control"]
    # Neither the ticket nor the receipt stays in the session.
    assert voting.code_key(code) not in stored_values(client) and receipt not in stored_values(client)
    # Back or reload: "you have voted", without the receipt, and no second vote.
    again = client.post(url("vote_ballot", voting_round), {"projects": chosen, "action": "confirm"})
    assert "Thank you for voting" in text(again) and receipt not in text(again)
    assert Ballot.objects.count() == 1


def test_the_shared_ballot_page_gets_each_voter_their_own_csrf_token(voting_round, projects):
    """The empty ballot is rendered once and served to every anonymous voter with their own
    CSRF token filled in: the form must work for each of them (CSRF checks on)."""
    tokens = set()
    for code in issue(voting_round, 3):
        voter = Client(enforce_csrf_checks=True)
        voter.get(url("vote_start", voting_round) + f"?code={code}")
        page = text(voter.get(url("vote_ballot", voting_round)))
        assert projects[0].title in page and "\x00" not in page
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert page.count(token) == 3  # the language switch, the ballot and "stop without voting"
        tokens.add(token)
        form = {"csrfmiddlewaretoken": token, "projects": [projects[0].pk], "action": "confirm"}
        assert 'id="receipt"' in text(voter.post(url("vote_ballot", voting_round), form))
    assert len(tokens) == 3
    assert Ballot.objects.count() == 3


def test_typed_code_with_dashes_and_lower_case(english, voting_round, projects):
    code = issue(voting_round)[0]
    response = english.post(url("vote_start", voting_round), {"code": voting.format_code(code).lower()})
    assert response.status_code == 302 and response.url == url("vote_ballot", voting_round)


def test_wrong_code_gets_an_accessible_error(english, voting_round, projects):
    issue(voting_round)
    response = english.post(url("vote_start", voting_round), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 200
    page = text(response)
    assert "We do not know this code" in page
    assert 'aria-describedby="id_code_helptext id_code_error"' in page and 'id="id_code_error"' in page


def test_wrong_code_from_a_link_is_not_kept_in_the_address(english, voting_round):
    issue(voting_round)
    response = english.get(url("vote_start", voting_round) + "?code=AAAABBBBCCCC", follow=True)
    assert response.redirect_chain == [(url("vote_start", voting_round), 302)]
    assert "We do not know this code" in text(response)


def test_brute_force_gets_429(english, voting_round):
    issue(voting_round)
    for i in range(voting.IP_LIMIT):
        response = english.post(url("vote_start", voting_round), {"code": f"AAAABBBBCC{voting.ALPHABET[i]}2"})
        assert response.status_code == 200
    response = english.post(url("vote_start", voting_round), {"code": "AAAABBBBCCCC"})
    assert response.status_code == 429
    assert "Too many wrong voting codes" in text(response)
    # Also for a correct code, and through the QR link: the limit is checked before the code.
    good = issue(voting_round)[0]
    assert english.post(url("vote_start", voting_round), {"code": good}).status_code == 429
    assert english.get(url("vote_start", voting_round) + f"?code={good}").status_code == 429
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 0


def test_invalid_ballot_shows_the_error_and_the_totals(english, voting_round, projects):
    code = issue(voting_round)[0]
    english.get(url("vote_start", voting_round) + f"?code={code}")
    everything = [str(p.pk) for p in projects]
    response = english.post(url("vote_ballot", voting_round), {"projects": everything, "action": "confirm"})
    assert response.status_code == 200
    page = text(response)
    assert "Choose at most 3 projects. You chose 4." in page
    assert 'role="alert" id="ballot-errors"' in page and 'aria-describedby="ballot-rules ballot-errors"' in page
    assert "You chose 4 projects (together € 100,000.00)" in page
    assert page.count("checked") == 4
    assert not Ballot.objects.exists() and VotingCode.objects.get().used_at is None


def test_change_on_the_review_page_goes_back_with_the_choices(english, voting_round, projects):
    code = issue(voting_round)[0]
    english.get(url("vote_start", voting_round) + f"?code={code}")
    response = english.post(url("vote_ballot", voting_round), {"projects": [projects[1].pk], "action": "change"})
    page = text(response)
    assert "Choose projects" in page
    assert f'value="{projects[1].pk}" id="project-{projects[1].pk}" checked' in page
    assert page.count(" checked") == 1 and 'role="alert"' not in page


def test_used_code_and_closed_round(english, budget):
    round_ = make_round(budget, allow_vote_change=False)
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    code = issue(round_)[0]
    voting.cast_with_code(round_, code, {project.pk: 1})
    response = english.post(url("vote_start", round_), {"code": code})
    assert "This code has already been used" in text(response)

    closed = make_round(budget, "closed")
    closed_code = issue(closed)[0]
    response = english.get(url("vote_start", closed) + f"?code={closed_code}")
    assert response.status_code == 302 and response.url == url("vote_start", closed)
    response = english.get(url("vote_start", closed))
    assert "Voting in this round has closed." in text(response) and '<form class="utrecht-form"' not in text(response)
    assert english.post(url("vote_start", closed), {"code": closed_code}).status_code == 200
    assert VotingCode.objects.get(round=closed).used_at is None


def test_closing_between_review_and_confirm(english, voting_round, projects, official):
    code = issue(voting_round)[0]
    english.get(url("vote_start", voting_round) + f"?code={code}")
    voting.close_voting(voting_round, official)
    response = english.post(url("vote_ballot", voting_round), {"projects": [projects[0].pk], "action": "confirm"})
    assert response.status_code == 302 and response.url == url("vote_start", voting_round)
    assert not Ballot.objects.exists()


def test_cumulative_ballot(english, budget):
    round_ = make_round(budget, ballot_type=BallotType.CUMULATIVE, points=5, max_points_per_project=3)
    a, b = (
        Project.objects.create(round=round_, title=t, summary="-", cost_cents=100, status=ProjectStatus.ON_BALLOT)
        for t in ("Bomen", "Bankjes")
    )
    code = issue(round_)[0]
    english.get(url("vote_start", round_) + f"?code={code}")
    page = text(english.get(url("vote_ballot", round_)))
    assert f'name="points-{a.pk}"' in page and "You have 5 points" in page
    response = english.post(
        url("vote_ballot", round_), {f"points-{a.pk}": "3", f"points-{b.pk}": "3", "action": "review"}
    )
    assert "You gave 6 points, but you have 5 to spread." in text(response)
    response = english.post(url("vote_ballot", round_), {f"points-{a.pk}": "9", "action": "review"})
    assert 'aria-invalid="true"' in text(response) and f'id="points-{a.pk}-error"' in text(response)
    response = english.post(
        url("vote_ballot", round_), {f"points-{a.pk}": "3", f"points-{b.pk}": "", "action": "review"}
    )
    assert "You gave 3 of your 5 points." in text(response)
    english.post(url("vote_ballot", round_), {f"points-{a.pk}": "3", "action": "confirm"})
    assert Ballot.objects.get().choices == {str(a.pk): 3}


def test_vote_with_an_account(english, budget, resident):
    round_ = make_round(budget, min_age=16)
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    assert english.get(url("vote_account", round_)).status_code == 302  # log in first
    login(english, resident)
    assert "Vote with my account" in text(english.get(url("vote_start", round_)))
    response = english.post(url("vote_account", round_), {"postcode": "9713 AB", "house_number": "12"})
    assert "This field is required" in text(response)
    young = (timezone.localdate() - datetime.timedelta(days=365 * 12)).isoformat()
    response = english.post(
        url("vote_account", round_), {"postcode": "9713 AB", "house_number": "12", "birth_date": young}
    )
    assert "at least 16 years old" in text(response)
    response = english.post(
        url("vote_account", round_), {"postcode": "9713 AB", "house_number": "12", "birth_date": "1980-02-03"}
    )
    assert response.status_code == 302 and response.url == url("vote_ballot", round_)
    english.post(url("vote_ballot", round_), {"projects": [project.pk], "action": "confirm"})
    assert Ballot.objects.get().channel == "account"
    assert Participation.objects.get().user == resident
    assert "You have voted with your account" in text(english.get(url("vote_start", round_)))
    assert "1980" not in stored_values(english)  # the declaration is gone with the ticket


@pytest.mark.parametrize("name", ["codes", "paper", "close"])
def test_official_pages_are_for_officials(client, voting_round, resident, official, name):
    assert client.get(url(name, voting_round)).status_code == 302  # to the login page
    login(client, resident)
    assert client.get(url(name, voting_round)).status_code == 403
    assert client.post(url(name, voting_round)).status_code == 403
    client.logout()
    login(client, official)
    assert client.get(url(name, voting_round)).status_code == 200


def test_paper_sheet_page_is_for_officials(client, voting_round, projects, resident, official):
    voting.enter_paper_ballot(voting_round, official, "P-1", {projects[0].pk: 1})
    login(client, resident)
    assert client.get(url("paper_sheet", voting_round, "P-1")).status_code == 403
    client.logout()
    login(client, official)
    assert client.get(url("paper_sheet", voting_round, "P-1")).status_code == 200
    assert client.get(url("paper_sheet", voting_round, "P-404")).status_code == 404


def test_letters_from_an_address_list(english, voting_round, official):
    login(english, official)
    csv = (
        "naam;straat;postcode;plaats\n"
        "A. Jansen;Zaagmuldersweg 12;9713 AB;Groningen\n"
        "B. Bakker;Oost 3;9713 CD;Groningen\n"
    )
    response = english.post(
        url("codes", voting_round),
        {
            "addresses": SimpleUploadedFile("adressen.csv", csv.encode(), content_type="text/csv"),
            "contact": "Bel 14 050",
            "note": "eerste druk",
        },
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="stemcodes-ronde-')
    assert response.content.startswith(b"%PDF")
    assert CodeBatch.objects.get().letters == 2 and VotingCode.objects.count() == 2
    page = text(english.get(url("codes", voting_round)))
    assert "eerste druk" in page and "Fatima Official" in page


def test_bad_address_list_is_refused_with_line_numbers(english, voting_round, official):
    login(english, official)
    csv = "naam;straat;postcode;plaats\nA. Jansen;Zaagmuldersweg;9713 AB;Groningen\n"
    response = english.post(
        url("codes", voting_round), {"addresses": SimpleUploadedFile("a.csv", csv.encode(), content_type="text/csv")}
    )
    assert response.status_code == 200
    assert "Line 2: the street “Zaagmuldersweg” has no house number." in text(response)
    assert not CodeBatch.objects.exists()


def test_paper_entry_by_two_officials(english, client, voting_round, projects, official, second_official):
    login(english, official)
    data = {"sheet": "P-7", "projects": [projects[0].pk, projects[2].pk]}
    response = english.post(url("paper", voting_round), data, follow=True)
    assert "A colleague must now enter it a second time" in text(response)
    response = english.post(url("paper", voting_round), data)
    assert "You have already entered this ballot paper" in text(response)
    login(client, second_official)
    response = client.post(url("paper", voting_round), {"sheet": "P-7", "projects": [projects[0].pk]})
    assert response.status_code == 302
    assert not Ballot.objects.exists()
    page = text(english.get(url("paper", voting_round)))
    assert "Entries that differ" in page and url("paper_sheet", voting_round, "P-7") in page
    # Set the second entry aside on the sheet page; the first official cannot re-enter it, a third can.
    wrong = PaperEntry.objects.get(entered_by=second_official)
    response = english.post(url("paper_sheet", voting_round, "P-7"), {"entry": wrong.pk, "reason": ""})
    assert "This field is required" in text(response)
    response = english.post(url("paper_sheet", voting_round, "P-7"), {"entry": wrong.pk, "reason": "Overtikfout"})
    assert response.status_code == 302
    response = client.post(url("paper", voting_round), data, follow=True)
    assert "both entries agree, the ballot counts" in text(response)
    assert Ballot.objects.get().channel == "paper"


def test_close_voting_page(english, voting_round, projects, official):
    for code in issue(voting_round, 2):
        voting.cast_with_code(voting_round, code, {projects[0].pk: 1})
    login(english, official)
    page = text(english.get(url("close", voting_round)))
    assert "Closing now ends it early for everyone" in page
    response = english.post(url("close", voting_round), follow=True)
    assert "Voting is closed" in text(response)
    assert not Ballot.objects.filter(change_key__isnull=False).exists()
    voting_round.refresh_from_db()
    assert voting_round.closed_at is not None
