"""Reads about schools and clusters. `access_*` is the only road from a URL's id to an object."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_scopes import scopes_disabled

from fht.access import access_for
from fht.models import Trust, User
from fht.roles import ClusterPerm, Role, SchoolPerm, TrustPerm
from fht.tenancy import trust_id_of
from schools.hooks import cluster_history_sources
from schools.models import AcademicYear, Cluster, Inspection, School


def get_in_trust[M: models.Model](user: User, queryset: QuerySet[M], pk: int, what: str) -> M:
    """One object of the person's own trust, or 404: 'missing' and 'not yours' look the same."""
    try:
        return queryset.get(pk=pk, trust_id=trust_id_of(user))
    except ObjectDoesNotExist:
        raise Http404(f"No such {what}") from None


def open_on(day: dt.date | None = None) -> Q:
    """The schools open on `day`: not closed by then and in the trust by then. None: open now, as
    the school list shows them (a school joining later is listed)."""
    if day is None:
        return Q(closed_on__isnull=True)
    return (Q(closed_on__isnull=True) | Q(closed_on__gt=day)) & (
        Q(joined_trust_on__isnull=True) | Q(joined_trust_on__lte=day)
    )


def access_school(user: User, school_id: int, perm: SchoolPerm = SchoolPerm.VIEW) -> School:
    """The school, if this person may `perm` it; 404 both for 'missing' and for 'not yours'."""
    if not access_for(user).has_school_perm(school_id, perm):
        raise Http404("No such school")
    return get_in_trust(user, School.objects.select_related("cluster"), school_id, "school")


def access_cluster(user: User, cluster_id: int, perm: ClusterPerm = ClusterPerm.VIEW) -> Cluster:
    if not access_for(user).has_cluster_perm(cluster_id, perm):
        raise Http404("No such cluster")
    return get_in_trust(user, Cluster.objects.all(), cluster_id, "cluster")


def can_manage_structure(user: User) -> bool:
    return access_for(user).has_trust_perm(TrustPerm.MANAGE_STRUCTURE)


def require_manage_structure(user: User) -> None:
    """For the trust-level administration pages (add a school, add a cluster): 403 for others."""
    if not can_manage_structure(user):
        raise PermissionDenied(
            "Only the trust's administrators can change its schools and clusters."
        )


# Who records a school's Ofsted inspections: those who manage the trust's structure, and the CEO
# and deputy whatever else they hold. Everyone who can see the school reads them.
INSPECTION_RECORDERS = frozenset({Role.CEO, Role.DEPUTY_CEO})


def can_record_inspections(user: User) -> bool:
    access = access_for(user)
    return access.has_trust_perm(TrustPerm.MANAGE_STRUCTURE) or any(
        role in INSPECTION_RECORDERS for role in access.roles
    )


def access_school_for_inspections(user: User, school_id: int) -> School:
    """A school this person sees and may record inspections of; 404 otherwise."""
    if not can_record_inspections(user):
        raise Http404("No such school")
    return access_school(user, school_id)


def access_inspection(user: User, school_id: int, inspection_id: int) -> Inspection:
    """One inspection of the school, for those who may correct it; 404 otherwise (another
    school's inspection under this school's address too)."""
    school = access_school_for_inspections(user, school_id)
    try:
        inspection = Inspection.objects.get(
            pk=inspection_id, school_id=school.pk, trust_id=school.trust_id
        )
    except ObjectDoesNotExist:
        raise Http404("No such inspection") from None
    inspection.school = school
    return inspection


def school_inspections(*, school: School) -> list[Inspection]:
    """The school's inspections, newest first."""
    return list(
        Inspection.objects.filter(school=school, trust_id=school.trust_id).order_by(
            "-inspected_on", "-pk"
        )
    )


def access_school_for_admin(user: User, school_id: int) -> School:
    """A school of the person's trust, for those who manage the trust's structure; 404 otherwise."""
    if not can_manage_structure(user):
        raise Http404("No such school")
    return get_in_trust(user, School.objects.select_related("cluster"), school_id, "school")


def access_cluster_for_admin(user: User, cluster_id: int) -> Cluster:
    """A cluster of the person's trust, for those who manage the trust's structure; 404 otherwise."""
    if not can_manage_structure(user):
        raise Http404("No such cluster")
    return get_in_trust(user, Cluster.objects.all(), cluster_id, "cluster")


def access_academic_year_for_admin(user: User, year_id: int) -> AcademicYear:
    """An academic year of the person's trust, for those who manage its structure; 404 otherwise."""
    if not can_manage_structure(user):
        raise Http404("No such academic year")
    years = AcademicYear.objects.prefetch_related("half_terms")
    return get_in_trust(user, years, year_id, "academic year")


def academic_year_list(*, user: User) -> QuerySet[AcademicYear]:
    """The trust's academic years, oldest first, each with its six half-terms."""
    return (
        AcademicYear.objects.filter(trust_id=trust_id_of(user))
        .prefetch_related("half_terms")
        .order_by("starts_in")
    )


def next_academic_year(*, trust: Trust) -> int:
    """The year after the trust's latest academic year; with none yet, the current one."""
    latest = AcademicYear.objects.filter(trust=trust).aggregate(latest=Max("starts_in"))["latest"]
    if latest is not None:
        return int(latest) + 1
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def trust_clusters(*, trust: Trust) -> QuerySet[Cluster]:
    """The clusters a school of this trust may belong to (and nothing of another trust)."""
    return Cluster.objects.filter(trust=trust).order_by("name")


@dataclass(frozen=True)
class UrnInUse:
    # The school's name only when it is in the asking trust: another trust's school stays unnamed.
    school_name: str | None


def _excluding(schools: QuerySet[School], school_id: int | None) -> QuerySet[School]:
    return schools if school_id is None else schools.exclude(pk=school_id)


def urn_in_use(*, urn: str, trust: Trust, exclude_school_id: int | None = None) -> UrnInUse | None:
    """Whether a URN is taken. URNs are unique across every trust, so this looks beyond the scope,
    but only asks another trust whether the URN exists."""
    own = _excluding(School.objects.filter(trust=trust, urn=urn), exclude_school_id)
    name = own.values_list("name", flat=True).first()
    if name is not None:
        return UrnInUse(school_name=name)
    with scopes_disabled():
        elsewhere = _excluding(School.objects.filter(urn=urn), exclude_school_id).exists()
    return UrnInUse(school_name=None) if elsewhere else None


def with_latest_inspection_date(schools: QuerySet[School]) -> QuerySet[School]:
    """Each school with `latest_inspected_on`, the date of its latest inspection (for sorting)."""
    newest = (
        Inspection.objects.filter(school_id=OuterRef("pk"))
        .order_by("-inspected_on")
        .values("inspected_on")[:1]
    )
    return schools.annotate(latest_inspected_on=Subquery(newest))


def school_list(*, user: User, query: str = "", cluster_id: int | None = None) -> QuerySet[School]:
    schools = with_latest_inspection_date(
        School.objects.filter(
            trust_id=trust_id_of(user), pk__in=access_for(user).school_ids()
        ).select_related("cluster")
    )
    if query:
        schools = schools.filter(
            Q(name__icontains=query) | Q(urn=query) | Q(local_authority__icontains=query)
        )
    if cluster_id is not None:
        schools = schools.filter(cluster_id=cluster_id)
    return schools.order_by("name")


def cluster_list(*, user: User) -> QuerySet[Cluster]:
    return (
        Cluster.objects.filter(trust_id=trust_id_of(user), pk__in=access_for(user).cluster_ids())
        .annotate(school_count=Count("schools", filter=Q(schools__closed_on__isnull=True)))
        .order_by("name")
    )


def cluster_schools(*, cluster: Cluster) -> QuerySet[School]:
    return School.objects.filter(cluster=cluster, trust_id=cluster.trust_id).order_by("name")


@dataclass(frozen=True)
class Change:
    """One line of a record's history: when, who, and what changed, in words."""

    when: dt.datetime
    who: str
    what: str


def history_who(record: Any) -> str:
    """Who made a simple-history change, in words."""
    user = record.history_user
    return (user.full_name or user.email) if user is not None else "System"


def _date(value: dt.date | None) -> str:
    return date_format(value, "j F Y") if value else "none"


_SCHOOL_FIELDS = {
    "urn": "URN",
    "establishment_number": "DfE establishment number",
    "name": "name",
    "phase": "phase",
    "local_authority": "local authority",
    "pupils_on_roll": "pupils on roll",
    "joined_trust_on": "date it joined the trust",
    "route": "route",
    "governing_body": "local governing body",
    "cluster_id": "cluster",
    "category": "category",
}
_CLUSTER_FIELDS = {"name": "name", "area": "area"}


def _changed_fields(record: Any, before: Any | None, fields: dict[str, str]) -> list[str]:
    if before is None:
        return []
    return [label for f, label in fields.items() if getattr(record, f) != getattr(before, f)]


def _describe_school(record: Any, before: Any | None) -> str:
    if record.history_type == "+":
        return "Added"
    if record.history_type == "-":
        return "Deleted"
    if before is None:
        return "Changed"
    parts = []
    was_closed = before.closed_on
    if record.closed_on and record.closed_on != was_closed:
        parts.append(f"Closed on {_date(record.closed_on)}")
    elif was_closed and not record.closed_on:
        parts.append("Reopened")
    changed = _changed_fields(record, before, _SCHOOL_FIELDS)
    if changed:
        parts.append("Changed " + ", ".join(changed))
    return "; ".join(parts) or "Saved with no change"


def _describe_cluster(record: Any, before: Any | None) -> str:
    if record.history_type == "+":
        return "Cluster added"
    if record.history_type == "-":
        return "Cluster deleted"
    if before is None:
        return "Changed"
    changed = _changed_fields(record, before, _CLUSTER_FIELDS)
    return ("Changed " + ", ".join(changed)) if changed else "Saved with no change"


def _changes(
    records: Sequence[Any], describe: Callable[[Any, Any | None], str], limit: int
) -> list[Change]:
    """Newest first. `records` holds one more than `limit` so the oldest shown has its 'before'."""
    return [
        Change(
            when=record.history_date,
            who=history_who(record),
            what=describe(record, records[i + 1] if i + 1 < len(records) else None),
        )
        for i, record in enumerate(records[:limit])
    ]


_INSPECTION_VERBS = {"+": "added", "~": "changed", "-": "deleted"}


def _inspection_changes(school: School, limit: int) -> list[Change]:
    """The school's inspections added, corrected or deleted, newest first."""
    records = (
        Inspection.history.filter(school_id=school.pk, trust_id=school.trust_id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    return [
        Change(
            when=record.history_date,
            who=history_who(record),
            what=f"Ofsted inspection of {_date(record.inspected_on)} "
            f"{_INSPECTION_VERBS.get(record.history_type, 'changed')}",
        )
        for record in records
    ]


def school_history(*, school: School, limit: int = 50) -> list[Change]:
    """The school record's changes and its inspections' changes, newest first."""
    records = list(
        school.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    changes = _changes(records, _describe_school, limit) + _inspection_changes(school, limit)
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]


def cluster_history(*, cluster: Cluster, limit: int = 50) -> list[Change]:
    """The cluster record's changes and the lines the apps above add (schools.hooks: the Directors
    of QA allocations, from people), newest first."""
    records = list(
        cluster.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    changes = _changes(records, _describe_cluster, limit)
    for source in cluster_history_sources:
        changes += source.changes(cluster, limit)
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]
