"""The one service that derives object permissions (guardian) from the active role assignments:
what each role gives at the trust, its clusters and schools (fht/roles.py)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db import transaction

from fht.access import forget_access
from fht.models import Trust, TrustUserObjectPermission, User
from fht.roles import Attached, rule_for
from people.models import RoleAssignment
from schools.models import (
    Cluster,
    ClusterUserObjectPermission,
    School,
    SchoolUserObjectPermission,
)

Grant = tuple[int, int, int]


@dataclass
class _Desired:
    trust: set[Grant]
    schools: set[Grant]
    clusters: set[Grant]


def _permission_ids() -> dict[tuple[str, str], int]:
    rows = Permission.objects.filter(content_type__app_label__in=["fht", "schools"]).values_list(
        "content_type__app_label", "codename", "id"
    )
    return {(app, codename): pk for app, codename, pk in rows}


def _desired_grants(trust: Trust, user_ids: set[int]) -> _Desired:
    perm_id = _permission_ids()
    schools = list(School.objects.filter(trust=trust).values_list("id", "cluster_id"))
    all_school_ids = [pk for pk, _ in schools]
    all_cluster_ids = list(Cluster.objects.filter(trust=trust).values_list("id", flat=True))
    schools_in_cluster: dict[int, list[int]] = {}
    cluster_of: dict[int, int | None] = {}
    for pk, cluster_id in schools:
        cluster_of[pk] = cluster_id
        if cluster_id:
            schools_in_cluster.setdefault(cluster_id, []).append(pk)

    desired = _Desired(set(), set(), set())
    active = RoleAssignment.objects.filter(
        trust=trust, person_id__in=user_ids, ended_at__isnull=True, person__is_active=True
    ).values_list("person_id", "role", "school_id", "cluster_id")
    for person_id, role, school_id, cluster_id in active:
        rule = rule_for(role)
        if rule.attached == Attached.TRUST:
            school_ids, cluster_ids = all_school_ids, all_cluster_ids
        elif rule.attached == Attached.CLUSTER:
            school_ids, cluster_ids = schools_in_cluster.get(cluster_id, []), [cluster_id]
        else:
            own_cluster = cluster_of.get(school_id)
            school_ids = [school_id]
            cluster_ids = [own_cluster] if rule.sees_own_cluster and own_cluster else []
        desired.trust |= {(person_id, perm_id[("fht", p)], trust.pk) for p in rule.trust}
        desired.schools |= {
            (person_id, perm_id[("schools", p)], s) for p in rule.school for s in school_ids
        }
        desired.clusters |= {
            (person_id, perm_id[("schools", p)], c) for p in rule.cluster for c in cluster_ids
        }
    return desired


def _apply[P: (TrustUserObjectPermission, SchoolUserObjectPermission, ClusterUserObjectPermission)](
    model: type[P], user_ids: set[int], object_ids: Iterable[int], wanted: set[Grant]
) -> None:
    existing = model.objects.filter(user_id__in=user_ids, content_object_id__in=list(object_ids))
    have = {
        (u, p, o): pk
        for pk, u, p, o in existing.values_list(
            "id", "user_id", "permission_id", "content_object_id"
        )
    }
    stale = [pk for grant, pk in have.items() if grant not in wanted]
    if stale:
        model.objects.filter(id__in=stale).delete()
    model.objects.bulk_create(
        [model(user_id=u, permission_id=p, content_object_id=o) for u, p, o in wanted - have.keys()]
    )


def permissions_sync(*, trust: Trust, people: Iterable[User] | None = None) -> None:
    """Make django-guardian's object permissions say exactly what the active role assignments say.

    With `people`, only their permissions are rebuilt; without, everyone's in the trust.
    """
    if people is None:
        user_ids = set(User.objects.filter(trust=trust).values_list("id", flat=True))
    else:
        user_ids = {p.pk for p in people}
        if any(p.trust_id != trust.pk for p in people):
            raise ValueError("permissions_sync was given a person from another trust")
    if not user_ids:
        return
    desired = _desired_grants(trust, user_ids)
    school_ids = School.objects.filter(trust=trust).values_list("id", flat=True)
    cluster_ids = Cluster.objects.filter(trust=trust).values_list("id", flat=True)
    with transaction.atomic():
        _apply(TrustUserObjectPermission, user_ids, [trust.pk], desired.trust)
        _apply(SchoolUserObjectPermission, user_ids, list(school_ids), desired.schools)
        _apply(ClusterUserObjectPermission, user_ids, list(cluster_ids), desired.clusters)
    for person in people or []:
        forget_access(person)
