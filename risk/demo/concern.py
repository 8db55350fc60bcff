"""The concern part of the risk demo: one school in the procedure, at level 2.

The case was opened at level 1 ten weeks ago; the causes were discussed with the head and the
school's plan for this year gained a priority from the case (with an action), linked to it; three
weeks ago the CEO stepped it up to level 2. The level-2 steps are still to do: sharing the
concerns with the chair of governors, and the letter to the chair (not made yet), so the case page
shows them missing.

The school is the trust's first open school by name in category D, else C, else any, whose
plan has room for one more priority (see `_school`). Idempotent:
a trust that already has a concern case is left alone. Dates count back from today, as the
action plans' demo does.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from fht.models import Trust, User
from fht.roles import Role
from isap.models import Action, Plan, Priority, Source
from isap.services.priorities import PriorityData, TargetData, priority_save, target_save
from people.models import RoleAssignment
from risk.models import ConcernCase, StepKind
from risk.services.concern import (
    concern_case_open,
    concern_isap_link,
    concern_letter_text_set,
    concern_level_set,
    concern_step_record,
)
from schools.models import School
from schools.years import academic_year_for

ISSUES = (
    "Pupils' progress in reading and mathematics has fallen below national for two years, and "
    "the actions agreed at the last three QA visits have not been completed on time. Attendance "
    "of disadvantaged pupils is falling."
)
ACTIONS = [
    ("Weekly reading and mathematics progress meetings with the Director of QA", 12),
    ("Lead practitioner coaching for the teachers of Years 3 to 6 in mathematics", 18),
]
TO_FOLLOW = (
    "If the QA visits of the coming half-term do not show improvement in line with the action "
    "plan, the trust will step the school up to level 3 and write to the local governing body."
)


def _person(trust: Trust, role: Role, **where: object) -> User | None:
    row = (
        RoleAssignment.objects.filter(trust=trust, role=role, ended_at__isnull=True, **where)
        .select_related("person")
        .order_by("starts_on", "pk")
        .first()
    )
    return row.person if row is not None else None


def _school(trust: Trust, on: dt.date) -> School | None:
    """The first open school by name in category D, else C, else any, whose plan for this year
    has room for one more priority (a plan holds three or four)."""
    year = academic_year_for(trust_id=trust.pk, on=on)
    full = (
        Priority.objects.filter(plan__academic_year=year)
        .values("plan__school_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=4)
        .values("plan__school_id")
    )
    schools = (
        School.objects.filter(trust=trust, closed_on__isnull=True)
        .exclude(pk__in=full)
        .order_by("name", "pk")
    )
    for category in ("D", "C"):
        found = schools.filter(category=category).first()
        if found is not None:
            return found
    return schools.first()


def _amend_plan(school: School, ceo: User, on: dt.date) -> Priority | None:
    year = academic_year_for(trust_id=school.trust_id, on=on)
    plan = Plan.objects.filter(school=school, academic_year=year).first() if year else None
    if plan is None:
        return None
    priority = priority_save(
        plan=plan,
        data=PriorityData(
            title="Rapid improvement in reading and mathematics",
            description="Added when the school entered the procedure for schools causing concern.",
            source=Source.CONCERN_CASE,
            source_visit=None,
            source_reference="Concern case, level 1",
        ),
        acting_user=ceo,
    )
    target_save(
        priority=priority,
        data=TargetData(
            measure="",
            description="QA visits judge reading and mathematics lessons good",
            baseline=None,
            target=Decimal("80"),
            by_when=on + dt.timedelta(weeks=24),
        ),
        acting_user=ceo,
    )
    for what, weeks in ACTIONS:
        Action.objects.create(
            trust_id=school.trust_id,
            priority=priority,
            what=what,
            owner_role="Head teacher",
            starts_on=on,
            due_on=on + dt.timedelta(weeks=weeks),
            status=Action.Status.IN_PROGRESS,
            updated_by=ceo,
        )
    return priority


def build(trust: Trust) -> None:
    if ConcernCase.objects.filter(trust=trust).exists():
        return
    today = timezone.localdate()
    school = _school(trust, today)
    ceo = _person(trust, Role.CEO)
    if school is None or ceo is None:
        return
    director = _person(trust, Role.QA_DIRECTOR, cluster_id=school.cluster_id) or ceo
    opened = today - dt.timedelta(weeks=10)
    case = concern_case_open(
        school=school,
        level=1,
        reason="Progress has stalled for two years and agreed actions are not being completed.",
        opened_on=opened,
        issues=ISSUES,
        acting_user=ceo,
    )
    concern_step_record(
        case=case,
        kind=StepKind.CAUSES_DISCUSSED,
        done_on=opened + dt.timedelta(days=6),
        note="Met the head teacher with the Director of QA: causes identified and agreed, with "
        "the urgent need to address them.",
        acting_user=director,
    )
    priority = _amend_plan(school, ceo, opened + dt.timedelta(days=13))
    if priority is not None:
        concern_isap_link(
            case=case,
            priority=priority,
            action=None,
            acting_user=director,
            today=opened + dt.timedelta(days=13),
        )
    concern_level_set(
        case=case,
        to_level=2,
        reason="The QA visit found no improvement in line with the amended plan: concerns remain.",
        decided_on=today - dt.timedelta(weeks=3),
        version=case.version,
        acting_user=ceo,
    )
    concern_letter_text_set(
        case=case,
        issues=ISSUES,
        actions_to_follow=TO_FOLLOW,
        performance_management="",
        version=case.version,
        acting_user=ceo,
    )
