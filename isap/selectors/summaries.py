"""Reads for the action-plan panels of the home, school and cluster pages, each in a fixed number
of queries."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from fht.access import access_for
from fht.models import User
from fht.rag import Rag
from fht.roles import SchoolPerm
from isap.models import Action, Deployment, Plan, Signature
from isap.selectors.lists import (
    _ZERO,
    CORE,
    ActionRow,
    Support,
    _counted_schools,
    _support_by_school,
    action_schools,
)
from qa_visits.selectors import counted_visits
from schools.models import AcademicYear, Cluster, School

# --- the school page's panel --------------------------------------------------------------------------


@dataclass
class SchoolPlanSummary:
    plan: Plan | None
    signatures: list[Signature]
    open_actions: int
    standing_out: list[ActionRow]
    core_offer: Support

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.standing_out if r.overdue)

    @property
    def red(self) -> int:
        return sum(1 for r in self.standing_out if r.red)


def school_plan_summary(
    *, school: School, year: AcademicYear, today: dt.date, allowance: int
) -> SchoolPlanSummary:
    """This year's plan of the school, who has signed it, its open actions and those that stand
    out, and the core-offer days used (three queries with a plan, one without)."""
    visit_days = (
        counted_visits()
        .filter(school=OuterRef("school_id"), academic_year=OuterRef("academic_year"))
        .order_by()
        .values("school")
        .annotate(total=Sum("days"))
        .values("total")
    )
    core_days = (
        Deployment.objects.filter(priority__plan=OuterRef("pk"), funder=CORE)
        .order_by()
        .values("priority__plan")
        .annotate(total=Sum("days"))
        .values("total")
    )
    plan = (
        Plan.objects.filter(school=school, academic_year=year, trust_id=school.trust_id)
        .select_related("academic_year")
        .annotate(
            visit_days=Coalesce(Subquery(visit_days), Value(_ZERO)),
            core_days=Coalesce(Subquery(core_days), Value(_ZERO)),
        )
        .order_by("pk")
        .first()
    )
    offer = Support(schools=1, allowance=Decimal(allowance))
    if plan is None:
        return SchoolPlanSummary(None, [], 0, [], offer)
    offer.visit_days = Decimal(plan.visit_days)
    offer.days[CORE] = Decimal(plan.core_days)
    signatures = list(Signature.objects.filter(plan=plan).select_related("person"))
    actions = list(
        Action.objects.filter(priority__plan=plan, status__in=Action.OPEN_STATUSES)
        .select_related("priority", "owner")
        .order_by("due_on", "pk")
    )
    rows = [ActionRow(a, today) for a in actions]
    return SchoolPlanSummary(
        plan, signatures, len(actions), [r for r in rows if r.stands_out], offer
    )


# --- the cluster page's panel -------------------------------------------------------------------------


@dataclass
class ClusterSchoolRow:
    school: School
    support: Support
    plan_id: int | None = None
    open: int = 0
    overdue: int = 0
    red: int = 0


@dataclass
class ClusterSupport:
    schools: list[ClusterSchoolRow]
    total: Support


def cluster_support(
    *, cluster: Cluster, year: AcademicYear, today: dt.date, allowance: int
) -> ClusterSupport:
    """The cluster's schools in the year: core-offer days, support by who pays, and each plan's
    open, overdue and red actions (three queries)."""
    schools = list(
        _counted_schools(
            School.objects.filter(cluster=cluster, trust_id=cluster.trust_id), year
        ).order_by("name")
    )
    by_school = _support_by_school(schools, year, allowance)
    rows = {s.pk: ClusterSchoolRow(s, by_school[s.pk]) for s in schools}
    open_q = Q(priorities__actions__status__in=Action.OPEN_STATUSES)
    plans = (
        Plan.objects.filter(school_id__in=list(rows), academic_year=year)
        .order_by()
        .values_list("school_id", "pk")
        .annotate(
            open=Count("priorities__actions", filter=open_q),
            overdue=Count(
                "priorities__actions", filter=open_q & Q(priorities__actions__due_on__lt=today)
            ),
            red=Count("priorities__actions", filter=open_q & Q(priorities__actions__rag=Rag.RED)),
        )
    )
    for school_id, plan_id, open_, overdue, red in plans:
        row = rows[school_id]
        row.plan_id, row.open, row.overdue, row.red = plan_id, open_, overdue, red
    total = Support()
    for row in rows.values():
        total.add(row.support)
    return ClusterSupport(list(rows.values()), total)


# --- the home page's panel ----------------------------------------------------------------------------


@dataclass
class HomePlanRow:
    school: School
    plan_id: int | None = None
    agreed: bool = False
    open: int = 0
    overdue: int = 0
    red: int = 0


def home_plans(*, user: User, year: AcademicYear, today: dt.date) -> list[HomePlanRow]:
    """This year's plan of each school whose actions the person tracks, with its open, overdue
    and red actions (two queries)."""
    rows = {s.pk: HomePlanRow(s) for s in action_schools(user=user)}
    if not rows:
        return []
    open_q = Q(priorities__actions__status__in=Action.OPEN_STATUSES)
    plans = (
        Plan.objects.filter(school_id__in=list(rows), academic_year=year)
        .order_by()
        .values_list("school_id", "pk", "agreed_at")
        .annotate(
            open=Count("priorities__actions", filter=open_q),
            overdue=Count(
                "priorities__actions", filter=open_q & Q(priorities__actions__due_on__lt=today)
            ),
            red=Count("priorities__actions", filter=open_q & Q(priorities__actions__rag=Rag.RED)),
        )
    )
    for school_id, plan_id, agreed_at, open_, overdue, red in plans:
        row = rows[school_id]
        row.plan_id, row.agreed = plan_id, agreed_at is not None
        row.open, row.overdue, row.red = open_, overdue, red
    return list(rows.values())


def my_open_actions(*, user: User, today: dt.date, limit: int = 5) -> tuple[int, list[ActionRow]]:
    """How many open actions name this person as responsible, and the first few by due date
    (one query, two when there are more than `limit`). Only actions of schools whose plans they may read: someone who has left a
    school keeps no view of its plan."""
    ids = access_for(user).school_ids(SchoolPerm.VIEW_IMPROVEMENT)
    mine = Action.objects.filter(
        owner=user,
        status__in=Action.OPEN_STATUSES,
        priority__plan__school_id__in=list(ids),
    )
    first = list(mine.select_related("priority__plan__school").order_by("due_on", "pk")[:limit])
    count = len(first) if len(first) < limit else mine.count()
    return count, [ActionRow(a, today) for a in first]
