"""Who may hand out the keys: no one changes their own roles; only the CEO or deputy touches the
CEO, deputy CEO and trust administrator roles."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.roles import Role
from fht.tenancy import trust_scope
from people.models import RoleAssignment
from people.services import person_deactivate, role_assign, role_end
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
        roles = RoleAssignment.objects.filter(person=world.stranger, ended_at__isnull=True)
        assert list(roles.values_list("role", flat=True)) == [Role.TRUSTEE.value]


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
    from django.test import Client
    from django.urls import reverse

    newcomer = Client()
    newcomer.force_login(world.stranger)
    invite = reverse("people:invite")
    assert newcomer.get(invite).status_code == 403
    with trust_scope(world.trust.pk):
        assignment = role_assign(
            person=world.stranger, role=Role.TRUST_ADMIN, acting_user=world.person(Role.CEO)
        )
        assert assignment.ended_at is None
        assert assignment.history.latest().history_user == world.person(Role.CEO)
    # The new administrator administers from their next request...
    assert newcomer.get(invite).status_code == 200
    with trust_scope(world.trust.pk):
        role_end(assignment=assignment, acting_user=world.person(Role.DEPUTY_CEO))
        assignment.refresh_from_db()
        assert assignment.ended_at is not None
        assert assignment.history.latest().history_user == world.person(Role.DEPUTY_CEO)
    # ...and no longer once the deputy has ended the role.
    assert newcomer.get(invite).status_code == 403


def test_an_administrator_cannot_invite_a_new_ceo(world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from fht.models import User

    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    for role in ("ceo", "deputy_ceo", "trust_admin"):
        response = client.post(
            reverse("people:invite"),
            {"full_name": "Sock Puppet", "email": f"{role}.puppet@a.example", "role": role},
        )
        assert response.status_code == 400
        assert "Only the CEO or deputy CEO" in response.content.decode()
    with scopes_disabled():
        assert not User.objects.filter(email__contains="puppet").exists()


def test_an_administrator_cannot_make_themselves_a_director(world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    admin = world.person(Role.TRUST_ADMIN)
    client = Client()
    client.force_login(admin)
    url = reverse("people:directors:allocate", kwargs={"cluster_id": world.c2.pk})
    response = client.post(url, {"person": admin.pk, "confirmed": "on"})
    assert response.status_code == 400
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(person=admin, role=Role.QA_DIRECTOR).exists()


def test_platform_staff_can_end_a_protected_role(world: World) -> None:
    ceo = world.person(Role.CEO)
    with trust_scope(world.trust.pk):
        role_end(assignment=RoleAssignment.objects.get(person=ceo), acting_user=world.superuser)
        assert RoleAssignment.objects.get(person=ceo).ended_at is not None


def test_an_administrator_cannot_rename_the_ceo_but_can_rename_a_governor(world: World) -> None:
    from people.services import person_update

    admin = world.person(Role.TRUST_ADMIN)
    with trust_scope(world.trust.pk):
        with pytest.raises(ValidationError, match="Only the CEO or deputy CEO"):
            person_update(
                person=world.person(Role.CEO),
                full_name="Someone Else",
                job_title="",
                acting_user=admin,
            )
        person_update(
            person=world.person(Role.GOVERNOR),
            full_name="Gov Ernor",
            job_title="",
            acting_user=admin,
        )
        person_update(person=admin, full_name="Ad Min", job_title="", acting_user=admin)
    ceo, governor = world.person(Role.CEO), world.person(Role.GOVERNOR)
    with scopes_disabled():
        for person in (ceo, governor, admin):
            person.refresh_from_db()
    assert (ceo.full_name, governor.full_name, admin.full_name) == (
        "CEO of A",
        "Gov Ernor",
        "Ad Min",
    )
