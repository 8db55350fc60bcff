"""Reads for what a QA visit records on the school's action plan: the page where the director
records it, and the panel on the visit page."""

from dataclasses import dataclass

from django.db.models import Prefetch

from fht.models import User
from isap.models import Action, Plan, Priority, VisitActionReview
from people.selectors import school_people
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SectionKey


@dataclass(frozen=True)
class PriorityActions:
    priority: Priority
    actions: list[Action]


@dataclass(frozen=True)
class VisitActionsPage:
    """What the director works from: the plan's open actions by priority, what this visit has
    already recorded on them, the visit's agreed next steps and who may be responsible."""

    visit: Visit
    plan: Plan | None
    groups: list[PriorityActions]
    priorities: list[Priority]  # the open priorities, for the new actions
    reviews: dict[int, VisitActionReview]  # by action id
    next_steps: str
    people: list[tuple[User, str]]  # a person of the school, and their roles in words

    @property
    def actions(self) -> list[Action]:
        return [a for g in self.groups for a in g.actions]


def next_steps(visit: Visit) -> str:
    """The agreed next steps a visit recorded (its next-steps section), or nothing."""
    row = VisitSection.objects.filter(visit=visit, key=SectionKey.NEXT_STEPS).first()
    return row.notes if row is not None else ""


def _people(visit: Visit) -> list[tuple[User, str]]:
    """The school's people now (heads, support, its directors, governors), each once."""
    found = school_people(school=visit.school)
    roles: dict[int, list[str]] = {}
    people: dict[int, User] = {}
    for row in [*found.heads, *found.support, *found.directors, *found.governors]:
        people.setdefault(row.person_id, row.person)
        roles.setdefault(row.person_id, []).append(str(row.get_role_display()))
    return [(p, ", ".join(dict.fromkeys(roles[pk]))) for pk, p in people.items()]


def visit_actions_page(*, visit: Visit) -> VisitActionsPage:
    """The page for recording a visit's actions (six queries whatever the size of the plan)."""
    plan = (
        Plan.objects.filter(
            trust_id=visit.trust_id,
            school_id=visit.school_id,
            academic_year_id=visit.academic_year_id,
        )
        .select_related("academic_year")
        .first()
    )
    if plan is None:
        return VisitActionsPage(visit, None, [], [], {}, "", [])
    open_actions = Action.objects.filter(status__in=Action.OPEN_STATUSES).select_related("owner")
    priorities = list(
        Priority.objects.filter(plan=plan)
        .prefetch_related(Prefetch("actions", queryset=open_actions.order_by("due_on", "pk")))
        .order_by("number", "pk")
    )
    groups = [PriorityActions(p, list(p.actions.all())) for p in priorities]
    reviews = {
        r.action_id: r
        for r in VisitActionReview.objects.filter(visit=visit, action__priority__plan=plan)
    }
    return VisitActionsPage(
        visit=visit,
        plan=plan,
        groups=[g for g in groups if g.actions],
        priorities=[p for p in priorities if p.status == Priority.Status.OPEN],
        reviews=reviews,
        next_steps=next_steps(visit),
        people=_people(visit),
    )


# --- the panel on the visit page ------------------------------------------------------------------


@dataclass(frozen=True)
class VisitActionsPanel:
    reviews: list[VisitActionReview]
    created: list[Action]
    can_record: bool


def visit_actions_panel(*, visit: Visit, can_write: bool) -> VisitActionsPanel | None:
    """The actions a visit discussed (with the RAG rating before and after) and those it created
    (two queries). None for a cancelled visit, which records nothing."""
    if visit.status == Visit.Status.CANCELLED:
        return None
    reviews = list(
        VisitActionReview.objects.filter(visit=visit, trust_id=visit.trust_id)
        .select_related("action__priority")
        .order_by("action__priority__number", "action__due_on", "action__pk")
    )
    created = list(
        Action.objects.filter(source_visit=visit, trust_id=visit.trust_id)
        .select_related("priority", "owner")
        .order_by("priority__number", "due_on", "pk")
    )
    return VisitActionsPanel(reviews=reviews, created=created, can_record=can_write)
