"""Who may hand out the keys: no one changes their own roles; only the CEO or deputy touches the
CEO, deputy CEO and trust administrator roles."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.roles import Role
from fht.tenancy import trust_scope
from people.services import person_deactivate, role_assign, role_end
from schools.models import RoleAssignment
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_an_administrator_cannot_make_anyone_ceo(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    with trust_scope(world.trust.pk):
        for role in (Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN):
            with pytest.raises(ValidationError, match="Only the CEO or deputy CEO"):
                role_assign(person=world.stranger, role=role, acting_user=admin)
        assert not RoleAssignment.objects.filter(person=world.stranger).exists()
        # Ordinary roles are theirs to give.
        role_assign(person=world.stranger, role=Role.TRUSTEE, acting_user=admin)


def test_no_one_changes_their_own_roles(world: World) -> None:
    ceo = world.person(Role.CEO)
    with trust_scope(world.trust.pk):
        with pytest.raises(ValidationError, match="your own roles"):
            role_assign(person=ceo, role=Role.TRUSTEE, acting_user=ceo)
        with pytest.raises(ValidationError, match="your own roles"):
            role_end(assignment=RoleAssignment.objects.get(person=ceo), acting_user=ceo)


def test_an_administrator_cannot_remove_the_ceo(world: World) -> None:
    admin = world.person(Role.TRUST_ADMIN)
    ceo = world.person(Role.CEO)
    with trust_scope(world.trust.pk):
        with pytest.raises(ValidationError, match="Only the CEO or deputy CEO"):
            role_end(assignment=RoleAssignment.objects.get(person=ceo), acting_user=admin)
        with pytest.raises(ValidationError, match="Only the CEO or deputy CEO"):
            person_deactivate(person=ceo, acting_user=admin)
    with scopes_disabled():
        ceo.refresh_from_db()
        assert ceo.is_active
        assert RoleAssignment.objects.get(person=ceo).ended_at is None


def test_the_ceo_can_appoint_an_administrator(world: World) -> None:
    with trust_scope(world.trust.pk):
        assignment = role_assign(
            person=world.stranger, role=Role.TRUST_ADMIN, acting_user=world.person(Role.CEO)
        )
        role_end(assignment=assignment, acting_user=world.person(Role.DEPUTY_CEO))
