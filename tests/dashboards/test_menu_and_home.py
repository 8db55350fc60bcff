"""Where people find the dashboards: the "Dashboards" menu entry for the trust dashboard's readers,
and the home page's panel with the trust dashboard, the person's cluster dashboards and, for the
CEO and deputy, the targets."""

import pytest
from django.test import Client
from django.urls import reverse

from fht.roles import Role
from tests.conftest import World

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def home(world: World, role: Role) -> str:
    client = Client()
    client.force_login(world.person(role))
    return client.get(HOME).content.decode()


def test_a_trustee_finds_the_trust_dashboard_and_every_cluster(fworld: World) -> None:
    page = home(fworld, Role.TRUSTEE)
    assert page.count(f'href="{reverse("dashboards:trust")}"') == 2  # the menu and the panel
    for cluster in (fworld.c1, fworld.c2):
        assert reverse("dashboards:cluster", args=[cluster.pk]) in page
    assert reverse("dashboards:targets") not in page


def test_the_ceo_also_finds_the_targets(fworld: World) -> None:
    assert reverse("dashboards:targets") in home(fworld, Role.CEO)


def test_a_governor_finds_only_their_cluster(fworld: World) -> None:
    page = home(fworld, Role.GOVERNOR)
    assert reverse("dashboards:cluster", args=[fworld.c1.pk]) in page
    assert reverse("dashboards:cluster", args=[fworld.c2.pk]) not in page
    assert f'href="{reverse("dashboards:trust")}"' not in page


@pytest.mark.parametrize("role", [Role.HEAD_TEACHER, Role.TRUST_ADMIN, Role.LEAD_PRACTITIONER])
def test_roles_without_a_dashboard_see_no_link(fworld: World, role: Role) -> None:
    page = home(fworld, role)
    assert "/dashboards/" not in page
