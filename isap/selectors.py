"""Reads about action plans. The `access_*` functions are the only road from a URL's id to a
plan's record: 404 for 'missing' and for 'not yours' alike.

Who may do what (DOMAIN 'ISAP', issue 5):
- read (SchoolPerm.VIEW_IMPROVEMENT): everyone who reads the school: governors, trustees, the
  central team, the heads and the system leaders deployed to it;
- manage (MANAGE_IMPROVEMENT): the school's Director of QA, the CEO and deputy: the whole plan;
- progress (UPDATE_PROGRESS): the school's head(s): notes, evidence, status and the school's
  judgement of impact on its actions (those who manage the plan may too);
- support (RECORD_SUPPORT, and being the person deployed): notes and impact on their deployments.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.roles import Role, SchoolPerm
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
from qa_visits.models import Visit
from qa_visits.sections import Rag
from schools.models import AcademicYear, RoleAssignment, School


class Can(StrEnum):
    READ = "read"
    MANAGE = "manage"
    PROGRESS = "progress"
    SUPPORT = "support"


_PERM = {
    Can.READ: SchoolPerm.VIEW_IMPROVEMENT,
    Can.MANAGE: SchoolPerm.MANAGE_IMPROVEMENT,
    Can.PROGRESS: SchoolPerm.UPDATE_PROGRESS,
    Can.SUPPORT: SchoolPerm.RECORD_SUPPORT,
}


def may(user: User, school_id: int, can: Can) -> bool:
    access = access_for(user)
    if can is Can.PROGRESS:
        # Those who manage the plan may do everything the head may.
        return access.has_school_perm(
            school_id, SchoolPerm.UPDATE_PROGRESS
        ) or access.has_school_perm(school_id, SchoolPerm.MANAGE_IMPROVEMENT)
    return access.has_school_perm(school_id, _PERM[can])


def may_support(user: User, deployment: Deployment, school_id: int) -> bool:
    """The deployed person adds notes and impact to their own deployment; managers to any."""
    if may(user, school_id, Can.MANAGE):
        return True
    return deployment.person_id == user.pk and may(user, school_id, Can.SUPPORT)


def _require(user: User, school_id: int, can: Can, what: str) -> None:
    if not may(user, school_id, can):
        raise Http404(f"No such {what}")


def access_school_plans(user: User, school_id: int, can: Can = Can.READ) -> School:
    """A school of the person's trust whose plans they may read (or, with `can`, write)."""
    _require(user, school_id, can, "school")
    try:
        return School.objects.select_related("cluster", "trust").get(
            pk=school_id, trust_id=trust_id_of(user)
        )
    except School.DoesNotExist:
        raise Http404("No such school") from None


def access_plan(user: User, plan_id: int, can: Can = Can.READ) -> Plan:
    try:
        plan = Plan.objects.select_related("school__cluster", "academic_year", "trust").get(
            pk=plan_id, trust_id=trust_id_of(user)
        )
    except Plan.DoesNotExist:
        raise Http404("No such plan") from None
    _require(user, plan.school_id, can, "plan")
    return plan


def access_priority(user: User, priority_id: int, can: Can = Can.READ) -> Priority:
    try:
        priority = Priority.objects.select_related(
            "plan__school__cluster", "plan__academic_year", "source_visit"
        ).get(pk=priority_id, trust_id=trust_id_of(user))
    except Priority.DoesNotExist:
        raise Http404("No such priority") from None
    _require(user, priority.plan.school_id, can, "priority")
    return priority


def access_target(user: User, target_id: int, can: Can = Can.MANAGE) -> Target:
    try:
        target = Target.objects.select_related(
            "priority__plan__school", "priority__plan__academic_year"
        ).get(pk=target_id, trust_id=trust_id_of(user))
    except Target.DoesNotExist:
        raise Http404("No such target") from None
    _require(user, target.priority.plan.school_id, can, "target")
    return target


def access_action(user: User, action_id: int, can: Can = Can.READ) -> Action:
    try:
        action = Action.objects.select_related(
            "priority__plan__school__cluster",
            "priority__plan__academic_year",
            "owner",
            "updated_by",
            "source_visit",
        ).get(pk=action_id, trust_id=trust_id_of(user))
    except Action.DoesNotExist:
        raise Http404("No such action") from None
    _require(user, action.priority.plan.school_id, can, "action")
    return action


def access_deployment(user: User, deployment_id: int, can: Can = Can.READ) -> Deployment:
    """A deployment; with Can.SUPPORT, one the person may add notes and impact to."""
    try:
        deployment = Deployment.objects.select_related(
            "priority__plan__school__cluster", "priority__plan__academic_year", "person"
        ).get(pk=deployment_id, trust_id=trust_id_of(user))
    except Deployment.DoesNotExist:
        raise Http404("No such deployment") from None
    school_id = deployment.priority.plan.school_id
    if can is Can.SUPPORT:
        if not may_support(user, deployment, school_id):
            raise Http404("No such deployment")
    else:
        _require(user, school_id, can, "deployment")
    return deployment


def access_evidence(user: User, note_id: int) -> ProgressNote:
    """A progress note with an evidence file, for someone who reads its plan."""
    try:
        note = ProgressNote.objects.select_related(
            "action__priority__plan", "deployment__priority__plan"
        ).get(pk=note_id, trust_id=trust_id_of(user))
    except ProgressNote.DoesNotExist:
        raise Http404("No such evidence") from None
    parent = note.action or note.deployment
    assert parent is not None  # the table's check constraint
    _require(user, parent.priority.plan.school_id, Can.READ, "evidence")
    if not note.evidence_file:
        raise Http404("No such evidence")
    return note


# --- signing ------------------------------------------------------------------------------------

HEAD_ROLES = {Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD}


def signatories_for(user: User, school_id: int) -> list[Signature.Signatory]:
    """Which of the plan's three signatures this person may give: as the school's own head teacher
    or executive head, as the Director of QA of its cluster, or as the trust's CPD lead. A role
    held elsewhere does not count here (a CEO who is also the head of one school signs only that
    school's plan as its head). One query, none for those who hold none of these roles."""
    access = access_for(user)
    wanted = HEAD_ROLES | {Role.QA_DIRECTOR, Role.CPD_LEAD}
    if not set(access.roles) & wanted:
        return []
    cluster = School.objects.filter(pk=school_id).values("cluster_id")
    held = set(
        RoleAssignment.objects.filter(
            person=user, ended_at__isnull=True, trust_id=trust_id_of(user)
        )
        .filter(
            Q(role__in=HEAD_ROLES, school_id=school_id)
            | Q(role=Role.QA_DIRECTOR, cluster_id__in=cluster)
            | Q(role=Role.CPD_LEAD)
        )
        .values_list("role", flat=True)
    )
    out = []
    if held & HEAD_ROLES and access.has_school_perm(school_id, SchoolPerm.UPDATE_PROGRESS):
        out.append(Signature.Signatory.HEAD)
    if Role.QA_DIRECTOR in held and access.has_school_perm(
        school_id, SchoolPerm.MANAGE_IMPROVEMENT
    ):
        out.append(Signature.Signatory.DIRECTOR)
    if Role.CPD_LEAD in held and access.has_school_perm(school_id, SchoolPerm.VIEW_IMPROVEMENT):
        out.append(Signature.Signatory.CPD_LEAD)
    return out


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


@dataclass
class CoreOffer:
    allowance: Decimal
    visit_days: Decimal
    deployment_days: Decimal

    @property
    def used(self) -> Decimal:
        return self.visit_days + self.deployment_days

    @property
    def left(self) -> Decimal:
        return self.allowance - self.used

    @property
    def over(self) -> bool:
        return self.left < 0


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


def core_offer(*, school: School, year: AcademicYear, allowance: int) -> CoreOffer:
    """Core-offer days used this year: the year's QA visits (not cancelled) and the support
    deployed from the core offer under the school's plan for the year (two queries)."""
    visit_days = Visit.objects.filter(school=school, academic_year=year).exclude(
        status=Visit.Status.CANCELLED
    ).aggregate(total=Sum("days"))["total"] or Decimal(0)
    deployed = Deployment.objects.filter(
        priority__plan__school=school,
        priority__plan__academic_year=year,
        funder=Deployment.Funder.CORE_OFFER,
    ).aggregate(total=Sum("days"))["total"] or Decimal(0)
    return CoreOffer(Decimal(allowance), Decimal(visit_days), Decimal(deployed))


def deployment_days_by_school(
    *, school_ids: list[int], year: AcademicYear | None
) -> dict[int, Decimal]:
    """Core-offer days deployed under each school's plan for the year (one query): the Visits
    page adds them to the visits' days."""
    if year is None or not school_ids:
        return {}
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
    school_ids = set(access.school_ids(SchoolPerm.MANAGE_IMPROVEMENT)) | set(
        access.school_ids(SchoolPerm.UPDATE_PROGRESS)
    )
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
