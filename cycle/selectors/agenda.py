"""Each meeting's agenda, read from live data as of a date for its audience, in a fixed number of
queries whatever the number of schools, visits or actions (the pack of a trust of 120 schools
renders in seconds).

- The School Improvement Forum: schools at category C or D, the support deployments under way or
  starting, those whose impact is due and not recorded.
- The hub meetings (heads' and governors'): the cluster's schools side by side: category, latest
  QA visit (its open sections' RAG, a link to its proforma for those who may read it) and the
  RAG of their open ISAP actions; and the cluster dashboard.
- The trust board and the chairs' briefing: the trust dashboard and each cluster's summary.
- The strategic heads' meeting: each cluster's summary (trust-wide items).
Every agenda ends with the open actions of earlier meetings of the same kind, to review.

Restricted parts (staffing, the head's performance management) are never read here: a visit's
RAG counts only its open sections.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from cycle.models import CycleAction, CycleActionReview, CycleMeeting, Kind
from cycle.selectors.dashboards import DashboardPart, cluster_part, trust_part
from cycle.selectors.meetings import open_earlier_actions, reviews_at
from fht.access import access_for
from fht.models import User
from fht.rag import Rag
from fht.roles import SchoolPerm
from isap.models import Action, Deployment
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTION_BY_KEY, Restriction
from risk.models import CategoryDecision
from schools.models import Cluster, School

CONCERN_CATEGORIES = ("C", "D")
# A deployment started more than this long ago with no impact recorded: its impact is due.
IMPACT_DUE_AFTER = dt.timedelta(days=42)


@dataclass(frozen=True)
class VisitLine:
    pk: int
    on: dt.date
    red: int
    amber: int
    green: int
    proforma: bool  # the reader may open its proforma (screen only)


@dataclass(frozen=True)
class RagLine:
    red: int = 0
    amber: int = 0
    green: int = 0
    unrated: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.red + self.amber + self.green + self.unrated


@dataclass(frozen=True)
class SchoolLine:
    pk: int
    name: str
    cluster: str
    category: str
    decided_on: dt.date | None
    visit: VisitLine | None
    rag: RagLine


@dataclass(frozen=True)
class ClusterLine:
    name: str
    schools: int
    categories: dict[str, int]
    red: int
    overdue: int


@dataclass(frozen=True)
class DeploymentLine:
    school: str
    priority: str
    provider: str
    who: str
    days: Any
    starts_on: dt.date
    outcome: str
    impact: str


@dataclass(frozen=True)
class ActionLine:
    action: CycleAction
    review: CycleActionReview | None


@dataclass
class Agenda:
    meeting: CycleMeeting
    as_of: dt.date
    concern_schools: list[SchoolLine] = field(default_factory=list)
    deployments: list[DeploymentLine] = field(default_factory=list)
    impact_due: list[DeploymentLine] = field(default_factory=list)
    schools: list[SchoolLine] = field(default_factory=list)
    clusters: list[ClusterLine] = field(default_factory=list)
    dashboard: DashboardPart | None = None
    actions: list[ActionLine] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.meeting.kind


# --- the pieces, each a fixed number of queries ------------------------------------------------------


def _schools(trust_id: int, as_of: dt.date, cluster_id: int | None) -> list[School]:
    schools = (
        School.objects.filter(trust_id=trust_id)
        .exclude(closed_on__lte=as_of)
        .exclude(joined_trust_on__gt=as_of)
        .select_related("cluster")
        .order_by("name")
    )
    if cluster_id is not None:
        schools = schools.filter(cluster_id=cluster_id)
    return list(schools)


def categories_on(school_ids: list[int], as_of: dt.date) -> dict[int, CategoryDecision]:
    """Each school's category decision in force on the day (one query)."""
    latest: dict[int, CategoryDecision] = {}
    rows = CategoryDecision.objects.filter(school_id__in=school_ids, decided_on__lte=as_of)
    for row in rows.order_by("school_id", "-decided_on", "-pk").only(
        "school_id", "category", "decided_on"
    ):
        latest.setdefault(row.school_id, row)
    return latest


def _open_keys() -> list[str]:
    return [k for k, s in SECTION_BY_KEY.items() if s.restriction == Restriction.NONE]


def latest_visits(school_ids: list[int], as_of: dt.date, user: User | None) -> dict[int, VisitLine]:
    """Each school's latest submitted visit made by the day, with its open sections' RAG (two
    queries); `proforma` says whether this reader may open it (never, for a pack)."""
    latest: dict[int, Visit] = {}
    visits = Visit.objects.filter(
        school_id__in=school_ids, status=Visit.Status.SUBMITTED, visited_on__lte=as_of
    ).only("pk", "school_id", "visited_on", "planned_for")
    for visit in visits.order_by("school_id", "-visited_on", "-pk"):
        latest.setdefault(visit.school_id, visit)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sections = VisitSection.objects.filter(
        visit_id__in=[v.pk for v in latest.values()], key__in=_open_keys()
    ).exclude(rag="")
    for visit_id, rag in sections.values_list("visit_id", "rag"):
        counts[visit_id][rag] += 1
    access = access_for(user) if user is not None else None
    return {
        school_id: VisitLine(
            pk=v.pk,
            on=v.date,
            red=counts[v.pk][Rag.RED],
            amber=counts[v.pk][Rag.AMBER],
            green=counts[v.pk][Rag.GREEN],
            proforma=bool(
                access and access.has_school_perm(school_id, SchoolPerm.VIEW_IMPROVEMENT)
            ),
        )
        for school_id, v in latest.items()
    }


def isap_rag(school_ids: list[int], as_of: dt.date) -> dict[int, RagLine]:
    """Each school's open ISAP actions by RAG, and how many are overdue on the day (one query)."""
    rows = (
        Action.objects.filter(
            priority__plan__school_id__in=school_ids,
            status__in=Action.OPEN_STATUSES,
            starts_on__lte=as_of,
        )
        .values("priority__plan__school_id")
        .annotate(
            red=Count("pk", filter=Q(rag=Rag.RED)),
            amber=Count("pk", filter=Q(rag=Rag.AMBER)),
            green=Count("pk", filter=Q(rag=Rag.GREEN)),
            unrated=Count("pk", filter=Q(rag="")),
            overdue=Count("pk", filter=Q(due_on__lt=as_of)),
        )
        .order_by()
    )
    return {
        row["priority__plan__school_id"]: RagLine(
            red=row["red"],
            amber=row["amber"],
            green=row["green"],
            unrated=row["unrated"],
            overdue=row["overdue"],
        )
        for row in rows
    }


def school_lines(
    trust_id: int, as_of: dt.date, *, cluster_id: int | None = None, user: User | None = None
) -> list[SchoolLine]:
    """The schools side by side: category on the day, latest visit, ISAP RAG (five queries)."""
    schools = _schools(trust_id, as_of, cluster_id)
    ids = [s.pk for s in schools]
    categories = categories_on(ids, as_of)
    visits = latest_visits(ids, as_of, user)
    rags = isap_rag(ids, as_of)
    return [
        SchoolLine(
            pk=s.pk,
            name=s.name,
            cluster=s.cluster.name if s.cluster else "",
            category=categories[s.pk].category if s.pk in categories else "",
            decided_on=categories[s.pk].decided_on if s.pk in categories else None,
            visit=visits.get(s.pk),
            rag=rags.get(s.pk, RagLine()),
        )
        for s in schools
    ]


def cluster_lines(lines: list[SchoolLine], clusters: list[Cluster]) -> list[ClusterLine]:
    """Each cluster's summary from the school lines (no query)."""
    found = []
    for name in [c.name for c in clusters] + [""]:
        mine = [line for line in lines if line.cluster == name]
        if not mine:
            continue
        counts = {c: sum(1 for line in mine if line.category == c) for c in "ABCD"}
        counts["none"] = sum(1 for line in mine if not line.category)
        found.append(
            ClusterLine(
                name=name or "No cluster",
                schools=len(mine),
                categories=counts,
                red=sum(line.rag.red for line in mine),
                overdue=sum(line.rag.overdue for line in mine),
            )
        )
    return found


def _deployment_line(d: Deployment) -> DeploymentLine:
    return DeploymentLine(
        school=d.priority.plan.school.name,
        priority=d.priority.title,
        provider=d.get_provider_display(),
        who=d.who,
        days=d.days,
        starts_on=d.starts_on,
        outcome=d.desired_outcome,
        impact=d.impact,
    )


def deployments(trust_id: int, as_of: dt.date) -> tuple[list[DeploymentLine], list[DeploymentLine]]:
    """The deployments agreed and under way (started in the last six weeks or starting later),
    and those started before that whose impact is not recorded yet (one query)."""
    since = as_of - IMPACT_DUE_AFTER
    rows = (
        Deployment.objects.filter(trust_id=trust_id, created_at__date__lte=as_of)
        .filter(Q(starts_on__gte=since) | Q(impact=""))
        .select_related("priority__plan__school", "person")
        .order_by("starts_on", "pk")
    )
    agreed: list[DeploymentLine] = []
    due: list[DeploymentLine] = []
    for d in rows:
        (agreed if d.starts_on >= since else due).append(_deployment_line(d))
    return agreed, due


def action_lines(meeting: CycleMeeting) -> list[ActionLine]:
    reviews = reviews_at(meeting=meeting)
    return [ActionLine(a, reviews.get(a.pk)) for a in open_earlier_actions(meeting=meeting)]


# --- the agenda ----------------------------------------------------------------------------------------


def meeting_agenda(
    *,
    meeting: CycleMeeting,
    user: User | None,
    as_of: dt.date,
    dashboard_reader: User | None = None,
) -> Agenda:
    """The meeting's agenda as of the day, for this reader (`user` None: the pack, which shows
    nothing a member of the audience may not read). The dashboards hold nothing restricted for
    anyone; a pack reads them as `dashboard_reader`, the person who runs the meeting and asked for it."""
    reader = user if user is not None else dashboard_reader
    agenda = Agenda(meeting=meeting, as_of=as_of, actions=action_lines(meeting))
    trust_id = meeting.trust_id
    kind = Kind(meeting.kind)
    if kind == Kind.FORUM:
        lines = school_lines(trust_id, as_of, user=user)
        agenda.concern_schools = [s for s in lines if s.category in CONCERN_CATEGORIES]
        agenda.deployments, agenda.impact_due = deployments(trust_id, as_of)
    elif kind in (Kind.HUB_HEADS, Kind.GOVERNOR_HUB):
        assert meeting.cluster is not None
        agenda.schools = school_lines(trust_id, as_of, cluster_id=meeting.cluster_id, user=user)
        agenda.dashboard = cluster_part(cluster=meeting.cluster, user=reader, as_of=as_of)
    else:
        lines = school_lines(trust_id, as_of, user=user)
        clusters = list(Cluster.objects.filter(trust_id=trust_id).order_by("name"))
        agenda.clusters = cluster_lines(lines, clusters)
        if kind in (Kind.BOARD, Kind.CHAIRS):
            # The chairs hear of the concern procedure only for their own school (DOMAIN.md).
            agenda.dashboard = trust_part(
                trust=meeting.trust, user=reader, as_of=as_of, with_concern=kind == Kind.BOARD
            )
    return agenda
