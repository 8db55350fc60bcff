"""Data returns for the test world (tests/conftest.py): national benchmarks for both trusts' years,
an attendance target at s1, and a half-term 1 return at s1 ('in'), s3 ('out') and trust B's sb
('other'), each with attainment rows for every year group.

Added by tests/returns/conftest.py to the world its tests get; QA visits and action plans build on
it (their snapshots read the returns).
"""

from decimal import Decimal

from django_scopes import scopes_disabled

from fht.models import ImportRecord, User
from fht.roles import Role
from returns.imports import BENCHMARKS
from returns.measures import Measure
from returns.models import AttainmentRow, DataReturn, NationalBenchmark, SchoolTarget
from schools.models import AcademicYear, School
from tests.conftest import World


def add_returns(world: World) -> World:
    """The world's benchmarks, s1's target and the three returns (world.data_return, out_return,
    other_return)."""
    assert world.year and world.other_year and world.south_head and world.other_head
    with scopes_disabled():
        add_benchmarks(world.year)
        add_benchmarks(world.other_year)
        add_target(world.s1, world.year)
        world.data_return = add_return(world.s1, world.year, world.person(Role.HEAD_TEACHER))
        world.out_return = add_return(world.s3, world.year, world.south_head)
        world.other_return = add_return(world.sb, world.other_year, world.other_head)
        world.__dict__["import_records"] = add_import_records(world)
    return world


def add_import_records(world: World) -> dict[str, ImportRecord]:
    """An import of national figures still being checked (so confirming or cancelling it changes
    nothing): the CEO's own ('in'), the deputy's ('out': an import is followed by whoever uploaded
    it) and one of trust B ('other')."""
    assert world.year and world.other_year and world.other_head
    owners = {
        "in": (world.year, world.person(Role.CEO)),
        "out": (world.year, world.person(Role.DEPUTY_CEO)),
        "other": (world.other_year, world.other_head),
    }
    return {
        scope: ImportRecord.objects.create(
            trust=year.trust,
            kind=BENCHMARKS,
            file_name="national.csv",
            size=10,
            sha256="0" * 64,
            options={"academic_year": year.pk},
            uploaded_by=by,
        )
        for scope, (year, by) in owners.items()
    }


def add_return(school: School, year: AcademicYear, by: User | None) -> DataReturn:
    half_term = year.half_terms.get(number=1)
    data_return = DataReturn.objects.create(
        trust=school.trust,
        school=school,
        half_term=half_term,
        attendance=Decimal("95.2"),
        persistent_absence=Decimal("14.1"),
        suspensions=3,
        permanent_exclusions=0,
        entered_by=by,
    )
    rows = []
    for year_group in range(1, 7):
        rows.append(
            AttainmentRow(
                trust=school.trust,
                data_return=data_return,
                year_group=year_group,
                pupil_group=AttainmentRow.PupilGroup.ALL,
                pupils=30,
                reading=Decimal("78.0"),
                writing=Decimal("70.0"),
                maths=Decimal("75.0"),
                combined=Decimal("64.0"),
            )
        )
        rows.append(
            AttainmentRow(
                trust=school.trust,
                data_return=data_return,
                year_group=year_group,
                pupil_group=AttainmentRow.PupilGroup.DISADVANTAGED,
                pupils=9,
                reading=Decimal("66.7"),
                writing=Decimal("55.6"),
                maths=Decimal("66.7"),
                combined=Decimal("44.4"),
            )
        )
    AttainmentRow.objects.bulk_create(rows)  # fixtures: no history rows needed
    return data_return


def add_benchmarks(year: AcademicYear) -> None:
    for measure, value in (
        (Measure.ATTENDANCE, "94.5"),
        (Measure.PERSISTENT_ABSENCE, "16.0"),
        (Measure.ON_TRACK_READING, "74.0"),
        (Measure.ON_TRACK_WRITING, "72.0"),
        (Measure.ON_TRACK_MATHS, "73.0"),
        (Measure.ON_TRACK_COMBINED, "61.0"),
    ):
        NationalBenchmark.objects.create(
            trust=year.trust, academic_year=year, measure=measure, value=Decimal(value)
        )


def add_target(school: School, year: AcademicYear) -> None:
    SchoolTarget.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        measure=Measure.ATTENDANCE,
        value=Decimal("96.0"),
    )
