"""Who reads and who runs each kind of meeting, for every role of the world (the URL matrix
covers one kind, the hub heads' meeting; this covers every kind), and the demo's meetings."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from cycle import demo
from cycle.access import reach_of, reads, runs
from cycle.models import CycleAction, CycleMeeting, Kind
from cycle.selectors.meetings import attendees, next_week
from fht.roles import Role
from tests.conftest import World
from tests.cycle.world import meeting

pytestmark = pytest.mark.django_db

R = Role
LEADERS = {R.CEO, R.DEPUTY_CEO}
# key of tests/cycle/world.py -> (who reads it, who runs it), by hand.
EXPECTED: dict[str, tuple[set[Role], set[Role]]] = {
    "in": (LEADERS | {R.QA_DIRECTOR, R.HEAD_TEACHER, R.EXECUTIVE_HEAD}, LEADERS | {R.QA_DIRECTOR}),
    "out": (LEADERS, LEADERS),
    "governors": (
        LEADERS | {R.QA_DIRECTOR, R.GOVERNOR, R.CHAIR_OF_GOVERNORS},
        LEADERS | {R.QA_DIRECTOR},
    ),
    "forum": (LEADERS | {R.QA_DIRECTOR, R.LEAD_PRACTITIONER}, LEADERS | {R.QA_DIRECTOR}),
    "strategic": (LEADERS | {R.HEAD_TEACHER, R.EXECUTIVE_HEAD}, LEADERS),
    "chairs": (LEADERS | {R.CHAIR_OF_GOVERNORS}, LEADERS),
    "board": (LEADERS | {R.TRUSTEE}, LEADERS),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_who_reads_and_runs_each_kind(cworld: World, key: str) -> None:
    with scopes_disabled():
        found = meeting(key)
        readers = {r for r in Role if reads(reach_of(cworld.person(r)), found)}
        runners = {r for r in Role if runs(reach_of(cworld.person(r)), found)}
        nobody = reach_of(cworld.stranger)  # type: ignore[arg-type]
    assert (readers, runners) == EXPECTED[key]
    assert not reads(nobody, found)


def test_the_attendees_follow_the_roles(cworld: World) -> None:
    with scopes_disabled():
        governors = attendees(meeting=meeting("governors"))
        board = attendees(meeting=meeting("board"))
    assert {(a.name, a.where) for a in governors} == {
        ("Chair of governors of A", "Alder Primary"),
        ("Director of Quality Assurance of A", "North cluster"),
        ("Governor of A", "Alder Primary"),
        ("Governor of s2", "Birch Primary"),
    }
    assert {a.role for a in board} == {"CEO", "Deputy CEO", "Trustee"}


def test_the_demo_gives_every_kind_past_and_coming_and_next_weeks_hub_meetings(
    cworld: World,
) -> None:
    with scopes_disabled():
        trust = cworld.other_trust  # the world's meetings of trust B taken away: the demo's own
        CycleAction.objects.filter(trust=trust).delete()
        CycleMeeting.objects.filter(trust=trust).delete()
        demo.load(trust)
        made = list(CycleMeeting.objects.filter(trust=trust))
        demo.load(trust)  # a second load changes nothing
        assert CycleMeeting.objects.filter(trust=trust).count() == len(made)
        monday, sunday = next_week(timezone.localdate())
        for kind in Kind.values:
            mine = [m for m in made if m.kind == kind]
            assert any(m.is_closed and m.decisions.exists() and m.actions.exists() for m in mine)
            assert any(not m.is_closed and m.held_on > timezone.localdate() for m in mine)
        for kind in (Kind.HUB_HEADS, Kind.GOVERNOR_HUB):
            assert any(
                m.kind == kind and m.cluster == cworld.b1 and monday <= m.held_on <= sunday
                for m in made
            )
        assert not any(m.pack for m in made)  # packs are made on request
        assert all(m.held_on > dt.date(2000, 1, 1) for m in made)
