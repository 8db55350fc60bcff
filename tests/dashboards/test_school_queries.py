"""The school on a page runs a fixed number of SQL queries whatever the number of returns,
results, visits, actions, decisions and reviews of the school: counted at two data sizes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from dashboards.selectors.school import school_dashboard
from fht.access import access_for
from fht.rag import Rag
from fht.roles import Role
from isap.models import Action, Priority
from returns.models import StatutoryResult
from reviews.models import TeamMember
from risk.models import CategoryDecision, RemedialAction
from schools.services import academic_year_create
from tests.conftest import World
from tests.dashboards.school_world import add_school_dashboard
from tests.platform.world import build_full_world
from tests.qa_visits.world import add_visit
from tests.returns.world import add_return
from tests.reviews.library_world import share
from tests.reviews.world import add_review
from tests.risk.world_meetings import open_meeting

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 12, 7)


@pytest.fixture
def world(db: None) -> World:
    return add_school_dashboard(build_full_world())


def _grow(w: World) -> None:
    """Much more history at s1: an earlier year's six returns, results and visit, ten more visits,
    twenty more actions, more decisions and remedial actions, two earlier years' shared reviews."""
    assert w.year is not None and w.plan is not None
    ceo = w.person(Role.CEO)
    director = w.person(Role.QA_DIRECTOR)
    with scopes_disabled():
        earlier = academic_year_create(trust=w.trust, starts_in=2025, acting_user=None)
        add_return(w.s1, earlier, None)  # half-term 1, with its attainment rows
        for n in range(2, 7):
            w.s1.data_returns.create(
                trust=w.trust,
                half_term=earlier.half_terms.get(number=n),
                attendance=Decimal("94.0") + n,
                persistent_absence=Decimal("15.0"),
                suspensions=0,
                permanent_exclusions=0,
            )
        for measure in ("eyfs_gld", "phonics_y1", "ks2_rwm_expected", "ks2_rwm_higher"):
            StatutoryResult.objects.create(
                trust=w.trust, school=w.s1, academic_year=earlier, measure=measure, value=70
            )
        for n in range(10):
            add_visit(w.s1, w.year, director, on=dt.date(2026, 9, 7) + dt.timedelta(days=n))
        priority = Priority.objects.filter(plan=w.plan).first()
        assert priority is not None
        for n in range(20):
            Action.objects.create(
                trust=w.trust,
                priority=priority,
                what=f"Extra action {n}",
                owner=ceo,
                starts_on=dt.date(2026, 9, 1),
                due_on=dt.date(2026, 11, 1) + dt.timedelta(days=7 * n),
                rag=[Rag.RED, Rag.AMBER, Rag.GREEN, ""][n % 4],
                status=Action.Status.IN_PROGRESS,
            )
        for n in range(5):
            CategoryDecision.objects.create(
                trust=w.trust,
                school=w.s1,
                category="ABCD"[n % 4],
                decided_on=dt.date(2025, 9, 1) + dt.timedelta(days=30 * n),
                source=CategoryDecision.Source.OTHER,
                reason="More history",
            )
        meeting = open_meeting(w)
        for n in range(5):
            RemedialAction.objects.create(
                trust=w.trust,
                school=w.s1,
                raised_at=meeting,
                what=f"Remedial {n}",
                owner=ceo,
                due_on=dt.date(2027, 2, 1) + dt.timedelta(days=n),
            )
        oldest = academic_year_create(trust=w.trust, starts_in=2024, acting_user=None)
        for n, year in enumerate((oldest, earlier)):
            review = add_review(
                w.s1,
                year,
                team=[(ceo, TeamMember.Capacity.LEAD, None)],
                created_by=ceo,
                starts_on=dt.date(2025 + n, 1, 10),
            )
            share(review, ceo)


def _count(w: World, role: Role) -> tuple[int, int]:
    user = w.person(role)
    access_for(user)  # the person's permissions, read once a request: not the selector's
    with scopes_disabled():
        school = type(w.s1).objects.select_related("cluster").get(pk=w.s1.pk)
        with CaptureQueriesContext(connection) as selector:
            school_dashboard(school=school, user=user, as_of=AS_OF)
    from django.test import Client

    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("dashboards:school", args=[w.s1.pk])).status_code == 200
    return len(selector), len(page)


ROLES = (Role.HEAD_TEACHER, Role.GOVERNOR, Role.QA_DIRECTOR)


def test_a_fixed_number_of_queries_whatever_the_history(world: World) -> None:
    small = [_count(world, role) for role in ROLES]
    _grow(world)
    large = [_count(world, role) for role in ROLES]
    assert small == large
    assert all(selector <= 24 for selector, _ in small), small
    with scopes_disabled():
        grown = school_dashboard(school=world.s1, user=world.person(Role.GOVERNOR), as_of=AS_OF)
    assert len(grown.categories) == 7 and grown.plan is not None and grown.plan.total == 21
    assert any(p.value == 96.0 for p in grown.termly[0].points)  # 2025/26 half-term 2
