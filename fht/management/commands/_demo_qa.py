"""Demo QA data: a year and a half of data returns, statutory results and QA visits per school.

Figures are made up but plausible, and repeatable: each school's numbers come from a random
generator seeded with its URN, so every fresh demo looks the same. Idempotent: a school that already
has returns or visits is left alone.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from fht.models import Trust, User
from fht.roles import Role
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTIONS, ModerationActivity, Rag, SectionKey
from returns.measures import Measure
from returns.models import (
    AttainmentRow,
    DataReturn,
    NationalBenchmark,
    SchoolTarget,
    StatutoryResult,
)
from returns.snapshot import latest_return, school_data_snapshot
from schools.models import AcademicYear, HalfTerm, RoleAssignment, School

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

NOTES: dict[str, dict[str, str]] = {
    SectionKey.DATA_DISCUSSION: {
        Rag.GREEN: "Attendance and on-track figures are at or above national in every year group. "
        "Leaders know the few pupils at risk of falling behind by name and have a plan for each.",
        Rag.AMBER: "On-track figures are close to national in reading and maths but writing lags in "
        "Years 3 and 4. The head agreed to pull the writing data apart by group before the next visit.",
        Rag.RED: "On-track figures are well below national in all three subjects, and the gap for "
        "disadvantaged pupils has widened since the last return. Data is not yet used to target support.",
    },
    SectionKey.SELF_EVALUATION: {
        Rag.GREEN: "The self-evaluation is accurate and sharp; leaders grade the school good against "
        "the last inspection and the evidence seen today supports it.",
        Rag.AMBER: "The self-evaluation is broadly accurate but generous on curriculum and teaching; "
        "we agreed it should say more plainly where writing falls short.",
        Rag.RED: "The self-evaluation is over-generous: it does not yet reflect the weaknesses the "
        "last inspection identified. Rewriting it is an agreed next step.",
    },
    SectionKey.TEACHING: {
        Rag.GREEN: "Consistently strong teaching seen in all classes visited; clear modelling and "
        "well-chosen checks for understanding.",
        Rag.AMBER: "Teaching is mostly secure. In two lessons the adaptation for pupils with SEND was "
        "not yet effective, and questioning did not always check understanding.",
        Rag.RED: "Too much teaching seen was weak: tasks were not matched to what pupils know and "
        "behaviour drifted in three classes. Coaching for two teachers agreed with the head.",
    },
    SectionKey.ATTAINMENT_PROGRESS: {
        Rag.GREEN: "Strong outcomes across the phases; phonics above national for three years.",
        Rag.AMBER: "EYFS and phonics are in line with national; Key Stage 2 writing is the weak point.",
        Rag.RED: "Outcomes are low at every phase, with Key Stage 2 combined well below national.",
    },
    SectionKey.VULNERABLE_GROUPS: {
        Rag.GREEN: "Disadvantaged pupils do as well as their peers; the pupil premium strategy is "
        "evaluated termly.",
        Rag.AMBER: "A gap remains for disadvantaged pupils in writing; SEND provision maps are being "
        "updated by the new SENCo.",
        Rag.RED: "Disadvantaged pupils and pupils with SEND fall further behind; provision is not "
        "tracked and the SENCo has no release time.",
    },
    SectionKey.EXCLUSIONS: {
        Rag.GREEN: "No suspensions this half-term.",
        Rag.AMBER: "A small number of suspensions, all for one pupil now supported by an outreach "
        "placement.",
        Rag.RED: "Suspensions have risen sharply; records do not show what changed afterwards.",
    },
    SectionKey.BEHAVIOUR_ATTENDANCE: {
        Rag.GREEN: "Calm, purposeful school; attendance above national.",
        Rag.AMBER: "Behaviour is good in lessons; persistent absence is above national and the "
        "attendance lead has started weekly meetings with families.",
        Rag.RED: "Low-level disruption is common and persistent absence is high; the attendance "
        "policy is not applied consistently.",
    },
    SectionKey.TRANSITION: {
        Rag.GREEN: "Well-planned transition into Reception and on to secondary.",
        Rag.AMBER: "Transition to secondary is sound; the Nursery-Reception handover needs to share "
        "more about speech and language.",
        Rag.RED: "No planned transition work for pupils with SEND moving to secondary.",
    },
    SectionKey.IMPROVEMENT_PLAN: {
        Rag.GREEN: "ISAP priorities are on track; impact is judged with evidence, not activity.",
        Rag.AMBER: "ISAP actions are mostly on track; the writing priority is behind and its impact "
        "measures need sharpening.",
        Rag.RED: "The improvement plan lists activity rather than impact, and several ISAP actions "
        "are overdue.",
    },
    SectionKey.MODERATION: {
        Rag.GREEN: "Joint learning walk and book look confirm leaders' view of the curriculum.",
        Rag.AMBER: "Work sampling in Year 4 writing showed less progress than the data suggests.",
        Rag.RED: "Book look showed little completed work in foundation subjects; leaders' "
        "monitoring had not picked this up.",
    },
    SectionKey.STAFFING: {
        Rag.GREEN: "Stable staffing; one teacher on maternity leave from January, cover arranged.",
        Rag.AMBER: "Two teachers leave at Christmas; recruitment under way with the trust's HR team. "
        "One teacher is being supported through an informal plan.",
        Rag.RED: "High turnover: four leavers this year and a capability process started for one "
        "teacher. Wellbeing survey shows low morale.",
    },
    SectionKey.HEAD_PERFORMANCE: {
        Rag.GREEN: "Head's objectives on track.",
        Rag.AMBER: "Objective 2 (writing outcomes) at risk; discuss at the mid-year review.",
        Rag.RED: "Objectives 1 and 2 not being met; the CEO to be briefed before the risk meeting.",
    },
}
FREE_TEXT = {
    SectionKey.HEAD_CONCERNS: "Recruitment of a Year 6 teacher for January; the cost of agency cover.",
    SectionKey.STRENGTHS: "A calm culture, a well-sequenced reading curriculum and a committed "
    "staff team.",
    SectionKey.AREAS_FOR_DEVELOPMENT: "Writing in lower Key Stage 2; the use of assessment to adapt "
    "teaching for pupils with SEND.",
    SectionKey.NEXT_STEPS: "Head to share the writing action plan with the Director of QA by the "
    "end of the month. English lead to visit a partner school for moderation. Next visit: data "
    "review and a joint learning walk in Year 4.",
}


def _pct(rng: random.Random, centre: float, spread: float = 6.0) -> Decimal:
    return Decimal(str(round(min(100.0, max(0.0, rng.gauss(centre, spread))), 1)))


def _strength(school: School) -> float:
    """How well the school is doing, 0 (struggling) to 1 (strong), from its last inspection."""
    return {1: 0.95, 2: 0.7, 3: 0.35, 4: 0.15}.get(school.ofsted_grade or 0, 0.3)


def load_trust_qa(trust: Trust) -> None:
    """Benchmarks, returns, statutory results, targets and visits for every open school."""
    years = {y.starts_in: y for y in AcademicYear.objects.filter(trust=trust)}
    if not years:
        return
    _benchmarks(trust, years)
    directors = _directors(trust)
    for school in School.objects.filter(trust=trust, closed_on__isnull=True):
        if DataReturn.objects.filter(school=school).exists():
            continue
        with transaction.atomic():
            rng = random.Random(int(school.urn))  # noqa: S311 (demo figures, not secrets)
            _returns(school, years, rng)
            _statutory(school, years, rng)
            director = directors.get(school.cluster_id or 0)
            if director is not None:
                _visits(school, years, director, rng)


def _benchmarks(trust: Trust, years: dict[int, AcademicYear]) -> None:
    for year in years.values():
        for measure, value in NATIONAL.items():
            NationalBenchmark.objects.get_or_create(
                trust=trust, academic_year=year, measure=measure, defaults={"value": Decimal(value)}
            )


def _directors(trust: Trust) -> dict[int, User]:
    rows = RoleAssignment.objects.filter(
        trust=trust, role=Role.QA_DIRECTOR, ended_at__isnull=True, cluster__isnull=False
    ).select_related("person")
    return {r.cluster_id: r.person for r in rows if r.cluster_id is not None}


def _returns(school: School, years: dict[int, AcademicYear], rng: random.Random) -> None:
    strength = _strength(school)
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
    strength = _strength(school)
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


def _rag(rng: random.Random, strength: float) -> str:
    roll = rng.random()
    if roll < strength * 0.8:
        return Rag.GREEN
    if roll < 0.85 + strength * 0.1:
        return Rag.AMBER
    return Rag.RED


def _in_term(day: dt.date, terms: list[tuple[dt.date, dt.date]]) -> dt.date | None:
    """The day itself if it falls in a half-term, else the Tuesday after the next one starts."""
    for starts_on, ends_on in terms:
        if starts_on <= day <= ends_on:
            return day
        if day < starts_on:
            return starts_on + dt.timedelta(days=(1 - starts_on.weekday()) % 7)
    return None


def _visit_dates(
    rng: random.Random, today: dt.date, weeks: int, terms: list[tuple[dt.date, dt.date]]
) -> list[dt.date]:
    """Visits every `weeks` weeks from late September 2025, on school days, up to today."""
    day = dt.date(2025, 9, 22) + dt.timedelta(days=rng.randrange(0, 14))
    dates: list[dt.date] = []
    while day <= today - dt.timedelta(days=3):
        weekday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=rng.randrange(0, 5))
        in_term = _in_term(weekday, terms)
        if in_term is None or in_term > today - dt.timedelta(days=3):
            break
        dates.append(in_term)
        day = in_term + dt.timedelta(weeks=weeks, days=rng.randrange(-3, 4))
    return dates


def _year_of(years: dict[int, AcademicYear], day: dt.date) -> AcademicYear | None:
    return years.get(day.year if day.month >= 9 else day.year - 1)


def _visits(
    school: School, years: dict[int, AcademicYear], director: User, rng: random.Random
) -> None:
    today = timezone.localdate()
    strength = _strength(school)
    weeks = school.trust.visit_weeks_uncategorised
    terms = sorted(HalfTerm.objects.filter(trust=school.trust).values_list("starts_on", "ends_on"))
    dates = _visit_dates(rng, today, weeks, terms)
    # A few schools are overdue: their last visit was longer ago than the cadence.
    if rng.random() < 0.25 and len(dates) > 1:
        dates = dates[:-1]
    snapshots: dict[tuple[int | None, int], dict] = {}
    for day in dates:
        year = _year_of(years, day)
        if year is None:
            continue
        # The snapshot only changes with a new return or a new statutory year: build it once.
        latest = latest_return(school=school, as_of=day)
        key = (latest.pk if latest else None, day.year if day.month >= 9 else day.year - 1)
        if key not in snapshots:
            snapshots[key] = school_data_snapshot(school=school, as_of=day)
        snapshot = {**snapshots[key], "taken_on": day.isoformat()}
        _submitted_visit(school, year, director, day, strength, rng, snapshot)
    upcoming = _in_term(today + dt.timedelta(days=rng.randrange(3, 20)), terms)
    if upcoming is not None:
        upcoming -= dt.timedelta(days=max(0, upcoming.weekday() - 4))
    year = _year_of(years, upcoming) if upcoming else None
    if upcoming is not None and year is not None and rng.random() < 0.7:
        Visit.objects.create(
            trust=school.trust,
            school=school,
            academic_year=year,
            director=director,
            planned_for=upcoming,
            purpose="Half-termly support and challenge visit",
            created_by=director,
        )


def _submitted_visit(
    school: School,
    year: AcademicYear,
    director: User,
    day: dt.date,
    strength: float,
    rng: random.Random,
    snapshot: dict,
) -> None:
    submitted_at = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 30)))
    visit = Visit.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        director=director,
        planned_for=day,
        visited_on=day,
        purpose="Half-termly support and challenge visit",
        status=Visit.Status.SUBMITTED,
        snapshot=snapshot,
        submitted_at=submitted_at,
        submitted_by=director,
        version=1,
        created_by=director,
    )
    sections = []
    for section in SECTIONS:
        rag = _rag(rng, strength) if section.has_rag else ""
        notes = NOTES[section.key][rag] if section.has_rag else FREE_TEXT[section.key]
        activities = (
            rng.sample(list(ModerationActivity.values), k=2)
            if section.key == SectionKey.MODERATION
            else []
        )
        sections.append(
            VisitSection(
                trust=school.trust,
                visit=visit,
                key=section.key,
                rag=rag,
                notes=notes,
                activities=activities,
            )
        )
    bulk_create_with_history(sections, VisitSection)
