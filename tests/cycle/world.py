"""The meetings of the cycle in the test world (tests/conftest.py), added by build_full_world
(tests/platform/world.py) after the reviews.

Trust A: a hub heads' meeting of c1 ('in', open, next week) and of c2 ('out'), each after a
closed one of its hub six weeks earlier with a decision and an open action; a governor hub meeting
of c1; a forum, a strategic heads' meeting, a chairs' briefing and a trust board (open). Trust B:
a hub heads' meeting of b1 ('other') after a closed one with an action.

Meetings are found again by their title (`meeting`), so the shared World needs no new field.
"""

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled

from cycle.models import CycleAction, CycleMeeting, Kind
from cycle.services.meetings import (
    ActionData,
    MeetingData,
    action_add,
    decision_add,
    meeting_close,
    meeting_create,
)
from fht.models import Trust, User
from fht.roles import Role
from schools.models import Cluster
from tests.conftest import World

TITLES = {
    "in": "North hub heads",
    "out": "South hub heads",
    "other": "Harbour hub heads",
    "governors": "North governors",
    "forum": "Forum",
    "strategic": "Strategic heads",
    "chairs": "Chairs",
    "board": "Board",
}


def next_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)


def _pair(
    trust: Trust, kind: str, cluster: Cluster | None, title: str, leader: User
) -> CycleMeeting:
    """A closed meeting six weeks before next week's, with a decision and an open action, then
    next week's (open)."""
    on = next_monday() + dt.timedelta(days=1)
    earlier = meeting_create(
        trust=trust,
        data=MeetingData(kind, on - dt.timedelta(weeks=6), cluster, f"{title} (earlier)"),
        acting_user=leader,
    )
    decision_add(meeting=earlier, text=f"{title}: moderate writing together.", acting_user=leader)
    action_add(
        meeting=earlier,
        data=ActionData(f"{title}: share the curriculum maps", leader, on - dt.timedelta(weeks=2)),
        acting_user=leader,
    )
    meeting_close(meeting=earlier, acting_user=leader)
    return meeting_create(
        trust=trust, data=MeetingData(kind, on, cluster, title), acting_user=leader
    )


def add_meetings(world: World) -> World:
    assert world.other_ceo is not None
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        _pair(world.trust, Kind.HUB_HEADS, world.c1, TITLES["in"], world.person(Role.QA_DIRECTOR))
        _pair(world.trust, Kind.HUB_HEADS, world.c2, TITLES["out"], ceo)
        _pair(world.other_trust, Kind.HUB_HEADS, world.b1, TITLES["other"], world.other_ceo)
        on = next_monday() + dt.timedelta(days=2)
        for key, kind, cluster in (
            ("governors", Kind.GOVERNOR_HUB, world.c1),
            ("forum", Kind.FORUM, None),
            ("strategic", Kind.STRATEGIC_HEADS, None),
            ("chairs", Kind.CHAIRS, None),
            ("board", Kind.BOARD, None),
        ):
            meeting_create(
                trust=world.trust,
                data=MeetingData(kind, on, cluster, TITLES[key]),
                acting_user=ceo,
            )
    return world


def meeting(key: str) -> CycleMeeting:
    """A meeting of the world by its key in TITLES (a fresh copy from the database)."""
    with scopes_disabled():
        return CycleMeeting.objects.select_related("trust", "cluster").get(title=TITLES[key])


def earlier_action(key: str) -> CycleAction:
    """The open action of the closed meeting before the 'in', 'out' or 'other' one."""
    with scopes_disabled():
        return CycleAction.objects.select_related("raised_at").get(
            raised_at__title=f"{TITLES[key]} (earlier)"
        )
