"""How a person's Access is read (fht.access caches it per request): their active roles and their
trust, school and cluster permissions from django-guardian's tables, in four queries."""

from fht.access import Access
from fht.models import TrustUserObjectPermission, User
from fht.roles import Role
from fht.tenancy import trust_scope
from people.models import RoleAssignment
from schools.models import ClusterUserObjectPermission, SchoolUserObjectPermission


def _grouped(rows: list[tuple[int, str]]) -> dict[int, frozenset[str]]:
    grouped: dict[int, set[str]] = {}
    for object_id, codename in rows:
        grouped.setdefault(object_id, set()).add(codename)
    return {pk: frozenset(perms) for pk, perms in grouped.items()}


def _rows(
    model: type[SchoolUserObjectPermission] | type[ClusterUserObjectPermission],
    user: User,
    trust_id: int,
) -> list[tuple[int, str]]:
    return list(
        model.objects.filter(user=user, content_object__trust_id=trust_id).values_list(
            "content_object_id", "permission__codename"
        )
    )


def access_load(user: User, trust_id: int) -> Access:
    trust_rows = TrustUserObjectPermission.objects.filter(
        user=user, content_object_id=trust_id
    ).values_list("permission__codename", flat=True)
    with trust_scope(trust_id):  # the person's own trust, whatever scope the caller has open
        roles = set(
            RoleAssignment.objects.filter(
                person=user, trust_id=trust_id, ended_at__isnull=True
            ).values_list("role", flat=True)
        )
    return Access(
        trust_id=trust_id,
        roles=tuple(sorted(roles, key=list(Role.values).index)),
        trust=frozenset(trust_rows),
        schools=_grouped(_rows(SchoolUserObjectPermission, user, trust_id)),
        clusters=_grouped(_rows(ClusterUserObjectPermission, user, trust_id)),
    )
