"""What one person may do, read once per request from django-guardian's tables.

`access_for(user)` loads the person's roles and their trust, school and cluster permissions in
four queries and keeps them on the user object (a new one each request), so menus and templates
never query and a role change counts from the person's next request.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from fht.models import User
from fht.roles import ClusterPerm, Role, SchoolPerm, TrustPerm

_CACHE_ATTR = "_fht_access"


_IMPROVEMENT_WORK = frozenset({SchoolPerm.MANAGE_IMPROVEMENT, SchoolPerm.UPDATE_PROGRESS})


@dataclass(frozen=True)
class Access:
    trust_id: int | None
    roles: tuple[str, ...] = ()
    trust: frozenset[str] = frozenset()
    schools: dict[int, frozenset[str]] = field(default_factory=dict)
    clusters: dict[int, frozenset[str]] = field(default_factory=dict)

    def has_trust_perm(self, perm: TrustPerm) -> bool:
        return perm in self.trust

    def has_school_perm(self, school_id: int, perm: SchoolPerm) -> bool:
        return perm in self.schools.get(school_id, frozenset())

    def has_cluster_perm(self, cluster_id: int, perm: ClusterPerm) -> bool:
        return perm in self.clusters.get(cluster_id, frozenset())

    def school_ids(self, perm: SchoolPerm = SchoolPerm.VIEW) -> list[int]:
        return [pk for pk, perms in self.schools.items() if perm in perms]

    def cluster_ids(self, perm: ClusterPerm = ClusterPerm.VIEW) -> list[int]:
        return [pk for pk, perms in self.clusters.items() if perm in perms]

    # The rule several apps share, written once: those who manage a school's improvement (the
    # CEO, deputy, its Director of QA) may do whatever its head, who updates progress, may.
    def works_on_improvement(self, school_id: int) -> bool:
        """Manages the school's improvement or updates its progress."""
        return bool(_IMPROVEMENT_WORK & self.schools.get(school_id, frozenset()))

    def improvement_school_ids(self) -> list[int]:
        """The schools whose improvement this person manages or whose progress they update."""
        return [pk for pk, perms in self.schools.items() if _IMPROVEMENT_WORK & perms]

    # Template-friendly flags, so the menu needs no query.
    @property
    def role_summary(self) -> str:
        """The person's roles in a few words, for the header."""
        labels = list(dict.fromkeys(Role(r).label for r in self.roles))
        if len(labels) > 2:
            return f"{labels[0]} and {len(labels) - 1} other roles"
        return " and ".join(labels)

    @property
    def can_view_people(self) -> bool:
        return TrustPerm.VIEW_PEOPLE in self.trust

    @property
    def can_view_schools(self) -> bool:
        return bool(self.schools)

    @property
    def can_view_clusters(self) -> bool:
        return bool(self.clusters)

    @property
    def can_plan_visits(self) -> bool:
        """Plans and logs QA visits for at least one school (the CEO, deputy, Directors of QA)."""
        return any(SchoolPerm.MANAGE_IMPROVEMENT in perms for perms in self.schools.values())

    @property
    def can_track_actions(self) -> bool:
        """Manages an action plan or updates its progress for at least one school (the CEO,
        deputy, Directors of QA, heads): the list of actions."""
        return any(_IMPROVEMENT_WORK & perms for perms in self.schools.values())

    @property
    def can_manage_benchmarks(self) -> bool:
        return TrustPerm.MANAGE_BENCHMARKS in self.trust


NO_ACCESS = Access(trust_id=None)


AccessLoader = Callable[[User, int], Access]
_loaders: list[AccessLoader] = []


def set_access_loader(loader: AccessLoader) -> None:
    """The app that keeps the role assignments and their permission tables says how to read a
    person's Access (from its `AppConfig.ready()`); fht only caches it per request."""
    _loaders[:] = [loader]


def _load(user: User, trust_id: int) -> Access:
    if not _loaders:
        raise ImproperlyConfigured("No app has set how to read a person's access.")
    return _loaders[0](user, trust_id)


def access_for(user: User | AnonymousUser) -> Access:
    if not user.is_authenticated or not user.is_active or user.trust_id is None:
        return NO_ACCESS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _load(user, user.trust_id)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_access(user: User) -> None:
    """Drop the cached permission set (after changing this person's roles in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
