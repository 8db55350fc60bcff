"""Hot pages run a fixed number of queries, however many schools or people the trust has."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from fht.tenancy import trust_scope
from people.services import permissions_sync, role_assign
from tests.conftest import World
from tests.factories import ClusterFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grow(world: World, schools: int) -> None:
    """Add schools, each with a head and a governor, to trust A."""
    with scopes_disabled():
        cluster = ClusterFactory(trust=world.trust)
        for _ in range(schools):
            school = SchoolFactory(cluster=cluster)
            head = UserFactory(trust=world.trust)
            governor = UserFactory(trust=world.trust)
            with trust_scope(world.trust.pk):
                role_assign(person=head, role=Role.HEAD_TEACHER, school=school, acting_user=None)
                role_assign(person=governor, role=Role.GOVERNOR, school=school, acting_user=None)
        with trust_scope(world.trust.pk):
            permissions_sync(trust=world.trust)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "role", "expected"),
    [
        # The school list: 1 more for the schools' latest inspections (schools.inspections).
        ("schools:list", Role.CEO, 10),
        ("schools:clusters:list", Role.CEO, 8),
        ("people:list", Role.CEO, 9),
        # The home page's action-plan panel: 4 for those who track actions (the year, their
        # schools, the plans with their counts, their own actions), 1 for others (their actions).
        # 1 for the partnership reviews waiting for the person (reviews' record part).
        # 2 for the person's next meetings (cycle: where they hold their roles; the meetings).
        # 1 for the dashboards panel, for those who read a cluster's (their clusters' names).
        ("home", Role.CEO, 18),
        ("home", Role.HEAD_TEACHER, 17),
        ("home", Role.GOVERNOR, 15),
    ],
)
def test_list_pages_do_not_grow_with_the_trust(
    world: World, url_name: str, role: Role, expected: int
) -> None:
    client = Client()
    client.force_login(world.person(role))
    url = reverse(url_name)
    small = _queries(client, url)
    _grow(world, schools=12)
    large = _queries(client, url)
    assert small == large == expected


def test_school_page_query_count(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.CEO))
    # 12 for the page itself (2 of them the inspection history and the inspections' changes),
    # 3 for the data panel, 2 for the visits panel, 4 for the action-plan panel (the year, the plan
    # with its days, its signatures, its open actions), 2 for the risk panel (the last category
    # decision, the open remedial actions), 1 for the concern panel (the open case), 1 for the
    # partnership-review panel (the school's reviews).
    assert _queries(client, reverse("schools:detail", kwargs={"school_id": world.s1.pk})) == 25
