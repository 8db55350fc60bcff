"""A dashboard made for an earlier day (a meeting pack's data date) shows the trust as it stood
then: the schools open that day, their categories then, and each school's latest visit by then."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django_scopes import scopes_disabled

from dashboards.selectors.cluster import cluster_dashboard
from dashboards.selectors.trust import trust_dashboard
from fht.roles import Role
from risk.models import CategoryDecision
from tests.conftest import World
from tests.dashboards.world import add_visit_and_plan

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
THEN = TODAY - dt.timedelta(days=60)


@pytest.fixture
def w(world: World) -> Iterator[World]:
    with scopes_disabled():
        ceo = world.person(Role.CEO)
        for day, category in (
            (THEN - dt.timedelta(days=30), "D"),
            (THEN + dt.timedelta(days=5), "A"),
        ):
            CategoryDecision.objects.create(
                trust=world.trust,
                school=world.s1,
                category=category,
                decided_on=day,
                decided_by=ceo,
                source=CategoryDecision.Source.OTHER,
                reason="Test",
            )
        world.s1.category = "A"
        world.s1.save()
        world.s2.closed_on = THEN + dt.timedelta(days=10)  # closed since: open on THEN
        world.s2.save()
        yield world


def _counts(board: object) -> dict[str, int]:
    """Counts by the category's letter."""
    return {label[:1]: n for label, n in board.categories}  # type: ignore[attr-defined]


def test_the_trust_dashboard_for_an_earlier_day_shows_the_categories_then(w: World) -> None:
    with scopes_disabled():
        then = trust_dashboard(trust=w.trust, user=w.person(Role.CEO), as_of=THEN)
        now = trust_dashboard(trust=w.trust, user=w.person(Role.CEO), as_of=TODAY)
    then_names = {s.name for s in then.schools}
    now_names = {s.name for s in now.schools}
    assert w.s2.name in then_names and w.s2.name not in now_names
    assert _counts(then)["D"] >= 1 and _counts(now)["D"] == 0
    assert _counts(now)["A"] >= 1
    with scopes_disabled():
        w.s1.refresh_from_db()
    assert w.s1.category == "A"  # the school itself is untouched


def test_a_school_that_joined_later_is_not_in_the_earlier_days_dashboard(w: World) -> None:
    with scopes_disabled():
        w.s1.joined_trust_on = THEN + dt.timedelta(days=1)
        w.s1.save()
        then = trust_dashboard(trust=w.trust, user=w.person(Role.CEO), as_of=THEN)
    assert w.s1.name not in {s.name for s in then.schools}


def test_the_cluster_dashboard_shows_the_latest_visit_by_that_day(w: World) -> None:
    with scopes_disabled():
        year = w.year
        assert year is not None
        add_visit_and_plan(w.s1, year, w.person(Role.QA_DIRECTOR))
        board_now = cluster_dashboard(cluster=w.s1.cluster, user=w.person(Role.CEO), as_of=TODAY)
        board_then = cluster_dashboard(
            cluster=w.s1.cluster, user=w.person(Role.CEO), as_of=dt.date(2000, 1, 1)
        )
    visit_now = {c.school.pk: c.visit for c in board_now.schools}
    assert visit_now.get(w.s1.pk) is not None and visit_now[w.s1.pk].visit is not None
    assert board_then.schools == [] or all(
        c.visit is None or c.visit.visit is None for c in board_then.schools
    )
