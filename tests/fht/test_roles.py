"""Role assignments turn into django-guardian object permissions, and back, in one service."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled
from guardian.shortcuts import get_perms

from fht.access import access_for
from fht.roles import Role, SchoolPerm, TrustPerm
from fht.tenancy import trust_scope
from people.models import RoleAssignment
from people.services import permissions_sync, role_assign, role_assignments_expire, role_end
from schools.models import SchoolUserObjectPermission
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _new_person(world: World, email: str = "new@a.example"):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return UserFactory(trust=world.trust, email=email, full_name="New Person")


def test_head_teacher_gets_their_school_only(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    with trust_scope(world.trust.pk):
        assert set(get_perms(head, world.s1)) == {
            "view_school",
            "view_improvement",
            "view_restricted",
            "update_progress",
        }
        assert get_perms(head, world.s2) == []
        assert get_perms(head, world.c1) == ["view_cluster"]
        assert get_perms(head, world.c2) == []
        assert head.has_perm("schools.view_restricted", world.s1)
        assert not head.has_perm("schools.view_school", world.s3)


def test_governor_never_gets_restricted_parts(world: World) -> None:
    for role in (
        Role.GOVERNOR,
        Role.CHAIR_OF_GOVERNORS,
        Role.TRUSTEE,
        Role.TRUST_ADMIN,
        Role.CPD_LEAD,
    ):
        person = world.person(role)
        with trust_scope(world.trust.pk):
            assert not person.has_perm("schools.view_restricted", world.s1), role


def test_director_gets_the_schools_of_their_clusters(world: World) -> None:
    director = world.person(Role.QA_DIRECTOR)
    access = access_for(director)
    assert set(access.school_ids()) == {world.s1.pk, world.s2.pk}
    assert access.has_school_perm(world.s1.pk, SchoolPerm.MANAGE_IMPROVEMENT)
    assert access.has_school_perm(world.s2.pk, SchoolPerm.VIEW_RESTRICTED)
    assert not access.has_school_perm(world.s3.pk, SchoolPerm.VIEW)
    assert access.cluster_ids() == [world.c1.pk]


def test_trust_wide_roles_cover_every_school(world: World) -> None:
    ceo = access_for(world.person(Role.CEO))
    assert set(ceo.school_ids(SchoolPerm.VIEW_RESTRICTED)) == {
        world.s1.pk,
        world.s2.pk,
        world.s3.pk,
    }
    assert ceo.has_trust_perm(TrustPerm.MANAGE_PEOPLE)
    trustee = access_for(world.person(Role.TRUSTEE))
    assert set(trustee.school_ids()) == {world.s1.pk, world.s2.pk, world.s3.pk}
    assert trustee.school_ids(SchoolPerm.VIEW_RESTRICTED) == []
    assert not trustee.has_trust_perm(TrustPerm.VIEW_PEOPLE)


def test_executive_head_of_several_schools(world: World) -> None:
    person = _new_person(world)
    with trust_scope(world.trust.pk):
        role_assign(person=person, role=Role.EXECUTIVE_HEAD, school=world.s2, acting_user=None)
        role_assign(person=person, role=Role.EXECUTIVE_HEAD, school=world.s3, acting_user=None)
    assert set(access_for(person).school_ids(SchoolPerm.UPDATE_PROGRESS)) == {
        world.s2.pk,
        world.s3.pk,
    }
    assert set(access_for(person).cluster_ids()) == {world.c1.pk, world.c2.pk}


def test_head_teacher_heads_one_school(world: World) -> None:
    person = _new_person(world)
    with trust_scope(world.trust.pk):
        role_assign(person=person, role=Role.HEAD_TEACHER, school=world.s2, acting_user=None)
        with pytest.raises(ValidationError, match="one school"):
            role_assign(person=person, role=Role.HEAD_TEACHER, school=world.s3, acting_user=None)
        # s1 already has an active head teacher.
        other = _new_person(world, "other@a.example")
        with pytest.raises(ValidationError):
            role_assign(person=other, role=Role.HEAD_TEACHER, school=world.s1, acting_user=None)


@pytest.mark.parametrize(
    ("role", "where", "message"),
    [
        (Role.HEAD_TEACHER, None, "Choose the school"),
        (Role.QA_DIRECTOR, None, "Choose the cluster"),
        (Role.CEO, "s1", "not attached to one school"),
        (Role.GOVERNOR, "c1", "not attached to a cluster"),
        (Role.GOVERNOR, "sb", "another trust"),
    ],
)
def test_role_must_fit_what_it_is_attached_to(
    world: World, role: Role, where: str | None, message: str
) -> None:
    person = _new_person(world)
    target = getattr(world, where) if where else None
    kwargs = {"cluster" if where and where.startswith(("c", "b")) else "school": target}
    with trust_scope(world.trust.pk):
        with pytest.raises(ValidationError, match=message):
            role_assign(person=person, role=role, acting_user=None, **kwargs)
        assert not RoleAssignment.objects.filter(person=person).exists()


def test_ending_a_role_takes_effect_on_the_next_request(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    client = Client()
    client.force_login(head)
    url = reverse("schools:detail", kwargs={"school_id": world.s1.pk})
    assert client.get(url).status_code == 200
    admin = world.person(Role.TRUST_ADMIN)
    with trust_scope(world.trust.pk):
        assignment = RoleAssignment.objects.get(person=head, role=Role.HEAD_TEACHER)
        role_end(assignment=assignment, acting_user=admin)
        assert not SchoolUserObjectPermission.objects.filter(user=head).exists()
    assert client.get(url).status_code == 404
    # ...and it is in the history, with who did it.
    with trust_scope(world.trust.pk):
        records = list(assignment.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].ended_at is not None
    assert records[-1].history_user == admin


def test_changing_a_role_moves_access(world: World) -> None:
    """A governor who moves from s1 to s3: s1 closes and s3 opens on the next request."""
    governor = world.person(Role.GOVERNOR)
    client = Client()
    client.force_login(governor)
    with trust_scope(world.trust.pk):
        role_end(assignment=RoleAssignment.objects.get(person=governor), acting_user=None)
        role_assign(person=governor, role=Role.GOVERNOR, school=world.s3, acting_user=None)
    assert (
        client.get(reverse("schools:detail", kwargs={"school_id": world.s1.pk})).status_code == 404
    )
    assert (
        client.get(reverse("schools:detail", kwargs={"school_id": world.s3.pk})).status_code == 200
    )


def test_deactivated_person_is_signed_out(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    client = Client()
    client.force_login(head)
    head.is_active = False
    head.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sync_is_idempotent_and_repairs_drift(world: World) -> None:
    with trust_scope(world.trust.pk):
        before = set(
            SchoolUserObjectPermission.objects.values_list(
                "user_id", "permission_id", "content_object_id"
            )
        )
        permissions_sync(trust=world.trust)
        after = set(
            SchoolUserObjectPermission.objects.values_list(
                "user_id", "permission_id", "content_object_id"
            )
        )
        assert before == after
        # A stray grant (say, written by hand) is removed; a missing one comes back.
        governor = world.person(Role.GOVERNOR)
        stray = SchoolUserObjectPermission.objects.filter(
            user=world.person(Role.HEAD_TEACHER)
        ).first()
        SchoolUserObjectPermission.objects.create(
            user=governor, permission_id=stray.permission_id, content_object=world.s3
        )
        SchoolUserObjectPermission.objects.filter(user=governor, content_object=world.s1).delete()
        permissions_sync(trust=world.trust)
        fixed = set(
            SchoolUserObjectPermission.objects.values_list(
                "user_id", "permission_id", "content_object_id"
            )
        )
        assert fixed == before


def test_sync_refuses_people_of_another_trust(world: World) -> None:
    with trust_scope(world.trust.pk), pytest.raises(ValueError, match="another trust"):
        permissions_sync(trust=world.trust, people=[world.other_head])


def test_planned_end_dates_expire_once(world: World) -> None:
    governor = world.person(Role.GOVERNOR)
    with trust_scope(world.trust.pk):
        RoleAssignment.objects.filter(person=governor).update(ends_on=dt.date(2026, 8, 31))
        assert role_assignments_expire(trust=world.trust, today=dt.date(2026, 9, 1)) == 1
        assert role_assignments_expire(trust=world.trust, today=dt.date(2026, 9, 1)) == 0
        assert not governor.has_perm("schools.view_school", world.s1)
        record = RoleAssignment.objects.get(person=governor).history.latest()
        assert record.history_change_reason == "Planned end date passed"
    assert access_for(governor).school_ids() == []


def test_other_trust_is_untouched_by_a_sync(world: World) -> None:
    with scopes_disabled():
        before = SchoolUserObjectPermission.objects.filter(user=world.other_head).count()
    with trust_scope(world.trust.pk):
        permissions_sync(trust=world.trust)
    with scopes_disabled():
        assert (
            SchoolUserObjectPermission.objects.filter(user=world.other_head).count() == before > 0
        )
