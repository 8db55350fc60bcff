"""Reads about schools and clusters. `access_*` is the only road from a URL's id to an object."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.roles import ClusterPerm, Role, SchoolPerm
from schools.models import Cluster, RoleAssignment, School


def access_school(user: User, school_id: int, perm: SchoolPerm = SchoolPerm.VIEW) -> School:
    """The school, if this person may `perm` it; 404 both for 'missing' and for 'not yours'."""
    if not access_for(user).has_school_perm(school_id, perm):
        raise Http404("No such school")
    try:
        return School.objects.select_related("cluster").get(pk=school_id, trust_id=user.trust_id)
    except School.DoesNotExist:
        raise Http404("No such school") from None


def access_cluster(user: User, cluster_id: int, perm: ClusterPerm = ClusterPerm.VIEW) -> Cluster:
    if not access_for(user).has_cluster_perm(cluster_id, perm):
        raise Http404("No such cluster")
    try:
        return Cluster.objects.get(pk=cluster_id, trust_id=user.trust_id)
    except Cluster.DoesNotExist:
        raise Http404("No such cluster") from None


def school_list(*, user: User, query: str = "", cluster_id: int | None = None) -> QuerySet[School]:
    schools = School.objects.filter(
        trust_id=user.trust_id, pk__in=access_for(user).school_ids()
    ).select_related("cluster")
    if query:
        schools = schools.filter(
            Q(name__icontains=query) | Q(urn=query) | Q(local_authority__icontains=query)
        )
    if cluster_id is not None:
        schools = schools.filter(cluster_id=cluster_id)
    return schools.order_by("name")


def cluster_list(*, user: User) -> QuerySet[Cluster]:
    return (
        Cluster.objects.filter(trust_id=user.trust_id, pk__in=access_for(user).cluster_ids())
        .annotate(school_count=Count("schools", filter=Q(schools__closed_on__isnull=True)))
        .order_by("name")
    )


@dataclass(frozen=True)
class SchoolPeople:
    heads: list[RoleAssignment]
    governors: list[RoleAssignment]
    support: list[RoleAssignment]
    directors: list[RoleAssignment]


_HEAD_ROLES = {Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD}
_GOVERNOR_ROLES = {Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR}


def school_people(*, school: School) -> SchoolPeople:
    """The people attached to a school now: its heads, governors, deployed leaders and directors."""
    rows = list(
        RoleAssignment.objects.filter(ended_at__isnull=True, trust_id=school.trust_id)
        .filter(Q(school=school) | Q(cluster_id=school.cluster_id, role=Role.QA_DIRECTOR))
        .select_related("person")
        .order_by("role", "person__full_name")
    )
    return SchoolPeople(
        heads=[r for r in rows if r.role in _HEAD_ROLES],
        governors=sorted(
            (r for r in rows if r.role in _GOVERNOR_ROLES),
            key=lambda r: r.role != Role.CHAIR_OF_GOVERNORS,
        ),
        support=[r for r in rows if r.role in {Role.LEAD_PRACTITIONER, Role.SYSTEM_LEADER}],
        directors=[r for r in rows if r.role == Role.QA_DIRECTOR],
    )


def cluster_directors(*, cluster: Cluster) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(
            cluster=cluster, role=Role.QA_DIRECTOR, ended_at__isnull=True, trust_id=cluster.trust_id
        ).select_related("person")
    )


def cluster_schools(*, cluster: Cluster) -> QuerySet[School]:
    return School.objects.filter(cluster=cluster, trust_id=cluster.trust_id).order_by("name")


def school_history(*, school: School, limit: int = 50) -> list[object]:
    return list(school.history.select_related("history_user").order_by("-history_date")[:limit])
