"""Giving and ending roles, and the planned-end-date check. Each service is a transaction and
leaves history behind."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fht.jobs import job_queue, trust_permission
from fht.models import Job, Trust, User
from fht.registry import JobKind
from fht.roles import Attached, Role, TrustPerm, rule_for
from fht.tenancy import trust_of
from people.models import RoleAssignment
from people.selectors import director_load
from people.services.directors import role_authority_check
from people.services.permissions import permissions_sync
from schools.models import Cluster, School


def check_attachment(
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


def check_head_vacancy(*, role: Role, school: School | None) -> None:
    """A school has one head teacher at a time (executive heads aside)."""
    if role != Role.HEAD_TEACHER or school is None:
        return
    current = (
        RoleAssignment.objects.filter(role=Role.HEAD_TEACHER, school=school, ended_at__isnull=True)
        .select_related("person")
        .first()
    )
    if current is not None:
        raise ValidationError(
            {
                "school": f"{school} already has a head teacher ({current.person}): end that role first."
            }
        )


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
    check_head_vacancy(role=role, school=school)


def _check_dates(*, starts_on: dt.date, ends_on: dt.date | None) -> None:
    errors: dict[str, str] = {}
    # Permissions count from the moment a role is given, so a role cannot be given ahead of time.
    if starts_on > timezone.localdate():
        errors["starts_on"] = (
            "The start date must be today or in the past: give the role on the day it starts."
        )
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The planned end date must be the same as or after the start date."
    if errors:
        raise ValidationError(errors)


def _check_director_load(*, person: User, cluster: Cluster) -> None:
    """Over the trust's cluster-size limit, a director is allocated only where it can be confirmed."""
    load = director_load(person=person, adding=cluster)
    if load.schools > load.limit:
        raise ValidationError(
            {
                "cluster": f"{person} would then hold {load.schools} open schools, over the trust's "
                f"limit of {load.limit}. To allocate them anyway, use 'Allocate a Director of QA' "
                "on the cluster's page, which asks you to confirm."
            }
        )


def role_add(
    *,
    person: User,
    role: Role,
    acting_user: User | None,
    school: School | None,
    cluster: Cluster | None,
    starts_on: dt.date,
    ends_on: dt.date | None,
) -> RoleAssignment:
    """The part of giving a role that runs inside the caller's transaction."""
    role_authority_check(acting_user=acting_user, person=person, roles={role})
    if role == Role.QA_DIRECTOR and cluster is not None and acting_user is not None:
        _check_director_load(person=person, cluster=cluster)
    _check_not_duplicate(person=person, role=role, school=school, cluster=cluster)
    assignment = RoleAssignment(
        trust=person.trust,
        person=person,
        role=role,
        school=school,
        cluster=cluster,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    assignment.full_clean()
    assignment._history_user = acting_user  # type: ignore[attr-defined]
    assignment.save()
    permissions_sync(trust=trust_of(person), people=[person])
    return assignment


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
    if not person.is_active:
        raise ValidationError(f"{person} has left the trust: reactivate them before giving a role.")
    role = Role(role)
    starts_on = starts_on or timezone.localdate()
    check_attachment(person=person, role=role, school=school, cluster=cluster)
    _check_dates(starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic(durable=True):
        return role_add(
            person=person,
            role=role,
            acting_user=acting_user,
            school=school,
            cluster=cluster,
            starts_on=starts_on,
            ends_on=ends_on,
        )


def role_end(*, assignment: RoleAssignment, acting_user: User | None) -> RoleAssignment:
    """End a role assignment now; the person loses what it gave them from their next request."""
    role_authority_check(
        acting_user=acting_user, person=assignment.person, roles={Role(assignment.role)}
    )
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


def role_expiry_request(*, trust: Trust, acting_user: User) -> Job:
    """An administrator asks for the planned-end-date check now, rather than at the next hour."""
    return job_queue(trust=trust, kind=ROLE_EXPIRY_JOB.key, requested_by=acting_user)


def role_expiry_run(job: Job) -> str:
    """The job's work: end the trust's roles past their planned end date, and say how many."""
    ended = role_assignments_expire(trust=job.trust)
    if ended:
        return f"{ended} role{'s' if ended != 1 else ''} ended."
    return "No role had passed its planned end date."


ROLE_EXPIRY_JOB = JobKind(
    key="role_expiry",
    label="Check planned role end dates",
    run=role_expiry_run,
    may_follow=trust_permission(TrustPerm.MANAGE_PEOPLE),
    failed=lambda job, error: f"The check failed ({type(error).__name__}).",
    retry_delay=10,
)
