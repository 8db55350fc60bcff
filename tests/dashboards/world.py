"""The dashboards' test world: the shared world (tests/conftest.py) with figures whose trust totals
are worked out by hand in tests/dashboards/test_measures.py.

Trust A's open schools: s1 Alder (200 on roll), s2 Birch (100), s3 Cedar (300); as of 7 December
2026. Autumn 1 2026/27 returns at s1 and s2 only; statutory results for 2025/26; national figures
and trust targets for both years.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, transaction
from django_scopes import scopes_disabled

from dashboards.models import TrustTarget
from fht.models import User
from fht.rag import Rag
from fht.roles import Role
from isap.models import Action, Plan, Priority
from qa_visits.models import Visit
from returns.models import AttainmentRow, DataReturn, NationalBenchmark, StatutoryResult
from schools.models import AcademicYear, School
from schools.services.years import academic_year_create
from tests.conftest import World, build_world

AS_OF = dt.date(2026, 12, 7)
ALL, DIS = AttainmentRow.PupilGroup.ALL, AttainmentRow.PupilGroup.DISADVANTAGED


def add_return(
    school: School,
    year: AcademicYear,
    attendance: str,
    absence: str,
    rows: list[tuple[int, str, int, str]],
) -> DataReturn:
    """A half-term 1 return with attainment rows (year group, pupil group, pupils, combined)."""
    data_return = DataReturn.objects.create(
        trust=school.trust,
        school=school,
        half_term=year.half_terms.get(number=1),
        attendance=Decimal(attendance),
        persistent_absence=Decimal(absence),
        suspensions=0,
        permanent_exclusions=0,
    )
    AttainmentRow.objects.bulk_create(
        AttainmentRow(
            trust=school.trust,
            data_return=data_return,
            year_group=year_group,
            pupil_group=group,
            pupils=pupils,
            combined=Decimal(combined),
        )
        for year_group, group, pupils, combined in rows
    )
    return data_return


def add_result(
    school: School,
    year: AcademicYear,
    measure: str,
    value: str | None,
    cohort: int | None,
    why: str = "",
) -> StatutoryResult:
    return StatutoryResult.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        measure=measure,
        value=None if value is None else Decimal(value),
        cohort=cohort,
        not_published=why,
    )


def add_visit_and_plan(school: School, year: AcademicYear, director: User) -> None:
    """A QA visit submitted on 20 September (overdue by 7 December at any cadence) and a plan with
    one open action rated red, due on 1 October (overdue), one green action not yet due."""
    Visit.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        director=director,
        planned_for=dt.date(2026, 9, 20),
        visited_on=dt.date(2026, 9, 20),
        status=Visit.Status.SUBMITTED,
    )
    plan = Plan.objects.create(trust=school.trust, school=school, academic_year=year)
    priority = Priority.objects.create(
        trust=school.trust, plan=plan, title="Reading", source="qa_visit", number=1
    )
    for rag, due in ((Rag.RED, dt.date(2026, 10, 1)), (Rag.GREEN, dt.date(2027, 3, 1))):
        Action.objects.create(
            trust=school.trust,
            priority=priority,
            what="Phonics training",
            owner_role="English lead",
            starts_on=dt.date(2026, 9, 1),
            due_on=due,
            rag=rag,
        )


def add_figures(world: World) -> World:
    assert world.year is not None
    with scopes_disabled():
        last_year = academic_year_create(trust=world.trust, starts_in=2025, acting_user=None)
        for school, roll in ((world.s1, 200), (world.s2, 100), (world.s3, 300)):
            school.pupils_on_roll = roll
            school.save()
        add_return(
            world.s1,
            world.year,
            "95.0",
            "10.0",
            [(6, ALL, 30, "60.0"), (5, ALL, 20, "70.0"), (6, DIS, 10, "40.0"), (5, DIS, 5, "52.0")],
        )
        add_return(
            world.s2, world.year, "92.0", "20.0", [(6, ALL, 10, "50.0"), (6, DIS, 10, "35.0")]
        )
        add_result(world.s1, last_year, "ks2_rwm_expected", "60.0", 30)
        add_result(world.s2, last_year, "ks2_rwm_expected", "80.0", 10)
        add_result(world.s3, last_year, "ks2_rwm_expected", None, 4, "SUPP")
        add_result(world.s1, last_year, "eyfs_gld", "70.0", 30)
        add_result(world.s2, last_year, "eyfs_gld", "50.0", None)
        add_visit_and_plan(world.s1, world.year, world.person(Role.QA_DIRECTOR))
        # Trust B's figures, which trust A's dashboard must never count.
        assert world.other_year is not None
        add_return(world.sb, world.other_year, "50.0", "50.0", [(6, ALL, 100, "10.0")])
        for year, measure, value in (
            (world.year, "attendance", "94.5"),
            (last_year, "ks2_rwm_expected", "61.0"),
        ):
            NationalBenchmark.objects.create(
                trust=world.trust, academic_year=year, measure=measure, value=Decimal(value)
            )
        for year, measure, value in (
            (world.year, "attendance", "96.0"),
            (world.year, "persistent_absence", "12.0"),
            (last_year, "ks2_rwm_expected", "65.0"),
        ):
            TrustTarget.objects.create(
                trust=world.trust, academic_year=year, measure=measure, value=Decimal(value)
            )
    return world


@contextmanager
def rolled_back() -> Iterator[None]:
    """A module's world, built once inside a transaction rolled back at the end (as Django's
    TestCase.setUpTestData does)."""
    atomic = transaction.atomic()
    atomic._from_testcase = True  # type: ignore[attr-defined]
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        connection.close()


def figures_world() -> World:
    return add_figures(build_world())
