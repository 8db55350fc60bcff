"""Writes about people: invitations, changes to their record, and leavers. Each service is a
transaction and leaves history behind."""

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

from fht.models import Trust, User
from fht.roles import Role
from fht.tenancy import trust_id_of, trust_of
from people.models import RoleAssignment
from people.services.directors import role_authority_check
from people.services.permissions import permissions_sync
from people.services.roles import check_attachment, check_head_vacancy, role_add
from schools.models import Cluster, School

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
        check_attachment(person=person, role=role, school=school, cluster=cluster)
        check_head_vacancy(role=role, school=school)
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
                role_add(
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
