"""Risk meetings for the test world (tests/conftest.py): trust A's Autumn 1 2026 meeting, closed
with an action raised at s1, and its open Autumn 2 2026 meeting; trust B's open Autumn 2 meeting.
Built on any world (the base one, or the full one of tests/platform/world.py)."""

import datetime as dt

from django_scopes import scopes_disabled

from fht.models import Trust
from fht.roles import Role
from risk.models import Meeting, MeetingItem, RemedialAction
from risk.services.meetings import ActionData, meeting_close, meeting_for_half_term
from schools.models import HalfTerm
from tests.conftest import World

PM_MARKER = "MARKER-PM-Head's objective on reading not met"


def half_term(trust: Trust, number: int, starts_in: int = 2026) -> HalfTerm:
    return HalfTerm.objects.get(trust=trust, academic_year__starts_in=starts_in, number=number)


def open_meeting(world: World, trust: Trust | None = None) -> Meeting:
    """Autumn 2 2026's risk meeting of the trust (trust A by default), created if needed."""
    trust = trust or world.trust
    with scopes_disabled():
        return meeting_for_half_term(trust=trust, half_term=half_term(trust, 2))


def item_of(meeting: Meeting, school_id: int) -> MeetingItem:
    with scopes_disabled():
        return MeetingItem.objects.select_related("meeting__half_term", "school").get(
            meeting=meeting, school_id=school_id
        )


def closed_meeting_with_action(world: World) -> tuple[Meeting, RemedialAction]:
    """Autumn 1 2026's meeting, closed, which raised an action at s1 owned by the head."""
    from risk.services.meetings import remedial_action_add

    with scopes_disabled():
        meeting = meeting_for_half_term(trust=world.trust, half_term=half_term(world.trust, 1))
        action = remedial_action_add(
            meeting=meeting,
            school=world.s1,
            data=ActionData(
                what="Phonics leader to audit Year 1 groups",
                owner=world.person(Role.HEAD_TEACHER),
                due_on=dt.date(2026, 11, 30),
            ),
            acting_user=world.person(Role.CEO),
        )
        meeting_close(meeting=meeting, acting_user=None, held_on=dt.date(2026, 10, 15))
    return meeting, action
