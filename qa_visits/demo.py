"""The demo's QA visits: a year and a half of submitted visits per open school, and some planned.

Repeatable: each school's visits come from a random generator seeded with its URN. Idempotent: a
school that already has visits is left alone. Called by the demo app's `load_demo` (see demo/),
after the data returns, whose figures each visit's snapshot records.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from fht.models import Trust, User
from fht.rag import Rag
from fht.roles import Role
from people.models import RoleAssignment
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTIONS, ModerationActivity, SectionKey
from returns.demo import school_strength as _strength
from returns.snapshot import latest_return, school_data_snapshot
from schools.models import AcademicYear, HalfTerm, School

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


def load(trust: Trust) -> None:
    years = {y.starts_in: y for y in AcademicYear.objects.filter(trust=trust)}
    if not years:
        return
    directors = _directors(trust)
    for school in School.objects.filter(trust=trust, closed_on__isnull=True):
        director = directors.get(school.cluster_id or 0)
        if director is None or Visit.objects.filter(school=school).exists():
            continue
        with transaction.atomic():
            rng = random.Random(int(school.urn) + 1)  # noqa: S311 (demo figures, not secrets)
            _visits(school, years, director, rng)


def _directors(trust: Trust) -> dict[int, User]:
    rows = RoleAssignment.objects.filter(
        trust=trust, role=Role.QA_DIRECTOR, ended_at__isnull=True, cluster__isnull=False
    ).select_related("person")
    return {r.cluster_id: r.person for r in rows if r.cluster_id is not None}


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
