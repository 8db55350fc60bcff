"""Reads for the plan page: a school's plans, a plan's priorities with their targets, actions and
support, the current values of its targets, and the support totals of a set of schools."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum

from fht.access import access_for
from fht.models import User
from fht.rag import Rag
from fht.tenancy import trust_id_of
from isap.models import (
    Action,
    Deployment,
    Plan,
    Priority,
    ProgressNote,
    Signature,
    Target,
)
from schools.core_offer import CoreOffer, core_offer
from schools.models import AcademicYear, School

# --- the plan page ------------------------------------------------------------------------------


def school_plans(*, school: School) -> list[Plan]:
    return list(
        Plan.objects.filter(school=school)
        .select_related("academic_year")
        .order_by("-academic_year__starts_in")
    )


def action_stands_out(action: Action, today: dt.date) -> bool:
    return action.is_open and (action.due_on < today or action.rag == Rag.RED)


@dataclass(frozen=True)
class CurrentValue:
    value: float | None
    unit: str
    source: str  # the collection point or the statutory year it comes from


@dataclass
class PriorityView:
    priority: Priority
    targets: list[Target]
    actions: list[Action]
    deployments: list[Deployment]
    # Each target with the latest value of its measure from the data returns (set by plan_page).
    target_rows: list[tuple[Target, "CurrentValue | None"]] = field(default_factory=list)
    # Where it came from, when an app above isap holds the record: (label, url) (isap.sources).
    origin: tuple[str, str] | None = None


@dataclass
class PlanPage:
    plan: Plan
    priorities: list[PriorityView]
    signatures: dict[str, Signature]
    core_offer: CoreOffer
    costs: dict[str, Decimal]
    days_by_funder: dict[str, Decimal]
    current_values: dict[str, CurrentValue]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def agreed(self) -> bool:
        return self.plan.agreed_at is not None


def _note_prefetch() -> Prefetch:
    return Prefetch(
        "notes",
        queryset=ProgressNote.objects.select_related("author").order_by("-written_on", "-pk"),
    )


def plan_priorities(*, plan: Plan) -> list[PriorityView]:
    """The plan's priorities with their targets, actions (owners and notes) and deployments, in
    a fixed number of queries whatever the size of the plan."""
    priorities = (
        Priority.objects.filter(plan=plan)
        .select_related("source_visit", "carried_from__plan__academic_year")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("by_when", "pk")),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner", "source_visit")
                .prefetch_related(_note_prefetch())
                .order_by("due_on", "pk"),
            ),
            Prefetch(
                "deployments",
                queryset=Deployment.objects.select_related("person")
                .prefetch_related(_note_prefetch())
                .order_by("starts_on", "pk"),
            ),
        )
        .order_by("number", "pk")
    )
    return [
        PriorityView(p, list(p.targets.all()), list(p.actions.all()), list(p.deployments.all()))
        for p in priorities
    ]


# The key of this app's source of core-offer days (schools/core_offer.py).
SUPPORT_DAYS = "support"


def deployment_days_by_school(school_ids: list[int], year: AcademicYear) -> dict[int, Decimal]:
    """Core-offer days deployed under each school's plan for the year (one query)."""
    rows = (
        Deployment.objects.filter(
            priority__plan__school_id__in=school_ids,
            priority__plan__academic_year=year,
            funder=Deployment.Funder.CORE_OFFER,
        )
        .values_list("priority__plan__school_id")
        .annotate(total=Sum("days"))
    )
    return {school_id: total or Decimal(0) for school_id, total in rows}


def _totals(deployments: list[Deployment]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    costs: dict[str, Decimal] = {f.value: Decimal(0) for f in Deployment.Funder}
    days: dict[str, Decimal] = {f.value: Decimal(0) for f in Deployment.Funder}
    for d in deployments:
        costs[d.funder] += d.cost
        days[d.funder] += d.days
    return costs, days


def current_values(*, school: School, today: dt.date) -> dict[str, CurrentValue]:
    """The latest value of each measure the data returns hold (for the 'now' beside each
    target)."""
    from returns.snapshot import school_data_snapshot

    snapshot = school_data_snapshot(school=school, as_of=today)
    values: dict[str, CurrentValue] = {}
    termly = snapshot.get("termly") or {}
    for figure in termly.get("headline", []):
        values[figure["measure"]] = CurrentValue(
            figure.get("value"), figure["unit"], termly["collection_point"]
        )
    statutory = snapshot.get("statutory") or {}
    for figure in statutory.get("outcomes", []):
        values.setdefault(
            figure["measure"],
            CurrentValue(figure.get("value"), figure["unit"], statutory["academic_year"]),
        )
    return values


def plan_page(*, plan: Plan, today: dt.date) -> PlanPage:
    priorities = plan_priorities(plan=plan)
    values = current_values(school=plan.school, today=today)
    for view in priorities:
        view.target_rows = [(t, values.get(t.measure)) for t in view.targets]
    deployments = [d for p in priorities for d in p.deployments]
    costs, days = _totals(deployments)
    actions = [a for p in priorities for a in p.actions]
    counts = {
        "actions": len(actions),
        "open": sum(1 for a in actions if a.is_open),
        "overdue": sum(1 for a in actions if a.is_open and a.due_on < today),
        "red": sum(1 for a in actions if a.is_open and a.rag == Rag.RED),
    }
    return PlanPage(
        plan=plan,
        priorities=priorities,
        signatures={s.signatory: s for s in plan.signatures.select_related("person")},
        core_offer=core_offer(
            school=plan.school, year=plan.academic_year, allowance=plan.trust.core_offer_days
        ),
        costs=costs,
        days_by_funder=days,
        current_values=values,
        counts=counts,
    )


# --- the director's list of actions ---------------------------------------------------------------


def action_list(
    *,
    user: User,
    year: AcademicYear | None,
    query: str = "",
    school_id: int | None = None,
    show: str = "open",
    today: dt.date,
) -> QuerySet[Action]:
    """The actions of the plans for the year that this person manages (or, for a head, their
    schools' plans), for the actions page. `show`: 'open', 'attention' (overdue or red), 'all'."""
    access = access_for(user)
    school_ids = set(access.improvement_school_ids())
    actions = Action.objects.filter(
        trust_id=trust_id_of(user), priority__plan__school_id__in=school_ids
    ).select_related("priority__plan__school", "owner")
    if year is not None:
        actions = actions.filter(priority__plan__academic_year=year)
    if school_id is not None:
        actions = actions.filter(priority__plan__school_id=school_id)
    if query:
        actions = actions.filter(
            Q(what__icontains=query)
            | Q(owner__full_name__icontains=query)
            | Q(owner_role__icontains=query)
            | Q(priority__title__icontains=query)
        )
    if show != "all":
        actions = actions.filter(status__in=Action.OPEN_STATUSES)
    if show == "attention":
        actions = actions.filter(Q(due_on__lt=today) | Q(rag=Rag.RED))
    return actions.order_by("due_on", "pk")
