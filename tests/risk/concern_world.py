"""The concern part's additions to the test world: a case at s1 ('in'), s3 ('out') and sb (the
other trust), and a plan at s1 with a priority whose source is the case."""

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled

from fht.roles import Role
from isap.models import Plan, Priority, Source
from risk.models import ConcernCase
from risk.services.concern import concern_case_open
from schools.models import School
from tests.conftest import World

SCHOOLS = {"in": "s1", "out": "s3", "other": "sb"}


def opened_on() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=30)


def open_case(school: School, *, level: int = 1, by: object = None) -> ConcernCase:
    """The school's open case, opened now if it has none (the matrix builds its cases lazily)."""
    with scopes_disabled():
        case = ConcernCase.objects.filter(school=school, status="open").first()
        if case is not None:
            return case
        acting = by or _ceo_of(school)
        return concern_case_open(
            school=school,
            level=level,
            reason="Progress in reading has stalled for two terms.",
            opened_on=opened_on(),
            issues="Reading results have fallen for two years.",
            acting_user=acting,  # type: ignore[arg-type]
        )


def _ceo_of(school: School) -> object:
    from people.models import RoleAssignment

    row = RoleAssignment.objects.filter(trust_id=school.trust_id, role=Role.CEO).first()
    assert row is not None
    return row.person


def case_for(world: World, scope: str) -> ConcernCase:
    return open_case(getattr(world, SCHOOLS[scope]))


def concern_priority(world: World, school: School | None = None) -> Priority:
    """A priority of the school's (s1's) 2026/27 plan whose source is the concern case."""
    school = school or world.s1
    with scopes_disabled():
        plan, _ = Plan.objects.get_or_create(
            trust=school.trust, school=school, academic_year=world.year
        )
        return Priority.objects.create(
            trust=school.trust,
            plan=plan,
            number=plan.priorities.count() + 1,
            title="Rapid improvement in early reading",
            source=Source.CONCERN_CASE,
        )
