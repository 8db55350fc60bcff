"""The meetings of the cycle in the demo: for each trust, a past meeting of every kind (closed,
with its decisions and actions) and the coming ones: a hub heads' and a governor hub meeting
next week in every hub, the forum, the strategic heads' meeting, the chairs' briefing and the
trust board in the weeks after, each with last time's open actions waiting for review.

No pack is made here (packs are made on request). Idempotent: a trust that has meetings already
is left alone; nothing is random. Called by `manage.py load_demo` inside the trust's scope.
"""

import datetime as dt

from django.utils import timezone

from cycle.models import CLUSTER_KINDS, CycleMeeting, Kind
from cycle.services.meetings import (
    ActionData,
    MeetingData,
    action_add,
    action_review_save,
    decision_add,
    meeting_close,
    meeting_create,
)
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


def _past(kind: str, cluster: Cluster | None, on: dt.date, leader: User, owner: User) -> None:
    trust = leader.trust
    assert trust is not None
    meeting = meeting_create(
        trust=trust,
        data=MeetingData(kind=kind, held_on=on, cluster=cluster),
        acting_user=leader,
    )
    for text in DECISIONS[Kind(kind)]:
        decision_add(meeting=meeting, text=text, acting_user=leader)
    first, second = ACTIONS[Kind(kind)]
    action_add(
        meeting=meeting,
        data=ActionData(what=first, owner=owner, due_on=on + dt.timedelta(days=21)),
        acting_user=leader,
    )
    action_add(
        meeting=meeting,
        data=ActionData(what=second, owner=leader, due_on=on + dt.timedelta(days=70)),
        acting_user=leader,
    )
    meeting_close(meeting=meeting, acting_user=leader)


def _coming(kind: str, cluster: Cluster | None, on: dt.date, leader: User) -> None:
    trust = leader.trust
    assert trust is not None
    meeting = meeting_create(
        trust=trust, data=MeetingData(kind=kind, held_on=on, cluster=cluster), acting_user=leader
    )
    # One of last time's actions is already reviewed: carried, with its progress.
    earlier = (
        CycleMeeting.objects.filter(trust=trust, kind=kind, cluster=cluster, held_on__lt=on)
        .order_by("-held_on")
        .first()
    )
    if earlier:
        action = earlier.actions.order_by("pk").first()
        if action is not None:
            action_review_save(
                meeting=meeting,
                action=action,
                progress="Started; half of the schools have taken part so far.",
                outcome="carried",
                acting_user=leader,
            )


def load(trust: Trust) -> None:
    if CycleMeeting.objects.filter(trust=trust).exists():
        return
    ceo = _person(trust, (Role.CEO, Role.DEPUTY_CEO))
    if ceo is None:
        return
    today = timezone.localdate()
    next_monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    clusters = list(Cluster.objects.filter(trust=trust).order_by("name"))
    for kind in Kind.values:
        weekday, weeks = COMING[Kind(kind)]
        coming_on = next_monday + dt.timedelta(days=weekday, weeks=weeks)
        past_on = coming_on - dt.timedelta(weeks=LAST_MET[Kind(kind)])
        for cluster in clusters if kind in CLUSTER_KINDS else [None]:
            director = _person(trust, (Role.QA_DIRECTOR,), cluster) if cluster else None
            leader = director or ceo
            _past(kind, cluster, past_on, leader, director or ceo)
            _coming(kind, cluster, coming_on, leader)
