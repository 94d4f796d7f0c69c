"""The public pages of the Gronings model: praatplaat, lessons register, council overview and
evaluation. The reference data (questions, safeguards, lessons) comes from the data migration."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.agreements import services
from samenspel.agreements.models import (
    CompassPoint,
    CouncilDecision,
    CouncilRole,
    Evaluation,
    Lesson,
    PraatplaatQuestion,
    SayLevel,
    Step,
    VersionStatus,
)


@pytest.fixture
def english(client):
    """UI strings in English, so the checks do not depend on the Dutch translations."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _login(client, user):
    client.force_login(user)
    session = client.session
    session["two_factor_ok"] = True  # these tests are not about two-step login
    session.save()


def _page(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert ' style="' not in html and "<style" not in html  # the Content-Security-Policy forbids them
    return html


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    end = html.find("</section>", start)
    return html[start:end]


@pytest.fixture
def awaiting(municipality, wijk, make_user):
    """An agreement with a level-3 scope item, signed and waiting for the council."""
    official = make_user(Role.AREA_OFFICIAL, municipality)
    trajectory = services.start_trajectory(user=official, place=wijk, title="Wijkdemocratie in Oosterpark")
    version = services.start_agreement(user=official, trajectory=trajectory)
    services.save_scope_item(
        user=official,
        version=version,
        title="Buurtbudget",
        kind="budget",
        level=SayLevel.DECIDE,
        council_role=CouncilRole.FRAME_SETTING,
    )
    services.save_scope_item(user=official, version=version, title="Groen", kind="theme", level=SayLevel.ADVISE)
    version.status = VersionStatus.AWAITING_COUNCIL  # signing by both sides is tested elsewhere
    version.save(update_fields=["status"])
    return version


# --- Praatplaat ---------------------------------------------------------------------------


def test_praatplaat_shows_questions_archetypes_and_safeguards(db, english):
    html = _page(english.get(reverse("agreements:praatplaat")))
    assert PraatplaatQuestion.objects.filter(active=True).count() == 49
    for question in PraatplaatQuestion.objects.filter(active=True):
        assert question.code in html
    assert "asked from level 3" in html
    assert "starting set of questions" in html and "Praatplaat questions" in html
    assert "not a fixed model" in html
    for basis in ("003:135-150", "003:153-166", "003:167-176"):
        assert basis in html
    safeguards = _section(html, "safeguards")
    assert "<caption" in safeguards
    assert safeguards.count('scope="row"') == 19
    assert "G-ZG-5" in safeguards


def test_praatplaat_hides_questions_not_in_use(db, client):
    question = PraatplaatQuestion.objects.get(code="Q-DNA-1")
    question.active = False
    question.save()
    html = _page(client.get(reverse("agreements:praatplaat")))
    assert "Q-DNA-1<" not in html and "Q-DNA-2" in html


# --- Lessons register ----------------------------------------------------------------------


def test_lessons_register_lists_all_lessons_with_their_source(db, english):
    html = _page(english.get(reverse("agreements:lessons")))
    assert Lesson.objects.count() == 157
    assert "157 lessons" in html
    assert "five Groningen experiments" in html
    assert re.search(r"source: 003:\d+", html)
    for _key, label in CompassPoint.choices:
        assert str(label) in html


def test_lessons_register_filters_on_a_compass_point(db, english):
    url = reverse("agreements:lessons")
    html = _page(english.get(url, {"kompas": CompassPoint.SAY}))
    say = Lesson.objects.filter(compass_point=CompassPoint.SAY)
    other = Lesson.objects.exclude(compass_point=CompassPoint.SAY).first()
    assert f"{say.count()} lessons" in html
    assert 'id="lessons-say"' in html and 'id="lessons-transparency"' not in html
    assert say.first().text[:40] in html
    assert other.text not in html
    assert re.search(r'<option value="say"\s+selected', html)


def test_lessons_register_links_a_lesson_to_its_evaluation(db, english, awaiting):
    evaluation = Evaluation.objects.create(version=awaiting, held_on=datetime.date(2026, 5, 1))
    Lesson.objects.create(
        text="Begin met een wijkpanel",
        compass_point=CompassPoint.EVERY_VOICE,
        evaluation=evaluation,
        experiment="Wijkdemocratie in Oosterpark",
    )
    html = _page(english.get(reverse("agreements:lessons"), {"q": "wijkpanel"}))
    assert "Begin met een wijkpanel" in html
    assert f'href="{evaluation.get_absolute_url()}"' in html


# --- Council overview ----------------------------------------------------------------------


def test_council_page_shows_the_matrix_and_what_awaits_the_council(db, english, municipality, other_wijk, awaiting):
    html = _page(english.get(reverse("agreements:council", args=[municipality.slug])))
    matrix = _section(html, "matrix")
    assert "Oosterparkwijk" in matrix and "Centrum" in matrix  # every neighbourhood, also without a trajectory
    assert "Buurtbudget" in matrix and "Groen" in matrix
    assert "3 · allocate &amp; decide" in matrix and "1 · advise &amp; speak" in matrix  # level as text, not colour
    assert 'class="table-scroll"' in matrix
    waiting = _section(html, "waiting")
    assert f'href="{awaiting.get_absolute_url()}"' in waiting
    assert "council_decision_new" not in waiting and "besluit/nieuw" not in waiting  # anonymous: no recording
    roles = _section(html, "council-role")
    assert "Sets the frame and delegates" in roles
    steps = _section(html, "steps")
    assert str(Step.AGREE.label).capitalize() in steps


def test_council_member_can_record_a_decision_for_a_waiting_agreement(db, english, municipality, awaiting, make_user):
    _login(english, make_user(Role.COUNCIL, municipality))
    council_url = reverse("agreements:council", args=[municipality.slug])
    new_url = reverse("agreements:council_decision_new", args=[municipality.slug])
    html = _page(english.get(council_url))
    assert f'href="{new_url}?versie={awaiting.pk}"' in _section(html, "waiting")

    form = _page(english.get(new_url, {"versie": awaiting.pk}))
    assert re.search(rf'name="versions" value="{awaiting.pk}"[^>]*checked', form)
    assert "Oosterparkwijk, version 1" in form
    assert f'action="{new_url}"' in form  # no ?versie=: unticking a box must unlink the agreement

    response = english.post(
        new_url,
        {
            "decided_on": "2026-04-02",
            "reference": "2026-RB-114",
            "title": "Buurtbudget Oosterpark",
            "outcome": "adopted",
            "versions": [awaiting.pk],
        },
    )
    assert response.status_code == 302
    decision = CouncilDecision.objects.get(reference="2026-RB-114")
    assert list(decision.versions.all()) == [awaiting]
    decisions = _section(_page(english.get(council_url)), "decisions")
    assert "2026-RB-114" in decisions and "Adopted" in decisions
    assert f'href="{awaiting.get_absolute_url()}"' in decisions


# --- Evaluation ------------------------------------------------------------------------------


@pytest.fixture
def evaluation(awaiting):
    awaiting.status = VersionStatus.IN_EVALUATION
    awaiting.save(update_fields=["status"])
    return Evaluation.objects.create(
        version=awaiting,
        held_on=datetime.date(2026, 6, 1),
        conclusion="Het panel werkt; de verantwoording kan beter.",
        scores={
            "every_voice": {"platform": 75, "reflection": 50, "responses": 4},
            "transparency": {"platform": 50, "reflection": None, "responses": 0},
            "say": {"platform": 0, "reflection": 100, "responses": 2},
            "good_conversation": {"platform": None, "reflection": None, "responses": 0},
        },
        indicators=[
            {"compass_point": "every_voice", "key": "channels", "value": "2/2", "score": 1.0},
            {"compass_point": "transparency", "key": "published_signed", "value": "1", "score": 1.0},
            {"compass_point": "transparency", "key": "safeguards_with_evidence", "value": "0/0", "score": None},
        ],
    )


def test_evaluation_page_shows_the_kompas_chart_and_table(db, english, evaluation):
    html = _page(english.get(evaluation.get_absolute_url()))
    kompas = _section(html, "kompas")
    assert "<svg" in kompas and "<table" in kompas and "<caption" in kompas
    assert 'width="225"' in kompas  # 75 of 100 on a 300-unit bar
    assert 'width="0"' in kompas  # a measured zero is a (zero) bar ...
    assert kompas.count("not yet measured") == 2 * 3  # ... a missing figure is text, in chart and table
    assert "Online and offline channels used" in html and "2/2" in html
    assert "Het panel werkt" in html
    assert "evaluation_finish" not in html and 'value="revise"' not in html  # visitors cannot finish it


def test_evaluation_page_for_the_area_team(db, english, evaluation, municipality, make_user):
    session = services.record_session(
        user=make_user(Role.AREA_OFFICIAL, municipality),
        trajectory=evaluation.version.trajectory,
        held_on=evaluation.held_on,
        purpose="evaluate",
    )
    evaluation.session = session
    evaluation.save()
    Lesson.objects.create(text="Vaker terugkoppelen", compass_point="transparency", evaluation=evaluation)
    _login(english, make_user(Role.AREA_OFFICIAL, municipality))
    html = _page(english.get(evaluation.get_absolute_url()))
    assert f'href="{session.get_absolute_url()}"' in html
    assert "Vaker terugkoppelen" in html
    assert 'name="text"' in html  # the lesson form
    finish = reverse("agreements:evaluation_finish", args=[evaluation.pk])
    assert f'action="{finish}"' in html
    assert 'name="outcome" value="continue"' in html and 'name="outcome" value="revise"' in html
    assert "csrfmiddlewaretoken" in html
