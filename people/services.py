"""Writes about people and their roles. Each service is a transaction and leaves history behind."""

import datetime as dt
from functools import partial

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from fht.jobs import job_queue, trust_permission
from fht.models import Job, Trust, User
from fht.registry import JobKind
from fht.roles import Attached, Role, TrustPerm, rule_for
from fht.tenancy import trust_id_of, trust_of
from schools.models import Cluster, RoleAssignment, School
from schools.selectors import director_load
from schools.services import permissions_sync, role_authority_check


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


def _check_head_vacancy(*, role: Role, school: School | None) -> None:
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
    _check_head_vacancy(role=role, school=school)


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


def _role_add(
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
    _check_attachment(person=person, role=role, school=school, cluster=cluster)
    _check_dates(starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic(durable=True):
        return _role_add(
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


# --- People: invitations, changes, leavers ------------------------------------------------------

EMAIL_TAKEN = "That email address already has an account. If the person has moved trusts, ask platform support."


def _check_email_free(email: str) -> None:
    """Email addresses are unique across every trust; the message names no trust and no person."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN})


def invitation_send(*, person: User, base_url: str) -> None:
    """Email the person a link to choose their password (Django's password-reset token)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    context = {
        "person": person,
        "trust": person.trust,
        "link": base_url.rstrip("/") + path,
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = "".join(render_to_string("people/invitation_subject.txt", context).splitlines())
    body = render_to_string("people/invitation_email.txt", context)
    EmailMessage(subject, body, to=[person.email]).send()


def _check_first_role(
    *, person: User, role: Role | None, school: School | None, cluster: Cluster | None
) -> None:
    if role is not None:
        _check_attachment(person=person, role=role, school=school, cluster=cluster)
        _check_head_vacancy(role=role, school=school)
    elif school is not None or cluster is not None:
        raise ValidationError({"role": "Choose the role this school or cluster is for."})


def person_invite(
    *,
    trust: Trust,
    full_name: str,
    email: str,
    job_title: str,
    acting_user: User,
    base_url: str,
    role: Role | None = None,
    school: School | None = None,
    cluster: Cluster | None = None,
) -> User:
    """Add a person to the trust, optionally with a first role, and email them an invitation.

    The person has no password until they follow the link. The email goes once the transaction has
    committed, so a refused role leaves neither a person nor an email behind.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    person = User(
        trust=trust, full_name=full_name.strip(), email=email, job_title=job_title.strip()
    )
    person.set_unusable_password()
    role = Role(role) if role else None
    errors: dict[str, list[ValidationError]] = {}
    checks = [
        partial(_check_email_free, email),
        # Uniqueness is the check above, with a message that names no other trust.
        partial(person.full_clean, validate_unique=False, validate_constraints=False),
        partial(_check_first_role, person=person, role=role, school=school, cluster=cluster),
    ]
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            person._history_user = acting_user  # type: ignore[attr-defined]
            person._change_reason = "Invited"  # type: ignore[attr-defined]
            person.save()
            if role is not None:
                _role_add(
                    person=person,
                    role=role,
                    acting_user=acting_user,
                    school=school,
                    cluster=cluster,
                    starts_on=timezone.localdate(),
                    ends_on=None,
                )
            transaction.on_commit(
                partial(invitation_send, person=person, base_url=base_url), robust=True
            )
    except IntegrityError:
        # Two administrators inviting the same address at the same moment.
        _check_email_free(email)
        raise
    return person


def invitation_resend(*, person: User, base_url: str) -> None:
    """Send the invitation again, to someone who has never signed in."""
    if not person.is_active:
        raise ValidationError(f"{person} has left the trust.")
    if person.last_login is not None:
        raise ValidationError(
            f"{person} has already signed in. If they have forgotten their password, they can "
            "reset it from the sign-in page."
        )
    with transaction.atomic(durable=True):
        transaction.on_commit(
            partial(invitation_send, person=person, base_url=base_url), robust=True
        )


def person_update(*, person: User, full_name: str, job_title: str, acting_user: User) -> User:
    """Change a person's name and job title (a CEO's, deputy's or administrator's: only by the CEO
    or deputy, or by themselves)."""
    if acting_user.pk != person.pk:
        held = RoleAssignment.objects.filter(
            person=person, trust_id=trust_id_of(person), ended_at__isnull=True
        ).values_list("role", flat=True)
        role_authority_check(acting_user=acting_user, person=person, roles={Role(r) for r in held})
    person.full_name = full_name.strip()
    person.job_title = job_title.strip()
    person.full_clean()
    with transaction.atomic(durable=True):
        person._history_user = acting_user  # type: ignore[attr-defined]
        person.save(update_fields=["full_name", "job_title"])
    return person


def _sessions_end(person: User) -> int:
    """Delete the person's sessions, signing them out everywhere at once."""
    pk = str(person.pk)
    mine = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get(SESSION_KEY) == pk
    ]
    Session.objects.filter(session_key__in=mine).delete()
    return len(mine)


def person_deactivate(*, person: User, acting_user: User) -> User:
    """A leaver: they can no longer sign in, their roles end and their sessions end now."""
    if person.pk == acting_user.pk:
        raise ValidationError(
            "You cannot deactivate your own account. Ask another administrator to do it."
        )
    held = set(
        RoleAssignment.objects.filter(
            person=person, trust_id=trust_id_of(person), ended_at__isnull=True
        ).values_list("role", flat=True)
    )
    role_authority_check(acting_user=acting_user, person=person, roles={Role(r) for r in held})
    with transaction.atomic(durable=True):
        if not person.is_active:
            return person
        reason = "Left the trust"
        now = timezone.now()
        active = RoleAssignment.objects.filter(
            person=person, trust_id=trust_id_of(person), ended_at__isnull=True
        )
        for assignment in active:
            assignment.ended_at = now
            assignment._history_user = acting_user  # type: ignore[attr-defined]
            assignment._change_reason = reason  # type: ignore[attr-defined]
            assignment.save(update_fields=["ended_at"])
        person.is_active = False
        person._history_user = acting_user  # type: ignore[attr-defined]
        person._change_reason = reason  # type: ignore[attr-defined]
        person.save(update_fields=["is_active"])
        permissions_sync(trust=trust_of(person), people=[person])
        _sessions_end(person)
    return person


def person_reactivate(*, person: User, acting_user: User) -> User:
    """Undo a deactivation. Roles are not given back: give them again as needed."""
    with transaction.atomic(durable=True):
        if person.is_active:
            return person
        person.is_active = True
        person._history_user = acting_user  # type: ignore[attr-defined]
        person._change_reason = "Reactivated"  # type: ignore[attr-defined]
        person.save(update_fields=["is_active"])
    return person


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
