"""Directors of QA allocated to clusters (within the trust's limit of schools), and who may give
or end the trust's senior roles."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fht.models import User
from fht.roles import Role
from people import selectors
from people.models import RoleAssignment
from people.services.permissions import permissions_sync
from schools.models import Cluster

# --- Directors of QA -----------------------------------------------------------------------------


class DirectorOverLimit(Exception):
    """The allocation would give the director more schools than the trust's limit: confirm first."""

    def __init__(self, load: selectors.DirectorLoad) -> None:
        super().__init__(f"{load.schools} schools, limit {load.limit}")
        self.load = load


def director_allocate(
    *,
    cluster: Cluster,
    person: User,
    acting_user: User | None,
    confirmed: bool,
    starts_on: dt.date | None = None,
) -> RoleAssignment:
    """Allocate a person of the trust as a Director of QA of the cluster.

    Over the trust's limit of schools (counting open schools only), nothing is written until the
    allocation is `confirmed`: `DirectorOverLimit` says by how much.
    """
    if person.trust_id != cluster.trust_id:
        raise ValidationError({"person": "Choose a person of the trust."})
    if not person.is_active:
        raise ValidationError({"person": f"{person} has left the trust."})
    try:
        role_authority_check(acting_user=acting_user, person=person, roles={Role.QA_DIRECTOR})
    except ValidationError as error:
        raise ValidationError({"person": error.messages}) from None
    with transaction.atomic(durable=True):
        User.objects.select_for_update().filter(pk=person.pk).first()  # one allocation at a time
        if selectors.director_allocations(cluster=cluster).filter(person=person).exists():
            raise ValidationError({"person": f"{person} is already a Director of QA of {cluster}."})
        load = selectors.director_load(person=person, adding=cluster)
        if load.over and not confirmed:
            raise DirectorOverLimit(load)
        assignment = RoleAssignment(
            trust=cluster.trust,
            person=person,
            role=Role.QA_DIRECTOR,
            cluster=cluster,
            starts_on=starts_on or timezone.localdate(),
        )
        assignment.full_clean()
        assignment._history_user = acting_user  # type: ignore[attr-defined]
        assignment.save()
        permissions_sync(trust=cluster.trust, people=[person])
    return assignment


def director_deallocate(*, assignment: RoleAssignment, acting_user: User | None) -> RoleAssignment:
    """End a Director of QA's allocation to a cluster; they lose its schools from their next request."""
    if assignment.role != Role.QA_DIRECTOR or assignment.cluster_id is None:
        raise ValidationError("Only a Director of QA's allocation to a cluster is ended here.")
    role_authority_check(
        acting_user=acting_user, person=assignment.person, roles={Role.QA_DIRECTOR}
    )
    with transaction.atomic(durable=True):
        locked = RoleAssignment.objects.select_for_update().get(
            pk=assignment.pk, trust_id=assignment.trust_id
        )
        if locked.ended_at is not None:
            return locked
        locked.ended_at = timezone.now()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save(update_fields=["ended_at"])
        permissions_sync(trust=locked.trust, people=[locked.person])
    return locked


# Roles that carry the keys to the trust: only its CEO or deputy CEO gives or ends them.
PROTECTED_ROLES = frozenset({Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN})
_SENIOR_ROLES = (Role.CEO, Role.DEPUTY_CEO)


def _is_senior(user: User) -> bool:
    if user.is_superuser:
        return True  # platform staff, in the Django admin
    if user.trust_id is None:
        return False
    return RoleAssignment.objects.filter(
        person=user, trust_id=user.trust_id, ended_at__isnull=True, role__in=_SENIOR_ROLES
    ).exists()


def role_authority_check(*, acting_user: User | None, person: User, roles: set[Role]) -> None:
    """No one gives or ends their own roles, and only the CEO or deputy (or platform staff)
    touches the protected ones. Every way of giving or ending a role goes through here.

    `acting_user` None is the system itself (demo data, scheduled jobs).
    """
    if acting_user is None:
        return
    if acting_user.pk == person.pk:
        raise ValidationError("You cannot change your own roles. Ask another administrator.")
    protected = roles & PROTECTED_ROLES
    if protected and not _is_senior(acting_user):
        names = ", ".join(sorted(r.label for r in protected))
        raise ValidationError(f"Only the CEO or deputy CEO can change the role of {names}.")
