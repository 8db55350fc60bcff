"""The meetings of the cycle in the demo: for each trust, a past meeting of every kind (closed,
with its decisions and actions) and the coming ones: a hub heads' and a governor hub meeting
next week in every hub, the forum, the strategic heads' meeting, the chairs' briefing and the
trust board in the weeks after, each with last time's open actions waiting for review.

No pack is made here (packs are made on request). Idempotent: a trust that has meetings already
is left alone; nothing is random. Written in a few bulk inserts (with their history rows), so it
takes a fraction of a second. Called by `manage.py load_demo` inside the trust's scope.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cycle.models import (
    CLUSTER_KINDS,
    CycleAction,
    CycleActionReview,
    CycleMeeting,
    Decision,
    Kind,
)
from cycle.services.meetings import default_title
from fht.models import Trust, User
from fht.roles import Role
from people.models import RoleAssignment
from schools.models import Cluster

# Weekday of next week (0 Monday) for each kind's coming meeting, and weeks after next week.
COMING = {
    Kind.HUB_HEADS: (1, 0),
    Kind.GOVERNOR_HUB: (3, 0),
    Kind.FORUM: (2, 1),
    Kind.STRATEGIC_HEADS: (0, 2),
    Kind.CHAIRS: (1, 3),
    Kind.BOARD: (3, 4),
}
# How many weeks ago each kind last met.
LAST_MET = {
    Kind.HUB_HEADS: 6,
    Kind.GOVERNOR_HUB: 12,
    Kind.FORUM: 6,
    Kind.STRATEGIC_HEADS: 6,
    Kind.CHAIRS: 12,
    Kind.BOARD: 12,
}
DECISIONS = {
    Kind.FORUM: (
        "Deploy a lead practitioner for maths to the category C schools for six weeks.",
        "The impact of the phonics deployments is reported at the next forum.",
    ),
    Kind.STRATEGIC_HEADS: (
        "Attendance is the trust-wide priority for the spring term.",
        "Heads share their writing moderation samples before the next meeting.",
    ),
    Kind.HUB_HEADS: (
        "The hub's schools run a joint moderation of KS2 writing.",
        "Deputy heads meet each half-term to share curriculum work.",
    ),
    Kind.GOVERNOR_HUB: (
        "Governors visit one other school of the hub before the next meeting.",
        "The hub's attendance figures come to each governing body's next meeting.",
    ),
    Kind.CHAIRS: (
        "Chairs review their governing body's skills audit by the end of term.",
        "The trust's safeguarding training is offered to every chair.",
    ),
    Kind.BOARD: (
        "The board approves the school improvement strategy for the coming year.",
        "The board asks for the attendance recovery plan at its next meeting.",
    ),
}
ACTIONS = {
    Kind.FORUM: ("Report the impact of the reading deployments", "Agree the maths support plan"),
    Kind.STRATEGIC_HEADS: ("Share attendance strategies", "Circulate the moderation calendar"),
    Kind.HUB_HEADS: ("Arrange the joint moderation day", "Share the hub's curriculum maps"),
    Kind.GOVERNOR_HUB: ("Plan governors' visits across the hub", "Collect the skills audits"),
    Kind.CHAIRS: ("Send the skills audit template", "Book the safeguarding training"),
    Kind.BOARD: ("Bring the attendance recovery plan", "Review the risk register"),
}


def _person(trust: Trust, roles: tuple[Role, ...], cluster: Cluster | None = None) -> User | None:
    rows = RoleAssignment.objects.filter(trust=trust, role__in=roles, ended_at__isnull=True)
    if cluster is not None:
        rows = rows.filter(cluster=cluster)
    row = rows.select_related("person").order_by("pk").first()
    return row.person if row else None


@dataclass
class _Plan:
    """The demo's meetings, built in memory, then written in a few bulk inserts."""

    trust: Trust
    meetings: list[CycleMeeting] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[CycleAction] = field(default_factory=list)
    # (coming meeting, the past meeting whose first action it has reviewed)
    reviews: list[tuple[CycleMeeting, CycleMeeting, User]] = field(default_factory=list)

    def meeting(self, kind: str, cluster: Cluster | None, on: dt.date, by: User) -> CycleMeeting:
        made = CycleMeeting(
            trust=self.trust,
            kind=kind,
            held_on=on,
            cluster=cluster,
            title=default_title(kind, cluster),
            created_by=by,
        )
        self.meetings.append(made)
        return made


def _past(
    plan: _Plan, kind: str, cluster: Cluster | None, on: dt.date, leader: User, owner: User
) -> CycleMeeting:
    past = plan.meeting(kind, cluster, on, leader)
    past.status = CycleMeeting.Status.CLOSED
    past.closed_by = leader
    past.closed_at = timezone.make_aware(dt.datetime.combine(on, dt.time(17)))
    for text in DECISIONS[Kind(kind)]:
        plan.decisions.append(
            Decision(trust=plan.trust, meeting=past, text=text, created_by=leader)
        )
    first, second = ACTIONS[Kind(kind)]
    for what, who, days in ((first, owner, 21), (second, leader, 70)):
        plan.actions.append(
            CycleAction(
                trust=plan.trust,
                raised_at=past,
                what=what,
                owner=who,
                due_on=on + dt.timedelta(days=days),
                created_by=leader,
            )
        )
    return past


def _write(plan: _Plan) -> None:
    """Bulk inserts with their history rows (the meetings first: the others point at them)."""
    bulk_create_with_history(plan.meetings, CycleMeeting)
    saved = {
        (m.kind, m.cluster_id, m.held_on): m for m in CycleMeeting.objects.filter(trust=plan.trust)
    }

    def again(m: CycleMeeting) -> CycleMeeting:
        return saved[(m.kind, m.cluster_id, m.held_on)]

    for decision in plan.decisions:
        decision.meeting = again(decision.meeting)
    for action in plan.actions:
        action.raised_at = again(action.raised_at)
    bulk_create_with_history(plan.decisions, Decision)
    bulk_create_with_history(plan.actions, CycleAction)
    firsts: dict[int, CycleAction] = {}
    for action in CycleAction.objects.filter(trust=plan.trust).order_by("pk"):
        firsts.setdefault(action.raised_at_id, action)
    reviews = [
        CycleActionReview(
            trust=plan.trust,
            action=firsts[again(past).pk],
            meeting=again(coming),
            progress="Started; half of the schools have taken part so far.",
            outcome=CycleActionReview.Outcome.CARRIED,
            reviewed_by=by,
        )
        for coming, past, by in plan.reviews
    ]
    bulk_create_with_history(reviews, CycleActionReview)


def load(trust: Trust) -> None:
    if CycleMeeting.objects.filter(trust=trust).exists():
        return
    ceo = _person(trust, (Role.CEO, Role.DEPUTY_CEO))
    if ceo is None:
        return
    today = timezone.localdate()
    next_monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    clusters = list(Cluster.objects.filter(trust=trust).order_by("name"))
    directors = {c.pk: _person(trust, (Role.QA_DIRECTOR,), c) for c in clusters}
    plan = _Plan(trust=trust)
    for kind in Kind.values:
        weekday, weeks = COMING[Kind(kind)]
        coming_on = next_monday + dt.timedelta(days=weekday, weeks=weeks)
        past_on = coming_on - dt.timedelta(weeks=LAST_MET[Kind(kind)])
        for cluster in clusters if kind in CLUSTER_KINDS else [None]:
            director = directors[cluster.pk] if cluster else None
            leader = director or ceo
            past = _past(plan, kind, cluster, past_on, leader, director or ceo)
            coming = plan.meeting(kind, cluster, coming_on, leader)
            # One of last time's actions is already reviewed at the coming meeting: carried.
            plan.reviews.append((coming, past, leader))
    with transaction.atomic():
        _write(plan)
