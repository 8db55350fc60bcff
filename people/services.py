"""Writes about people and their roles. Each service is a transaction and leaves history behind."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fht.models import Trust, User
from fht.roles import Attached, Role, rule_for
from schools.models import Cluster, RoleAssignment, School
from schools.services import permissions_sync


def _check_attachment(
    *, person: User, role: Role, school: School | None, cluster: Cluster | None
) -> None:
    rule = rule_for(role)
    errors: dict[str, str] = {}
    if rule.attached == Attached.SCHOOL and school is None:
        errors["school"] = f"Choose the school this {role.label.lower()} is for."
    if rule.attached == Attached.CLUSTER and cluster is None:
        errors["cluster"] = f"Choose the cluster this {role.label.lower()} is for."
    if rule.attached != Attached.SCHOOL and school is not None:
        errors["school"] = f"A {role.label.lower()} is not attached to one school."
    if rule.attached != Attached.CLUSTER and cluster is not None:
        errors["cluster"] = f"A {role.label.lower()} is not attached to a cluster."
    for field, obj in (("school", school), ("cluster", cluster)):
        if obj is not None and obj.trust_id != person.trust_id:
            errors[field] = "That belongs to another trust."
    if errors:
        raise ValidationError(errors)


def _check_not_duplicate(
    *, person: User, role: Role, school: School | None, cluster: Cluster | None
) -> None:
    active = RoleAssignment.objects.filter(person=person, ended_at__isnull=True)
    if active.filter(role=role, school=school, cluster=cluster).exists():
        raise ValidationError(f"{person} already holds this role.")
    limit = rule_for(role).max_schools
    if limit is not None and active.filter(role=role).count() >= limit:
        raise ValidationError(
            {
                "role": f"A {role.label.lower()} is attached to one school; end the current one first."
            }
        )


def role_assign(
    *,
    person: User,
    role: Role,
    acting_user: User | None,
    school: School | None = None,
    cluster: Cluster | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> RoleAssignment:
    """Give a person a role in their trust and derive what it lets them do."""
    if person.trust is None:
        raise ValidationError("Platform staff hold no roles in a trust.")
    _check_attachment(person=person, role=role, school=school, cluster=cluster)
    with transaction.atomic(durable=True):
        _check_not_duplicate(person=person, role=role, school=school, cluster=cluster)
        assignment = RoleAssignment(
            trust=person.trust,
            person=person,
            role=role,
            school=school,
            cluster=cluster,
            starts_on=starts_on or timezone.localdate(),
            ends_on=ends_on,
        )
        assignment.full_clean()
        assignment._history_user = acting_user  # type: ignore[attr-defined]
        assignment.save()
        permissions_sync(trust=person.trust, people=[person])
    return assignment


def role_end(*, assignment: RoleAssignment, acting_user: User | None) -> RoleAssignment:
    """End a role assignment now; the person loses what it gave them from their next request."""
    with transaction.atomic(durable=True):
        if assignment.ended_at is not None:
            return assignment
        assignment.ended_at = timezone.now()
        assignment._history_user = acting_user  # type: ignore[attr-defined]
        assignment.save(update_fields=["ended_at"])
        permissions_sync(trust=assignment.trust, people=[assignment.person])
    return assignment


def role_assignments_expire(*, trust: Trust, today: dt.date | None = None) -> int:
    """End every assignment of the trust whose planned end date has passed. Safe to run twice."""
    today = today or timezone.localdate()
    with transaction.atomic(durable=True):
        due = list(
            RoleAssignment.objects.select_for_update()
            .filter(trust=trust, ended_at__isnull=True, ends_on__lt=today)
            .select_related("person")
        )
        now = timezone.now()
        for assignment in due:
            assignment.ended_at = now
            assignment._history_user = None  # type: ignore[attr-defined]
            assignment._change_reason = "Planned end date passed"  # type: ignore[attr-defined]
            assignment.save(update_fields=["ended_at"])
        if due:
            permissions_sync(trust=trust, people={a.person for a in due})
    return len(due)
