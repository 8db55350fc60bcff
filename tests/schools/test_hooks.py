"""schools.hooks: schools tells the apps above it of changes to a trust's structure without
importing them, and fails loudly when no app listens."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_scopes import scopes_disabled

from fht.access import access_for
from fht.models import Trust
from fht.roles import Role
from fht.tenancy import trust_scope
from schools import hooks, services
from schools.models import Cluster, School
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_listeners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks.structure_listeners, "_entries", {})


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[Trust]:
    """Replace the registered listeners with one that notes which trust it was told about."""
    calls: list[Trust] = []

    def note(*, trust: Trust) -> None:
        calls.append(trust)

    listener = hooks.StructureListener(key="note", changed=note)
    monkeypatch.setattr(hooks.structure_listeners, "_entries", {"note": listener})
    return calls


def test_people_listens_for_structure_changes_and_adds_the_allocations_to_the_history() -> None:
    """Registered by people's AppConfig.ready(): the permission rebuild and the allocation lines."""
    assert hooks.structure_listeners.keys() == ["permissions"]
    assert hooks.cluster_history_sources.keys() == ["directors"]


@pytest.mark.usefixtures("no_listeners")
def test_with_no_listener_a_new_school_is_refused_not_left_unseen(world: World) -> None:
    with scopes_disabled():
        before = School.objects.count()
    details = services.SchoolDetails(urn="123456", name="Elm Tree Primary", cluster=world.c1)
    with trust_scope(world.trust.pk), pytest.raises(ImproperlyConfigured, match="listens"):
        services.school_create(trust=world.trust, details=details, acting_user=None)
    with scopes_disabled():
        assert School.objects.count() == before


@pytest.mark.usefixtures("no_listeners")
def test_with_no_listener_a_new_cluster_is_refused(world: World) -> None:
    with trust_scope(world.trust.pk), pytest.raises(ImproperlyConfigured):
        services.cluster_create(trust=world.trust, name="East", area="", acting_user=None)
    with scopes_disabled():
        assert not Cluster.objects.filter(name="East").exists()


def test_adding_a_school_or_cluster_and_moving_a_school_are_heard(
    world: World, heard: list[Trust]
) -> None:
    with trust_scope(world.trust.pk):
        details = services.SchoolDetails(urn="123456", name="Elm Tree Primary", cluster=world.c1)
        school = services.school_create(trust=world.trust, details=details, acting_user=None)
        services.cluster_create(trust=world.trust, name="East", area="", acting_user=None)
        moved = services.SchoolDetails(urn="123456", name="Elm Tree Primary", cluster=world.c2)
        services.school_update(school=school, details=moved, acting_user=None)
        # A change that moves nothing (a new name) tells no one.
        renamed = services.SchoolDetails(urn="123456", name="Elm Tree Academy", cluster=world.c2)
        services.school_update(school=school, details=renamed, acting_user=None)
    assert heard == [world.trust, world.trust, world.trust]


def test_the_trust_wide_roles_see_a_new_school_through_the_listener(world: World) -> None:
    ceo = world.person(Role.CEO)
    with trust_scope(world.trust.pk):
        details = services.SchoolDetails(urn="123456", name="Elm Tree Primary", cluster=world.c1)
        school = services.school_create(trust=world.trust, details=details, acting_user=None)
    with scopes_disabled():
        ceo = type(ceo).objects.get(pk=ceo.pk)  # a new request: a fresh permission set
    assert school.pk in access_for(ceo).school_ids()
