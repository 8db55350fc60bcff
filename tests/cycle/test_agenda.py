"""Each kind's agenda against the small world, with hand-worked figures, the data date honoured,
nothing restricted read, and a fixed number of queries whatever the number of schools.

The world (tests/conftest.py and the app worlds): s1 and s2 in c1, s3 in c2. Submitted visits at
s1 and s3 on 6 October 2026, every judged section amber (the staffing and head's performance
sections hold marker text). A plan at s1 and s3, each with one amber action started 7 September,
due 18 December 2026, and a deployment started 12 October 2026 with no impact recorded.
Categories are set here: s1 C from 1 September; s3 A from 1 September, then D from 15 November.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from cycle.selectors.agenda import meeting_agenda
from cycle.selectors.dashboards import DashboardPart
from fht.rag import Rag
from fht.roles import Role
from qa_visits.sections import SECTIONS, Restriction
from risk.models import CategoryDecision
from schools.models import School
from tests.conftest import World
from tests.cycle.world import meeting
from tests.factories import SchoolFactory
from tests.isap.world import add_plan
from tests.qa_visits.world import add_visit

pytestmark = pytest.mark.django_db

OPEN_JUDGED = sum(1 for s in SECTIONS if s.has_rag and s.restriction == Restriction.NONE)
BEFORE_D = dt.date(2026, 11, 1)
AFTER_D = dt.date(2026, 12, 7)


def _categorise(cworld: World) -> None:
    for school, category, on in (
        (cworld.s1, "C", dt.date(2026, 9, 1)),
        (cworld.s3, "A", dt.date(2026, 9, 1)),
        (cworld.s3, "D", dt.date(2026, 11, 15)),
    ):
        CategoryDecision.objects.create(
            trust=cworld.trust,
            school=school,
            category=category,
            decided_on=on,
            source=CategoryDecision.Source.OTHER,
        )


def test_the_forum_lists_schools_at_c_or_d_and_deployments_by_the_data_date(
    cworld: World,
) -> None:
    from isap.models import Deployment

    with scopes_disabled():
        _categorise(cworld)
        assert not meeting_agenda(meeting=meeting("forum"), user=None, as_of=BEFORE_D).deployments
        # Recorded when agreed, on 1 October: known on 1 November (not before it was recorded).
        Deployment.objects.filter(trust=cworld.trust).update(
            created_at=dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
        )
        forum = meeting("forum")
        before = meeting_agenda(meeting=forum, user=None, as_of=BEFORE_D)
        after = meeting_agenda(meeting=forum, user=None, as_of=AFTER_D)
    assert [s.name for s in before.concern_schools] == ["Alder Primary"]
    assert [(s.name, s.category) for s in after.concern_schools] == [
        ("Alder Primary", "C"),
        ("Cedar Primary", "D"),
    ]
    # On 1 November the deployments (12 October) are under way; on 7 December, more than six
    # weeks after they started with no impact recorded, their impact is due.
    assert sorted(d.school for d in before.deployments) == ["Alder Primary", "Cedar Primary"]
    assert before.impact_due == []
    assert after.deployments == []
    assert sorted(d.school for d in after.impact_due) == ["Alder Primary", "Cedar Primary"]
    assert after.impact_due[0].days == Decimal("2.0")
    assert before.schools == [] and before.dashboard is None


def test_a_hub_meeting_compares_its_schools_with_no_restricted_part(cworld: World) -> None:
    with scopes_disabled():
        _categorise(cworld)
        north = meeting("in")
        agenda = meeting_agenda(meeting=north, user=cworld.person(Role.GOVERNOR), as_of=AFTER_D)
        late = meeting_agenda(meeting=north, user=None, as_of=dt.date(2026, 12, 20))
        early = meeting_agenda(meeting=north, user=None, as_of=dt.date(2026, 9, 10))
    alder, birch = agenda.schools
    assert (alder.name, alder.category, birch.name, birch.category) == (
        "Alder Primary",
        "C",
        "Birch Primary",
        "",
    )
    assert alder.visit is not None and alder.visit.on == dt.date(2026, 10, 6)
    # Only the open sections count: staffing and the head's performance management never do.
    assert (alder.visit.red, alder.visit.amber, alder.visit.green) == (0, OPEN_JUDGED, 0)
    assert alder.visit.proforma  # the governor of s1 reads its visits
    assert birch.visit is None and birch.rag.open == 0
    assert (alder.rag.amber, alder.rag.red, alder.rag.overdue) == (1, 0, 0)
    assert late.schools[0].rag.overdue == 1  # due 18 December
    assert early.schools[0].visit is None and early.schools[0].rag.open == 1
    assert not late.schools[0].visit.proforma  # type: ignore[union-attr]  # a pack: no links
    assert isinstance(agenda.dashboard, DashboardPart)
    assert agenda.dashboard.title == "The North cluster dashboard"


def test_board_and_chairs_get_the_trust_dashboard_and_each_hub_strategic_heads_the_hubs(
    cworld: World,
) -> None:
    with scopes_disabled():
        _categorise(cworld)
        board = meeting_agenda(meeting=meeting("board"), user=None, as_of=AFTER_D)
        chairs = meeting_agenda(meeting=meeting("chairs"), user=None, as_of=AFTER_D)
        heads = meeting_agenda(meeting=meeting("strategic"), user=None, as_of=AFTER_D)
    assert board.dashboard and board.dashboard.title == "The trust dashboard"
    assert chairs.dashboard and chairs.dashboard.title == "The trust dashboard"
    assert heads.dashboard is None
    # Read as the CEO: the board's dashboard lists the schools in the concern procedure; the
    # chairs' never does (each chair hears only of their own school).
    ceo = cworld.person(Role.CEO)
    with scopes_disabled():
        board = meeting_agenda(meeting=meeting("board"), user=ceo, as_of=AFTER_D)
        chairs = meeting_agenda(meeting=meeting("chairs"), user=ceo, as_of=AFTER_D)
    assert board.dashboard and board.dashboard.context["board"].shows_concern
    assert chairs.dashboard and not chairs.dashboard.context["board"].shows_concern
    assert chairs.dashboard.context["board"].concern == []
    rows = {c.name: c for c in heads.clusters}
    assert set(rows) == {"North cluster", "South cluster"}
    assert rows["North cluster"].schools == 2
    assert rows["North cluster"].categories == {"A": 0, "B": 0, "C": 1, "D": 0, "none": 1}
    assert rows["South cluster"].categories["D"] == 1
    assert rows["South cluster"].red == 0 and board.clusters == heads.clusters


def test_the_agenda_lists_the_earlier_meetings_open_actions(cworld: World) -> None:
    with scopes_disabled():
        north = meeting_agenda(meeting=meeting("in"), user=None, as_of=AFTER_D)
        forum = meeting_agenda(meeting=meeting("forum"), user=None, as_of=AFTER_D)
    assert [line.action.what for line in north.actions] == [
        "North hub heads: share the curriculum maps"
    ]
    assert north.actions[0].review is None and forum.actions == []


def _more_schools(cworld: World, count: int) -> None:
    head = cworld.person(Role.HEAD_TEACHER)
    director = cworld.person(Role.QA_DIRECTOR)
    assert cworld.year is not None
    for n in range(count):
        school: School = SchoolFactory(cluster=cworld.c1, name=f"Extra {n}")
        add_visit(school, cworld.year, director, on=dt.date(2026, 10, 1 + n))
        add_plan(school, cworld.year, head=head, deployed=director)
        CategoryDecision.objects.create(
            trust=cworld.trust,
            school=school,
            category="D",
            decided_on=dt.date(2026, 9, 2),
            source=CategoryDecision.Source.OTHER,
        )


@pytest.mark.parametrize("key", ["in", "forum", "board", "strategic"])
def test_each_agenda_runs_a_fixed_number_of_queries(
    cworld: World, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agenda's own queries (the dashboards count theirs in their own tests)."""
    from cycle.selectors import agenda as agenda_module

    absent = DashboardPart(title="Dashboard", available=False)
    monkeypatch.setattr(agenda_module, "trust_part", lambda **kwargs: absent)
    monkeypatch.setattr(agenda_module, "cluster_part", lambda **kwargs: absent)
    user = cworld.person(Role.CEO)
    with scopes_disabled():
        found = meeting(key)
        meeting_agenda(meeting=found, user=user, as_of=AFTER_D)  # the person's access, read once
        with CaptureQueriesContext(connection) as small:
            meeting_agenda(meeting=found, user=user, as_of=AFTER_D)
        _more_schools(cworld, 4)
        with CaptureQueriesContext(connection) as large:
            agenda = meeting_agenda(meeting=found, user=user, as_of=AFTER_D)
    assert len(large) == len(small) <= 12
    assert agenda.as_of == AFTER_D


def test_rag_counts_are_by_rating(cworld: World) -> None:
    """A red and a green action beside the amber one: each counted in its own column."""
    from isap.models import Action

    with scopes_disabled():
        assert cworld.plan is not None
        amber = Action.objects.get(priority__plan=cworld.plan)
        for rag in (Rag.RED, Rag.GREEN, ""):
            amber.pk = None
            amber.rag = rag
            amber.save()
        agenda = meeting_agenda(meeting=meeting("in"), user=None, as_of=AFTER_D)
    rag = agenda.schools[0].rag
    assert (rag.red, rag.amber, rag.green, rag.unrated, rag.open) == (1, 1, 1, 1, 4)
