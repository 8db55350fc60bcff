"""Reads for the lists and totals of action plans: the director's list of actions and the support
totals of clusters and the trust. Each runs a fixed number of queries, however many schools, plans
or actions there are."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from fht.access import Access, access_for
from fht.models import User
from fht.rag import Rag
from fht.roles import Attached, SchoolPerm, rule_for
from fht.tenancy import trust_id_of
from isap.models import Action, Deployment
from isap.selectors.plans import action_stands_out
from qa_visits.selectors import counted_visits
from schools.models import AcademicYear, Cluster, School

CORE = Deployment.Funder.CORE_OFFER.value
SCHOOL = Deployment.Funder.SCHOOL.value
_ZERO = Decimal(0)

# --- the director's list of actions -----------------------------------------------------------------


def require_tracks_actions(user: User) -> None:
    """The actions page is for those who manage a plan or update its progress: 403 for others."""
    if not access_for(user).can_track_actions:
        raise PermissionDenied("Only those who manage or update action plans see the actions.")


def action_schools(*, user: User) -> list[School]:
    """The schools whose actions this person tracks (the school filter's choices)."""
    access = access_for(user)
    ids = set(access.improvement_school_ids())
    return list(School.objects.filter(trust_id=trust_id_of(user), pk__in=ids).order_by("name"))


def with_rag_rank(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Red first, then amber, green and not rated: the order the RAG column sorts by."""
    return actions.annotate(
        rag_rank=Case(
            When(rag=Rag.RED, then=Value(0)),
            When(rag=Rag.AMBER, then=Value(1)),
            When(rag=Rag.GREEN, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    )


@dataclass(frozen=True)
class AttentionCounts:
    open: int
    overdue: int
    red: int


def attention_counts(*, actions: QuerySet[Action], today: dt.date) -> AttentionCounts:
    """How many of these actions are open, and of those overdue and red (one query)."""
    counts = actions.filter(status__in=Action.OPEN_STATUSES).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        red=Count("pk", filter=Q(rag=Rag.RED)),
    )
    return AttentionCounts(counts["open"], counts["overdue"], counts["red"])


@dataclass(frozen=True)
class ActionRow:
    """One action on the list, with whether it stands out and why."""

    action: Action
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.action.is_open and self.action.due_on < self.today

    @property
    def red(self) -> bool:
        return self.action.is_open and self.action.rag == Rag.RED

    @property
    def stands_out(self) -> bool:
        return action_stands_out(self.action, self.today)


# --- core-offer days and support, by school ----------------------------------------------------------


@dataclass
class Support:
    """Core-offer days and the support deployed for some schools in a year."""

    schools: int = 0
    allowance: Decimal = _ZERO
    visit_days: Decimal = _ZERO
    days: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    costs: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def core_support_days(self) -> Decimal:
        return self.days[CORE]

    @property
    def school_days(self) -> Decimal:
        return self.days[SCHOOL]

    @property
    def core_cost(self) -> Decimal:
        return self.costs[CORE]

    @property
    def school_cost(self) -> Decimal:
        return self.costs[SCHOOL]

    @property
    def used(self) -> Decimal:
        """Core-offer days used: the visits and the support the core offer pays for."""
        return self.visit_days + self.core_support_days

    @property
    def left(self) -> Decimal:
        return self.allowance - self.used

    @property
    def over(self) -> bool:
        return self.left < 0

    @property
    def total_days(self) -> Decimal:
        return self.core_support_days + self.school_days

    @property
    def total_cost(self) -> Decimal:
        return self.core_cost + self.school_cost

    def add(self, other: "Support") -> None:
        self.schools += other.schools
        self.allowance += other.allowance
        self.visit_days += other.visit_days
        for funder in (CORE, SCHOOL):
            self.days[funder] += other.days[funder]
            self.costs[funder] += other.costs[funder]


def _counted_schools(schools: QuerySet[School], year: AcademicYear) -> QuerySet[School]:
    """Schools that count in the year (open, or closed after it began), each with the days of
    its visits that year (cancelled ones are not counted)."""
    visit_days = (
        counted_visits()
        .filter(school=OuterRef("pk"), academic_year=year)
        .order_by()
        .values("school")
        .annotate(total=Sum("days"))
        .values("total")
    )
    begins = dt.date(year.starts_in, 9, 1)
    return schools.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=begins)).annotate(
        visit_days=Coalesce(Subquery(visit_days), Value(_ZERO))
    )


def _support_by_school(
    schools: list[School], year: AcademicYear, allowance: int
) -> dict[int, Support]:
    """Each school's core-offer days and support deployed in the year (one query)."""
    out = {
        s.pk: Support(
            schools=1,
            allowance=Decimal(allowance),
            visit_days=Decimal(getattr(s, "visit_days", _ZERO) or _ZERO),
        )
        for s in schools
    }
    rows = (
        Deployment.objects.filter(
            priority__plan__school_id__in=list(out), priority__plan__academic_year=year
        )
        .order_by()
        .values_list("priority__plan__school_id", "funder")
        .annotate(d=Sum("days"), c=Sum("cost"))
    )
    for school_id, funder, days, cost in rows:
        out[school_id].days[funder] += days or _ZERO
        out[school_id].costs[funder] += cost or _ZERO
    return out


# --- the support totals page --------------------------------------------------------------------------


def _trust_wide(access: Access) -> bool:
    """Holds a role attached to the whole trust that reads every school's improvement work."""
    return any(
        rule_for(role).attached == Attached.TRUST
        and SchoolPerm.VIEW_IMPROVEMENT in rule_for(role).school
        for role in access.roles
    )


def sees_support_totals(user: User) -> bool:
    access = access_for(user)
    return _trust_wide(access) or bool(access.school_ids(SchoolPerm.MANAGE_IMPROVEMENT))


def require_support_totals(user: User) -> bool:
    """Who sees the support totals: readers across the trust (all clusters; the answer is True)
    and those who manage plans (Directors of QA: their clusters). 403 for others."""
    access = access_for(user)
    if _trust_wide(access):
        return True
    if access.school_ids(SchoolPerm.MANAGE_IMPROVEMENT):
        return False
    raise PermissionDenied("Only the trust's leaders and Directors of QA see the support totals.")


@dataclass
class SupportRow:
    name: str
    cluster: Cluster | None
    support: Support


@dataclass
class SupportTable:
    rows: list[SupportRow]
    total: SupportRow
    trust_wide: bool


def support_table(*, user: User, year: AcademicYear, allowance: int) -> SupportTable:
    """Core-offer days and support by cluster, and in total, for the year (two queries)."""
    trust_wide = require_support_totals(user)
    schools = list(
        _counted_schools(
            School.objects.filter(trust_id=trust_id_of(user)).select_related("cluster"), year
        )
    )
    if not trust_wide:
        managed = set(access_for(user).school_ids(SchoolPerm.MANAGE_IMPROVEMENT))
        clusters = {s.cluster_id for s in schools if s.pk in managed and s.cluster_id}
        schools = [s for s in schools if s.cluster_id in clusters]
    by_school = _support_by_school(schools, year, allowance)
    rows: dict[int | None, SupportRow] = {}
    total = SupportRow("Trust" if trust_wide else "Your clusters", None, Support())
    for school in schools:
        row = rows.get(school.cluster_id)
        if row is None:
            name = school.cluster.name if school.cluster else "Not in a cluster"
            row = rows[school.cluster_id] = SupportRow(name, school.cluster, Support())
        row.support.add(by_school[school.pk])
        total.support.add(by_school[school.pk])
    ordered = sorted(rows.values(), key=lambda r: (r.cluster is None, r.name))
    return SupportTable(ordered, total, trust_wide)
