"""`manage.py sync_permissions`: a role that gains a permission in a release gives it to the people
who already hold the role, in every trust, and nothing else changes."""

import io

from django.core.management import call_command
from django_scopes import scopes_disabled

from fht.access import access_for
from fht.roles import Role, SchoolPerm
from schools.models import SchoolUserObjectPermission
from tests.conftest import World


def test_existing_role_holders_get_a_new_permission(world: World) -> None:
    director = world.person(Role.QA_DIRECTOR)
    with scopes_disabled():
        # As before this release: the director lacked the head-performance permission.
        SchoolUserObjectPermission.objects.filter(
            user=director, permission__codename=SchoolPerm.VIEW_HEAD_PERFORMANCE
        ).delete()
        before = SchoolUserObjectPermission.objects.exclude(user=director).count()
    assert not access_for(director).has_school_perm(world.s1.pk, SchoolPerm.VIEW_HEAD_PERFORMANCE)
    out = io.StringIO()
    call_command("sync_permissions", stdout=out)
    assert "Permissions rebuilt for 2 trust(s)." in out.getvalue()
    director = type(director).objects.get(pk=director.pk)  # a fresh request's user
    assert access_for(director).has_school_perm(world.s1.pk, SchoolPerm.VIEW_HEAD_PERFORMANCE)
    head = world.person(Role.HEAD_TEACHER)
    assert not access_for(head).has_school_perm(world.s1.pk, SchoolPerm.VIEW_HEAD_PERFORMANCE)
    with scopes_disabled():
        assert SchoolUserObjectPermission.objects.exclude(user=director).count() == before
