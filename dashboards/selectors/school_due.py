"""What is due next at a school, and its action plan's progress, for the school on a page
(dashboards/selectors/school.py): its next visit, review and risk meeting, the plan's actions by
RAG, overdue and due soon, and the open remedial actions. A fixed number of queries."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from fht.rag import Rag
from isap.models import Action, Plan
from qa_visits.cadence import next_visit_due
from qa_visits.models import Visit
from reviews.models import Review
from reviews.selectors.latest import SHARED
from risk.models import Meeting, RemedialAction
from schools.models import School

# ISAP actions due within this many days count as 'due next'.
DUE_SOON_DAYS = 42


@dataclass
class PlanProgress:
    plan_id: int
    year: str
    agreed_on: dt.date | None
    total: int = 0
    open: int = 0
    completed: int = 0
    overdue: int = 0
    # Open actions by RAG in words: ('rated red', 2), ... ('not rated yet', 1).
    by_rag: list[tuple[str, int]] = field(default_factory=list)
    overdue_actions: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class DueItem:
    what: str
    on: dt.date | None
    detail: str = ""
    overdue: bool = False


def plan_progress(school: School, as_of: dt.date) -> PlanProgress | None:
    """The school's latest action plan of a year begun by `as_of`, its actions counted by RAG and
    status, and the open ones due soon (two queries)."""
    plan = (
        Plan.objects.filter(
            school=school, trust_id=school.trust_id, academic_year__starts_in__lte=as_of.year
        )
        .select_related("academic_year")
        .order_by("-academic_year__starts_in", "-pk")
        .first()
    )
    if plan is None:
        return None
    progress = PlanProgress(
        plan_id=plan.pk,
        year=str(plan.academic_year),
        agreed_on=plan.agreed_at.date() if plan.agreed_at else None,
    )
    actions = list(
        Action.objects.filter(priority__plan=plan)
        .select_related("priority")
        .only("pk", "what", "due_on", "status", "rag", "priority__number", "priority__title")
        .order_by("due_on", "pk")
    )
    rag: Counter[str] = Counter()
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    for action in actions:
        progress.total += 1
        if action.status == Action.Status.COMPLETED:
            progress.completed += 1
        if action.status not in Action.OPEN_STATUSES:
            continue
        progress.open += 1
        rag[action.rag] += 1
        if action.due_on < as_of:
            progress.overdue += 1
            progress.overdue_actions.append(action)
        elif action.due_on <= soon:
            progress.due_soon.append(action)
    progress.by_rag = [
        (f"rated {str(r.label).lower()}", rag[r.value]) for r in (Rag.RED, Rag.AMBER, Rag.GREEN)
    ]
    progress.by_rag.append(("not rated yet", rag[""]))
    return progress


def _next_review(school: School, as_of: dt.date) -> Review | None:
    """The school's next partnership review (its dates only), one query."""
    return (
        Review.objects.filter(school=school, trust_id=school.trust_id, starts_on__gte=as_of)
        .exclude(status__in=SHARED)
        .only("pk", "starts_on", "ends_on")
        .order_by("starts_on", "pk")
        .first()
    )


def _next_meeting(school: School, as_of: dt.date) -> Meeting | None:
    """The trust's next risk meeting: the first open one whose half-term has not ended (one
    query)."""
    return (
        Meeting.objects.filter(
            trust_id=school.trust_id,
            kind=Meeting.Kind.RISK,
            status=Meeting.Status.OPEN,
            half_term__ends_on__gte=as_of,
        )
        .filter(Q(held_on__isnull=True) | Q(held_on__gte=as_of))
        .select_related("half_term__academic_year")
        .order_by("half_term__starts_on")
        .first()
    )


def _next_visit(school: School, as_of: dt.date) -> tuple[Visit | None, dt.date | None]:
    """The school's next planned visit (one query) and, from the trust's cadence, when the next
    one is due after the last submitted visit (one more query)."""
    planned = (
        Visit.objects.filter(
            school=school,
            trust_id=school.trust_id,
            status__in=(Visit.Status.PLANNED, Visit.Status.DRAFT),
        )
        .only("pk", "planned_for", "status", "visited_on")
        .order_by("planned_for", "pk")
        .first()
    )
    last = (
        Visit.objects.filter(
            school=school,
            trust_id=school.trust_id,
            status=Visit.Status.SUBMITTED,
            visited_on__lte=as_of,
        )
        .order_by("-visited_on")
        .values_list("visited_on", flat=True)
        .first()
    )
    due = next_visit_due(
        trust=school.trust, last_visited_on=last, today=as_of, category=school.category
    )
    return planned, due


def due_next(
    school: School,
    as_of: dt.date,
    plan: PlanProgress | None,
    remedial: list[RemedialAction],
) -> list[DueItem]:
    planned, due = _next_visit(school, as_of)
    items = []
    if planned is not None:
        items.append(DueItem("Next QA visit", planned.planned_for, "planned"))
    else:
        items.append(
            DueItem(
                "Next QA visit",
                due,
                "due by the trust's visit cadence, not planned yet",
                overdue=due is not None and due < as_of,
            )
        )
    review = _next_review(school, as_of)
    items.append(
        DueItem(
            "Next partnership review",
            review.starts_on if review else None,
            "" if review else "none planned",
        )
    )
    meeting = _next_meeting(school, as_of)
    items.append(
        DueItem(
            "Next risk meeting",
            meeting.held_on if meeting else None,
            str(meeting.half_term) if meeting else "none set up",
        )
    )
    if plan is not None:
        items += [
            DueItem(
                "ISAP action due",
                a.due_on,
                f"Priority {a.priority.number}: {a.what}",
                overdue=a.due_on < as_of,
            )
            for a in [*plan.overdue_actions, *plan.due_soon]
        ]
    items += [
        DueItem("Risk meeting action due", a.due_on, a.what, overdue=a.due_on < as_of)
        for a in remedial
    ]
    return items
