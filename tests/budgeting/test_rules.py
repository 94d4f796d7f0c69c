"""Who may do what with budgets, rounds and projects (budgeting/rules.py)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from samenspel.accounts.models import Role
from samenspel.budgeting.models import Project, ProjectUpdate
from samenspel.budgeting.rules import place_of

from .conftest import make_round


@pytest.fixture
def people(make_user, wijk, other_wijk, municipality, official, resident):
    return {
        "official": official,
        "city official": make_user(Role.AREA_OFFICIAL, municipality),
        "facilitator": make_user(Role.FACILITATOR, wijk),
        "administrator elsewhere": make_user(Role.ADMINISTRATOR, other_wijk),
        "superuser": make_user(is_superuser=True),
        "resident": resident,
        "college": make_user(Role.COLLEGE, municipality),
        "official elsewhere": make_user(Role.AREA_OFFICIAL, other_wijk),
        "anonymous": AnonymousUser(),
    }


MANAGERS = {"official", "city official", "facilitator", "administrator elsewhere", "superuser"}


def test_everyone_sees_a_round(people, budget):
    round_ = make_round(budget, "voting")
    for user in people.values():
        assert user.has_perm("budgeting.view_round", round_)


def test_staff_for_the_place_and_administrators_manage(people, budget, wijk):
    round_ = make_round(budget, "voting")
    project = Project.objects.create(round=round_, title="Speeltuin", summary="Speeltuin.")
    update = ProjectUpdate(project=project, status="planned", text="Gepland.", happened_on=datetime.date.today())
    for name, user in people.items():
        for obj in (wijk, budget, round_, project, update):
            assert user.has_perm("budgeting.manage_round", obj) is (name in MANAGERS), (name, obj)
            assert user.has_perm("budgeting.update_realisation", obj) is (name in MANAGERS), (name, obj)


def test_place_of(budget, wijk):
    round_ = make_round(budget, "voting")
    project = Project.objects.create(round=round_, title="Speeltuin", summary="Speeltuin.")
    assert place_of(wijk) == place_of(budget) == place_of(round_) == place_of(project) == wijk
    assert place_of(None) is None


@pytest.mark.parametrize("phase", ["ideas", "review", "support", "voting", "closed"])
def test_propose_when_logged_in_in_the_ideas_phase(people, budget, phase):
    round_ = make_round(budget, phase)
    for name, user in people.items():
        # Django grants a superuser every permission; the services check the phase all the same.
        expected = name == "superuser" or (phase == "ideas" and name != "anonymous")
        assert user.has_perm("budgeting.submit_project", round_) is expected, (name, phase)


@pytest.mark.parametrize("phase", ["ideas", "review", "support", "voting", "closed"])
def test_support_when_logged_in_in_the_support_phase(people, budget, phase):
    round_ = make_round(budget, phase)
    project = Project.objects.create(round=round_, title="Speeltuin", summary="Speeltuin.")
    for name, user in people.items():
        expected = name == "superuser" or (phase == "support" and name != "anonymous")
        assert user.has_perm("budgeting.support_project", project) is expected, (name, phase)
        assert user.has_perm("budgeting.support_project", round_) is expected, (name, phase)


def test_inactive_accounts_may_not_propose(resident, budget):
    resident.is_active = False
    resident.save()
    assert not resident.has_perm("budgeting.submit_project", make_round(budget, "ideas"))
