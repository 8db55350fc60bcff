"""Reads about the people of a trust and their roles."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.roles import TrustPerm
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
    people = User.objects.filter(trust_id=user.trust_id)
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
        RoleAssignment.objects.filter(person=person, trust_id=person.trust_id)
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
            person=person, ended_at__isnull=True, trust_id=person.trust_id
        )
        .select_related("school", "cluster")
        .order_by("role")
    )
