"""Who may run a draw and see its register extract: the area team, the facilitator of the
place and administrators. Everyone sees a draw once it is out of draft."""

import pytest

from samenspel.accounts.models import Role
from samenspel.sortition.models import DrawStatus

from .draw_helpers import *  # noqa: F403

pytestmark = pytest.mark.django_db

RUNS = ("sortition.create_draw", "sortition.run_draw", "sortition.view_extract")


@pytest.mark.parametrize(
    "role,where,allowed",
    [
        (Role.AREA_OFFICIAL, "municipality", True),
        (Role.AREA_OFFICIAL, "wijk", True),
        (Role.FACILITATOR, "wijk", True),
        (Role.ADMINISTRATOR, "municipality", True),
        (Role.AREA_OFFICIAL, "other_wijk", False),
        (Role.FACILITATOR, "other_wijk", False),
        (Role.RESIDENT, "wijk", False),
        (Role.BODY_MEMBER, "wijk", False),
        (Role.ORG_REPRESENTATIVE, "wijk", False),
        (Role.COLLEGE, "municipality", False),
        (Role.COUNCIL, "municipality", False),
    ],
)
def test_who_runs_a_draw(request, make_user, draw, role, where, allowed):
    user = make_user(role, request.getfixturevalue(where))
    assert user.has_perm("sortition.create_draw", draw.place) is allowed
    for perm in RUNS[1:]:
        assert user.has_perm(perm, draw) is allowed


def test_a_draft_is_seen_only_by_those_who_run_it(draw, official, resident, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert official.has_perm("sortition.view_draw", draw)
    assert not resident.has_perm("sortition.view_draw", draw)
    assert not AnonymousUser().has_perm("sortition.view_draw", draw)
    draw.status = DrawStatus.INVITED
    assert resident.has_perm("sortition.view_draw", draw)
    assert AnonymousUser().has_perm("sortition.view_draw", draw)


def test_an_ended_role_no_longer_counts(make_user, draw, wijk):
    import datetime

    from samenspel.accounts.models import Membership

    user = make_user()
    Membership.objects.create(
        user=user, role=Role.AREA_OFFICIAL, place=wijk, valid_until=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert not user.has_perm("sortition.run_draw", draw)
