"""The demo's data returns: national benchmarks, a year and a half of returns, statutory results
and targets per open school of each demo trust.

Figures are made up but plausible, and repeatable: each school's numbers come from a random
generator seeded with its URN, so every fresh demo looks the same. Idempotent: a school that already
has returns is left alone. Called by the demo app's `load_demo` (see demo/).
"""

import random
from decimal import Decimal

from django.db import transaction

from fht.models import Trust
from returns.measures import Measure
from returns.models import (
    AttainmentRow,
    DataReturn,
    NationalBenchmark,
    SchoolTarget,
    StatutoryResult,
)
from schools.inspections import good_or_better, is_strong, last_judged_inspection
from schools.models import AcademicYear, HalfTerm, School

# National figures as a trust would enter them (England, state-funded primary, rounded).
NATIONAL = {
    Measure.ATTENDANCE: "94.9",
    Measure.PERSISTENT_ABSENCE: "15.3",
    Measure.ON_TRACK_READING: "75.0",
    Measure.ON_TRACK_WRITING: "72.0",
    Measure.ON_TRACK_MATHS: "74.0",
    Measure.ON_TRACK_COMBINED: "62.0",
    Measure.EYFS_GLD: "68.3",
    Measure.PHONICS_Y1: "80.0",
    Measure.KS2_RWM_EXPECTED: "62.0",
    Measure.KS2_RWM_HIGHER: "8.0",
}

# (academic year, half-term number) of each demo collection point.
COLLECTION_POINTS = [(2025, 2), (2025, 4), (2025, 6), (2026, 1)]


def _pct(rng: random.Random, centre: float, spread: float = 6.0) -> Decimal:
    return Decimal(str(round(min(100.0, max(0.0, rng.gauss(centre, spread))), 1)))


def school_strength(school: School) -> float:
    """How well the school is doing, 0 (struggling) to 1 (strong), from its last inspection that
    judged it. The later demo builders (visits, plans) draw their judgements from it too."""
    latest = last_judged_inspection(school.pk)
    if latest is None:
        return 0.3
    if latest.overall is not None:
        return {1: 0.95, 2: 0.7, 3: 0.35, 4: 0.15}[latest.overall]
    if good_or_better(latest):
        return 0.95 if is_strong(latest) else 0.7
    return 0.15 if latest.concern else 0.35


def load(trust: Trust) -> None:
    years = {y.starts_in: y for y in AcademicYear.objects.filter(trust=trust)}
    if not years:
        return
    _benchmarks(trust, years)
    for school in School.objects.filter(trust=trust, closed_on__isnull=True):
        if DataReturn.objects.filter(school=school).exists():
            continue
        with transaction.atomic():
            rng = random.Random(int(school.urn))  # noqa: S311 (demo figures, not secrets)
            _returns(school, years, rng)
            _statutory(school, years, rng)


def _benchmarks(trust: Trust, years: dict[int, AcademicYear]) -> None:
    for year in years.values():
        for measure, value in NATIONAL.items():
            NationalBenchmark.objects.get_or_create(
                trust=trust, academic_year=year, measure=measure, defaults={"value": Decimal(value)}
            )


def _returns(school: School, years: dict[int, AcademicYear], rng: random.Random) -> None:
    strength = school_strength(school)
    per_year = max(8, (school.pupils_on_roll or 210) // 7)
    for starts_in, number in COLLECTION_POINTS:
        if starts_in not in years:
            continue
        half_term = HalfTerm.objects.get(academic_year=years[starts_in], number=number)
        data_return = DataReturn.objects.create(
            trust=school.trust,
            school=school,
            half_term=half_term,
            attendance=_pct(rng, 93.0 + 3.0 * strength, 0.8),
            persistent_absence=_pct(rng, 24.0 - 12.0 * strength, 2.0),
            suspensions=max(0, round(rng.gauss(4 * (1 - strength), 1.5))),
            permanent_exclusions=1 if strength < 0.3 and number == 4 else 0,
        )
        rows = []
        for year_group in range(0, 7):
            base = 50 + 35 * strength + rng.gauss(0, 4)
            groups = {
                AttainmentRow.PupilGroup.ALL: (per_year, 0.0),
                AttainmentRow.PupilGroup.DISADVANTAGED: (max(3, per_year // 4), -14.0),
                AttainmentRow.PupilGroup.SEND: (max(2, per_year // 7), -30.0),
                AttainmentRow.PupilGroup.EAL: (max(1, per_year // 10), -5.0),
            }
            if rng.random() < 0.3:
                groups[AttainmentRow.PupilGroup.CLA] = (1, -20.0)
            for group, (pupils, offset) in groups.items():
                reading = _pct(rng, base + offset + 3)
                writing = _pct(rng, base + offset - 6)
                maths = _pct(rng, base + offset)
                combined = min(reading, writing, maths) - _pct(rng, 8, 3)
                rows.append(
                    AttainmentRow(
                        trust=school.trust,
                        data_return=data_return,
                        year_group=year_group,
                        pupil_group=group,
                        pupils=pupils,
                        reading=reading,
                        writing=writing,
                        maths=maths,
                        combined=max(Decimal("0.0"), combined),
                    )
                )
        AttainmentRow.objects.bulk_create(rows)
    for year in years.values():
        for measure, value in (
            (Measure.ATTENDANCE, "96.0"),
            (Measure.PERSISTENT_ABSENCE, "12.0"),
            (Measure.KS2_RWM_EXPECTED, str(round(55 + 25 * strength))),
        ):
            SchoolTarget.objects.get_or_create(
                trust=school.trust,
                school=school,
                academic_year=year,
                measure=measure,
                defaults={"value": Decimal(value)},
            )


def _statutory(school: School, years: dict[int, AcademicYear], rng: random.Random) -> None:
    year = years.get(2025)
    if year is None:
        return
    strength = school_strength(school)
    cohort = max(8, (school.pupils_on_roll or 210) // 7)
    for measure, centre, spread in (
        (Measure.EYFS_GLD, 55 + 25 * strength, 5.0),
        (Measure.PHONICS_Y1, 68 + 20 * strength, 5.0),
        (Measure.KS2_RWM_EXPECTED, 45 + 30 * strength, 5.0),
        (Measure.KS2_RWM_HIGHER, 3 + 9 * strength, 1.5),
    ):
        StatutoryResult.objects.create(
            trust=school.trust,
            school=school,
            academic_year=year,
            measure=measure,
            value=_pct(rng, centre, spread),
            cohort=cohort,
        )
    # KS2 progress is not published for 2025/26: those pupils had no Key Stage 1 assessments.
    for measure in (
        Measure.KS2_READING_PROGRESS,
        Measure.KS2_WRITING_PROGRESS,
        Measure.KS2_MATHS_PROGRESS,
    ):
        StatutoryResult.objects.create(
            trust=school.trust,
            school=school,
            academic_year=year,
            measure=measure,
            value=None,
            cohort=cohort,
            not_published="Not published: no Key Stage 1 baseline",
        )
