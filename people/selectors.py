"""Reads about the people of a trust and their roles."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.roles import TrustPerm
from fht.tenancy import trust_id_of
from schools.models import RoleAssignment


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
