"""Reads about the people of a trust and their roles: who they are, what they hold, and who is
attached to a school or cluster (its heads, governors and Directors of QA)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.roles import Role, TrustPerm
from fht.tenancy import trust_id_of, trust_of
from people.models import RoleAssignment
from schools.models import Cluster, School
from schools.selectors import Change, history_who


def access_person(user: User, person_id: int) -> User:
    """A person of the same trust, for those who may read the trust's people (or for oneself)."""
    allowed = person_id == user.pk or access_for(user).has_trust_perm(TrustPerm.VIEW_PEOPLE)
    if not allowed or user.trust_id is None:
        raise Http404("No such person")
    try:
        return User.objects.get(pk=person_id, trust_id=user.trust_id)
    except User.DoesNotExist:
        raise Http404("No such person") from None


def access_person_for_admin(user: User, person_id: int) -> User:
    """A person of the same trust, for those who manage the trust's people; 404 for anyone else."""
    if user.trust_id is None or not access_for(user).has_trust_perm(TrustPerm.MANAGE_PEOPLE):
        raise Http404("No such person")
    try:
        return User.objects.select_related("trust").get(pk=person_id, trust_id=user.trust_id)
    except User.DoesNotExist:
        raise Http404("No such person") from None


def access_assignment_for_admin(person: User, assignment_id: int) -> RoleAssignment:
    """One of this person's role assignments (the person already passed access_person_for_admin)."""
    try:
        return RoleAssignment.objects.select_related("school", "cluster", "trust", "person").get(
            pk=assignment_id, person=person, trust_id=trust_id_of(person)
        )
    except RoleAssignment.DoesNotExist:
        raise Http404("No such role") from None


def _active_roles() -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(ended_at__isnull=True).select_related(
            "school", "cluster"
        ),
        to_attr="active_roles",
    )


def person_list(
    *, user: User, query: str = "", role: str = "", include_inactive: bool = False
) -> QuerySet[User]:
    people = User.objects.filter(trust_id=trust_id_of(user))
    if not include_inactive:
        people = people.filter(is_active=True)
    if query:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(job_title__icontains=query)
        )
    if role:
        people = people.filter(
            role_assignments__role=role, role_assignments__ended_at__isnull=True
        ).distinct()
    return people.prefetch_related(_active_roles()).order_by("full_name")


def person_roles(*, person: User) -> list[RoleAssignment]:
    """Every role the person holds or held, newest first."""
    return list(
        RoleAssignment.objects.filter(person=person, trust_id=trust_id_of(person))
        .select_related("school", "cluster")
        .order_by("ended_at", "-starts_on")
    )


def person_role_history(*, person: User, limit: int = 100) -> list[object]:
    """The change history of the person's role assignments: who gave or ended what, and when."""
    return list(
        RoleAssignment.history.filter(person_id=person.pk, trust_id=person.trust_id)
        .select_related("history_user", "school", "cluster")
        .order_by("-history_date")[:limit]
    )


def active_roles_of(*, person: User) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(
            person=person, ended_at__isnull=True, trust_id=trust_id_of(person)
        )
        .select_related("school", "cluster")
        .order_by("role")
    )


@dataclass(frozen=True)
class PersonChange:
    when: datetime
    by: str
    what: list[str]


_TRACKED = [("full_name", "Name"), ("job_title", "Job title"), ("email", "Email")]


def _describe(record: object, previous: object | None) -> list[str]:
    reason = getattr(record, "history_change_reason", None)
    if previous is None:
        return [reason or "Added"]
    what = [
        f"{label} changed from '{getattr(previous, field) or '(none)'}' to "
        f"'{getattr(record, field) or '(none)'}'"
        for field, label in _TRACKED
        if getattr(record, field) != getattr(previous, field)
    ]
    if record.is_active != previous.is_active:  # type: ignore[attr-defined]
        what.append(reason or ("Reactivated" if record.is_active else "Deactivated"))  # type: ignore[attr-defined]
    return what


def person_history(*, person: User, limit: int = 50) -> list[PersonChange]:
    """Changes to the person's own record (name, job title, email, leaving), newest first.

    Signing in or setting a password also saves the record; those rows change nothing shown here
    and are left out.
    """
    records = list(
        User.history.filter(id=person.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit * 4]
    )
    changes = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is None and record.history_type != "+":
            break  # older rows were cut off: we cannot say what this one changed
        what = _describe(record, previous)
        if what:
            by = record.history_user.full_name if record.history_user else "System"
            changes.append(PersonChange(when=record.history_date, by=by, what=what))
    return changes[:limit]


# --- Directors of QA and the people of a school or cluster ----------------------------------------


def allocation_candidates(*, cluster: Cluster) -> QuerySet[User]:
    """The trust's active people who are not already a Director of QA of this cluster."""
    allocated = RoleAssignment.objects.filter(
        trust_id=cluster.trust_id, cluster=cluster, role=Role.QA_DIRECTOR, ended_at__isnull=True
    ).values("person_id")
    return (
        User.objects.filter(trust_id=cluster.trust_id, is_active=True)
        .exclude(pk__in=allocated)
        .order_by("full_name", "email")
    )


def director_allocations(*, cluster: Cluster) -> QuerySet[RoleAssignment]:
    """The cluster's current Director of QA allocations (what 'End allocation' may choose from)."""
    return RoleAssignment.objects.filter(
        trust_id=cluster.trust_id, cluster=cluster, role=Role.QA_DIRECTOR, ended_at__isnull=True
    ).select_related("person")


@dataclass(frozen=True)
class DirectorLoad:
    """How many open schools a director's clusters would hold, against the trust's limit."""

    schools: int
    limit: int
    executive_head: bool

    @property
    def over(self) -> bool:
        return self.schools > self.limit


def director_load(*, person: User, adding: Cluster | None = None) -> DirectorLoad:
    """The open schools in the person's Director of QA clusters (with `adding` among them)."""
    trust = adding.trust if adding is not None else trust_of(person)
    active = RoleAssignment.objects.filter(trust_id=trust.pk, person=person, ended_at__isnull=True)
    cluster_ids = set(
        active.filter(role=Role.QA_DIRECTOR, cluster__isnull=False).values_list(
            "cluster_id", flat=True
        )
    )
    if adding is not None:
        cluster_ids.add(adding.pk)
    schools = School.objects.filter(
        trust_id=trust.pk, cluster_id__in=cluster_ids, closed_on__isnull=True
    ).count()
    executive_head = active.filter(role=Role.EXECUTIVE_HEAD).exists()
    limit = (
        trust.cluster_school_limit_executive_head if executive_head else trust.cluster_school_limit
    )
    return DirectorLoad(schools=schools, limit=limit, executive_head=executive_head)


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


def _describe_allocation(record: Any) -> str:
    name = record.person.full_name if record.person is not None else "someone"
    if record.history_type == "+":
        return f"Director of QA allocated: {name}"
    if record.history_type == "-":
        return f"Director of QA allocation deleted: {name}"
    if record.ended_at is not None:
        return f"Director of QA allocation ended: {name}"
    return f"Director of QA allocation changed: {name}"


def cluster_allocation_history(cluster: Cluster, limit: int) -> list[Change]:
    """The cluster's Director of QA allocations and their ends, newest first (a line of the
    cluster's history, registered with schools.hooks)."""
    allocations = (
        RoleAssignment.history.filter(
            trust_id=cluster.trust_id, cluster_id=cluster.pk, role=Role.QA_DIRECTOR
        )
        .select_related("history_user", "person")
        .order_by("-history_date", "-history_id")[:limit]
    )
    return [
        Change(when=r.history_date, who=history_who(r), what=_describe_allocation(r))
        for r in allocations
    ]
