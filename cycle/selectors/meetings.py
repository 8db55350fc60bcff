"""Reads of the meetings: the one road from an id to a meeting, the list a person may read, the
attendees by role, the actions to review and who has opened the pack."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from cycle.access import ATTENDING_ROLES, reach_of, reads, reads_any, runs
from cycle.models import CycleAction, CycleActionReview, CycleMeeting, Kind, PackOpening
from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_id_of
from people.models import RoleAssignment
from schools.models import Cluster


def access_meeting(user: User, meeting_id: int, *, run: bool = False) -> CycleMeeting:
    """A meeting of the person's trust that they may read (with `run`, run); 404 otherwise, the
    same for 'missing' and 'not yours'."""
    meeting = (
        CycleMeeting.objects.select_related("cluster", "closed_by", "created_by")
        .filter(pk=meeting_id, trust_id=trust_id_of(user))
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    reach = reach_of(user)
    if not (runs(reach, meeting) if run else reads(reach, meeting)):
        raise Http404("No such meeting")
    return meeting


def require_meetings_page(user: User) -> None:
    if not reads_any(reach_of(user).roles):
        raise Http404("No such page")


def _readable(user: User) -> Q:
    """The meetings this person reads, as a filter (the same rules as `cycle.access.reads`)."""
    reach = reach_of(user)
    if reach.leads:
        return Q()
    roles = reach.roles
    q = Q(pk__in=[])
    if reach.is_director or Role.LEAD_PRACTITIONER in roles:
        q |= Q(kind=Kind.FORUM)
    if roles & {Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD}:
        q |= Q(kind=Kind.STRATEGIC_HEADS)
    q |= Q(kind=Kind.HUB_HEADS, cluster_id__in=reach.director_clusters | reach.head_clusters)
    q |= Q(kind=Kind.GOVERNOR_HUB, cluster_id__in=reach.director_clusters | reach.governor_clusters)
    if Role.CHAIR_OF_GOVERNORS in roles:
        q |= Q(kind=Kind.CHAIRS)
    if Role.TRUSTEE in roles:
        q |= Q(kind=Kind.BOARD)
    return q


def meetings_for(
    *,
    user: User,
    kind: str = "",
    cluster_id: int | None = None,
    starts: dt.date | None = None,
    ends: dt.date | None = None,
) -> QuerySet[CycleMeeting]:
    """The meetings the person reads, filtered by kind, cluster and dates (inclusive)."""
    meetings = CycleMeeting.objects.filter(_readable(user), trust_id=trust_id_of(user))
    if kind:
        meetings = meetings.filter(kind=kind)
    if cluster_id is not None:
        meetings = meetings.filter(cluster_id=cluster_id)
    if starts is not None:
        meetings = meetings.filter(held_on__gte=starts)
    if ends is not None:
        meetings = meetings.filter(held_on__lte=ends)
    return meetings.select_related("cluster")


def next_week(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week after this one."""
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    return monday, monday + dt.timedelta(days=6)


def upcoming_for(*, user: User, today: dt.date, limit: int = 5) -> list[CycleMeeting]:
    """The person's next meetings, soonest first (the home panel)."""
    return list(
        meetings_for(user=user, starts=today)
        .filter(status=CycleMeeting.Status.OPEN)
        .order_by("held_on", "pk")[:limit]
    )


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str
    where: str


def attendees(*, meeting: CycleMeeting) -> list[Attendee]:
    """Who is invited, from the roles held today: the kind's roles, in the meeting's cluster for
    the hub kinds (one query)."""
    roles = ATTENDING_ROLES[Kind(meeting.kind)]
    rows = RoleAssignment.objects.filter(
        trust_id=meeting.trust_id, role__in=sorted(roles), ended_at__isnull=True
    ).select_related("person", "school", "cluster")
    if meeting.cluster_id is not None:
        rows = rows.filter(
            Q(cluster_id=meeting.cluster_id) | Q(school__cluster_id=meeting.cluster_id)
        )
    found = []
    for row in rows:
        where = row.school.name if row.school else row.cluster.name if row.cluster else "Trust"
        found.append(Attendee(row.person.full_name, row.get_role_display(), where))
    return sorted(found, key=lambda a: (a.role, a.name))


def open_earlier_actions(*, meeting: CycleMeeting) -> list[CycleAction]:
    """The actions of earlier meetings of the same kind (and cluster) still open, or reviewed at
    this one (closed or carried): this meeting's review list."""
    same_hub = (
        Q(raised_at__cluster_id=meeting.cluster_id)
        if meeting.cluster_id is not None
        else Q(raised_at__cluster__isnull=True)
    )
    return list(
        CycleAction.objects.filter(
            same_hub,
            trust_id=meeting.trust_id,
            raised_at__kind=meeting.kind,
            raised_at__held_on__lt=meeting.held_on,
        )
        .filter(Q(status=CycleAction.Status.OPEN) | Q(reviews__meeting=meeting))
        .exclude(raised_at=meeting)
        .select_related("owner", "raised_at")
        .distinct()
    )


def reviews_at(*, meeting: CycleMeeting) -> dict[int, CycleActionReview]:
    return {
        r.action_id: r
        for r in CycleActionReview.objects.filter(meeting=meeting).select_related("reviewed_by")
    }


def actions_raised(*, meeting: CycleMeeting) -> list[CycleAction]:
    return list(CycleAction.objects.filter(raised_at=meeting).select_related("owner"))


def pack_openings(*, meeting: CycleMeeting) -> list[PackOpening]:
    return list(PackOpening.objects.filter(meeting=meeting).select_related("person"))


def owner_choices(*, trust_id: int) -> QuerySet[User]:
    """The people of the trust an action may be given to (active members)."""
    return User.objects.filter(trust_id=trust_id, is_active=True).order_by("full_name")


def cluster_choices(*, user: User) -> list[Cluster]:
    """The clusters the person may hold hub meetings for."""
    reach = reach_of(user)
    clusters = Cluster.objects.filter(trust_id=trust_id_of(user)).order_by("name")
    if reach.leads:
        return list(clusters)
    return [c for c in clusters if c.pk in reach.director_clusters]


def clusters_of_trust(*, user: User) -> list[Cluster]:
    return list(Cluster.objects.filter(trust_id=trust_id_of(user)).order_by("name"))
