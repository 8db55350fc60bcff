"""Who may do what with the meetings of the cycle: one place, so every view, panel, job and menu
entry asks the same question.

- The CEO and the deputy create and run every meeting.
- A Director of QA creates and runs the School Improvement Forum, and the hub meetings (heads' and
  governors') of the clusters they are allocated to.
- Attendees read their meeting, its agenda and its pack: lead practitioners the forum; heads the
  strategic heads' meeting and their own hub's heads' meeting; governors and chairs their own
  hub's governor meeting, chairs also the chairs' briefing; trustees the trust board.
- Everyone else (the CPD lead, system leaders, administrators, a member with no role): no meeting.

The reach is read from the person's active role assignments (one query, kept on the user for the
request), because a person may hold several roles and each reaches its own clusters.
"""

from dataclasses import dataclass

from cycle.models import CLUSTER_KINDS, CycleMeeting, Kind
from fht.models import User
from fht.roles import Role
from people.models import RoleAssignment

_CACHE_ATTR = "_cycle_reach"
LEADERS = frozenset({Role.CEO, Role.DEPUTY_CEO})
HEADS = frozenset({Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD})
GOVERNORS = frozenset({Role.GOVERNOR, Role.CHAIR_OF_GOVERNORS})
# Who attends each kind (for the meeting page's list of attendees, from the roles).
ATTENDING_ROLES: dict[str, frozenset[Role]] = {
    Kind.FORUM: frozenset({Role.QA_DIRECTOR, Role.LEAD_PRACTITIONER}),
    Kind.STRATEGIC_HEADS: HEADS | LEADERS,
    Kind.HUB_HEADS: HEADS | {Role.QA_DIRECTOR},
    Kind.GOVERNOR_HUB: GOVERNORS | {Role.QA_DIRECTOR},
    Kind.CHAIRS: frozenset({Role.CHAIR_OF_GOVERNORS, Role.CEO}),
    Kind.BOARD: frozenset({Role.TRUSTEE}) | LEADERS,
}


@dataclass(frozen=True)
class Reach:
    """A person's roles, and the clusters each kind of role reaches."""

    roles: frozenset[str] = frozenset()
    director_clusters: frozenset[int] = frozenset()
    head_clusters: frozenset[int] = frozenset()
    governor_clusters: frozenset[int] = frozenset()

    @property
    def leads(self) -> bool:
        return bool(self.roles & LEADERS)

    @property
    def is_director(self) -> bool:
        return Role.QA_DIRECTOR in self.roles


def reach_of(user: User) -> Reach:
    """The person's reach (one query, then kept on the user object for the request)."""
    cached: Reach | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or user.trust_id is None:
        return Reach()
    rows = list(
        RoleAssignment.objects.filter(
            trust_id=user.trust_id, person=user, ended_at__isnull=True
        ).values_list("role", "cluster_id", "school__cluster_id")
    )
    roles = frozenset(role for role, _c, _s in rows)

    def clusters(of: frozenset[Role]) -> frozenset[int]:
        return frozenset(
            (cluster or school_cluster)
            for role, cluster, school_cluster in rows
            if role in of and (cluster or school_cluster)
        )

    reach = Reach(
        roles=roles,
        director_clusters=clusters(frozenset({Role.QA_DIRECTOR})),
        head_clusters=clusters(HEADS),
        governor_clusters=clusters(GOVERNORS),
    )
    setattr(user, _CACHE_ATTR, reach)
    return reach


def may_create(reach: Reach, kind: str, cluster_id: int | None) -> bool:
    """Whether the person may create (and so run) a meeting of this kind for this cluster."""
    if reach.leads:
        return True
    if not reach.is_director:
        return False
    if kind == Kind.FORUM:
        return True
    return kind in CLUSTER_KINDS and cluster_id in reach.director_clusters


def runs(reach: Reach, meeting: CycleMeeting) -> bool:
    """Records decisions and actions, closes the meeting and makes its pack."""
    return may_create(reach, meeting.kind, meeting.cluster_id)


def creatable_kinds(reach: Reach) -> list[str]:
    return [k for k in Kind.values if may_create(reach, k, None) or _creates_for_clusters(reach, k)]


def _creates_for_clusters(reach: Reach, kind: str) -> bool:
    return reach.is_director and kind in CLUSTER_KINDS and bool(reach.director_clusters)


def reads(reach: Reach, meeting: CycleMeeting) -> bool:
    """Reads the meeting, its agenda and its pack."""
    return runs(reach, meeting) or attends(reach, meeting.kind, meeting.cluster_id)


def attends(reach: Reach, kind: str, cluster_id: int | None) -> bool:
    roles = reach.roles
    if kind == Kind.FORUM:
        return Role.LEAD_PRACTITIONER in roles
    if kind == Kind.STRATEGIC_HEADS:
        return bool(roles & HEADS)
    if kind == Kind.HUB_HEADS:
        return cluster_id in reach.head_clusters
    if kind == Kind.GOVERNOR_HUB:
        return cluster_id in reach.governor_clusters
    if kind == Kind.CHAIRS:
        return Role.CHAIR_OF_GOVERNORS in roles
    return kind == Kind.BOARD and Role.TRUSTEE in roles


def reads_any(roles: frozenset[str] | tuple[str, ...]) -> bool:
    """Has a meetings page at all (the list, the menu entry), from the roles alone: the menu asks
    with the request's loaded roles, with no query."""
    return any(
        r in roles
        for r in (
            *LEADERS,
            Role.QA_DIRECTOR,
            Role.LEAD_PRACTITIONER,
            *HEADS,
            *GOVERNORS,
            Role.TRUSTEE,
        )
    )
