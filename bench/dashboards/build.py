"""The benchmark's trust: 120 schools in ten clusters with three academic years of history, made
with bulk inserts (no history rows, no signals), repeatable from a fixed seed.

Each school has: a graded inspection (and a report card for a fifth of them); a data return with
attainment rows at every half-term that has ended; statutory results and targets for each finished
year; a QA visit each half-term (submitted, with every section judged); an action plan each year
with four priorities, a target and five actions each; a category agreed at each half-term's risk
meeting (an item per school, and a category decision when it changed); a partnership review each
year with its areas judged. The people who sign in (a trustee, the CEO, a Director of QA of the
first cluster, a governor and a head of its first school) hold their roles through the real
service, so their permissions are derived as in production.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import Trust, User
from fht.rag import Rag
from fht.roles import Role
from isap.models import Action, Plan, Priority, Source, Target
from people.services import role_assign
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTIONS
from returns.measures import Measure
from returns.models import (
    AttainmentRow,
    DataReturn,
    NationalBenchmark,
    SchoolTarget,
    StatutoryResult,
)
from reviews.models import AREAS, AreaKey, AreaRecord, Judgement, Review
from risk.models import CategoryDecision, Meeting, MeetingItem
from schools.categories import Category
from schools.models import AcademicYear, Cluster, HalfTerm, Inspection, School
from schools.ofsted import framework_on
from schools.services import academic_year_create

TRUST_SLUG = "bench-dashboards"
PASSWORD = "bench-dashboards-password"  # noqa: S105 (a local benchmark's sign-ins, never a real one)
SEED = 13

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
STATUTORY = {  # measure: (centre at strength 0, rise to strength 1, spread)
    Measure.EYFS_GLD: (55.0, 25.0, 5.0),
    Measure.PHONICS_Y1: (68.0, 20.0, 5.0),
    Measure.KS2_RWM_EXPECTED: (45.0, 30.0, 5.0),
    Measure.KS2_RWM_HIGHER: (3.0, 9.0, 1.5),
}


@dataclass
class Built:
    """What the runner needs of the built trust: ids to fill URLs, and who signs in."""

    trust_id: int
    cluster_id: int
    school_id: int  # the first school of the first cluster: the governor's and the head's
    plan_id: int  # that school's plan of the current year
    meeting_id: int  # the current half-term's risk meeting
    sign_ins: dict[str, str] = field(default_factory=dict)  # who -> email
    counts: dict[str, int] = field(default_factory=dict)


def _pct(rng: random.Random, centre: float, spread: float) -> Decimal:
    return Decimal(str(round(min(100.0, max(0.0, rng.gauss(centre, spread))), 1)))


def _category(strength: float) -> str:
    return "A" if strength > 0.75 else "B" if strength > 0.5 else "C" if strength > 0.25 else "D"


def built(trust: Trust) -> Built:
    """The ids of a trust built before (to run again without building)."""
    with scopes_disabled():
        cluster = Cluster.objects.filter(trust=trust).order_by("name").first()
        assert cluster is not None
        school = School.objects.filter(cluster=cluster).order_by("name").first()
        assert school is not None
        year = AcademicYear.objects.filter(trust=trust).order_by("-starts_in").first()
        plan = Plan.objects.get(school=school, academic_year=year)
        meeting = Meeting.objects.filter(trust=trust).order_by("-half_term__starts_on").first()
        assert meeting is not None
        return Built(
            trust_id=trust.pk,
            cluster_id=cluster.pk,
            school_id=school.pk,
            plan_id=plan.pk,
            meeting_id=meeting.pk,
            sign_ins=_sign_ins(school),
            counts=_counts(trust),
        )


def _sign_ins(school: School) -> dict[str, str]:
    return {
        "Trustee": "trustee@bench.example",
        "CEO": "ceo@bench.example",
        "Director of QA": "director@bench.example",
        "Governor": f"governor.{school.urn}@bench.example",
        "Head teacher": f"head.{school.urn}@bench.example",
    }


def _counts(trust: Trust) -> dict[str, int]:
    models: list[Any] = [
        School,
        DataReturn,
        AttainmentRow,
        StatutoryResult,
        Visit,
        VisitSection,
        Plan,
        Priority,
        Action,
        Meeting,
        MeetingItem,
        CategoryDecision,
        Review,
        AreaRecord,
        Inspection,
    ]
    return {m.__name__: m.objects.filter(trust=trust).count() for m in models}


def build(*, schools: int = 120, clusters: int = 10, years: int = 3, today: dt.date) -> Built:
    """Make the trust (the database must not hold it yet)."""
    rng = random.Random(SEED)  # noqa: S311 (made-up figures, not secrets)
    with scopes_disabled():  # the years' service opens its own (durable) transaction
        trust = Trust.objects.create(name="Benchmark Academies Trust", slug=TRUST_SLUG)
        first = today.year - 1 if today.month < 9 else today.year
        academic_years = [
            academic_year_create(trust=trust, starts_in=y, acting_user=None)
            for y in range(first - years + 1, first + 1)
        ]
    with scopes_disabled(), transaction.atomic():
        cluster_rows = Cluster.objects.bulk_create(
            Cluster(trust=trust, name=f"Cluster {n + 1:02d}", area="Benchmarkshire")
            for n in range(clusters)
        )
        drawn = [min(0.98, max(0.05, rng.betavariate(3, 2))) for _ in range(schools)]
        school_rows = []
        for n, strength in enumerate(drawn):
            school_rows.append(
                School(
                    trust=trust,
                    cluster=cluster_rows[n % clusters],
                    urn=f"{700000 + n}",
                    name=f"School {n + 1:03d} Primary Academy",
                    pupils_on_roll=rng.randrange(90, 630),
                    joined_trust_on=dt.date(2018 + n % 6, 9, 1),
                    category=_category(strength),
                )
            )
        all_schools = School.objects.bulk_create(school_rows)
        strengths = {school.pk: drawn[n] for n, school in enumerate(all_schools)}
        people = _people(trust, all_schools[0])
        half_terms = list(
            HalfTerm.objects.filter(trust=trust, starts_on__lte=today).order_by("starts_on")
        )
        ended = [h for h in half_terms if h.ends_on < today]
        _inspections(trust, all_schools, strengths, rng)
        _returns(trust, all_schools, strengths, ended, academic_years, today, rng)
        _visits(trust, all_schools, strengths, half_terms, people["director"], today, rng)
        _plans(trust, all_schools, strengths, academic_years, today, rng)
        _meetings(trust, all_schools, strengths, half_terms, people["ceo"], today, rng)
        _reviews(trust, all_schools, strengths, academic_years, today, rng)
    with scopes_disabled():
        _roles(people, all_schools[0], cluster_rows[0])
    return built(trust)


SIGN_INS = (
    ("trustee", "Trustee", Role.TRUSTEE, None),
    ("ceo", "CEO", Role.CEO, None),
    ("director", "Director of QA", Role.QA_DIRECTOR, "cluster"),
    ("governor", "Governor", Role.GOVERNOR, "school"),
    ("head", "Head teacher", Role.HEAD_TEACHER, "school"),
)


def _people(trust: Trust, school: School) -> dict[str, User]:
    password = make_password(PASSWORD)  # with the benchmark's hasher (bench/dashboards/settings.py)
    emails = _sign_ins(school)
    return {
        key: User.objects.create(
            trust=trust, email=emails[who], full_name=f"{who} (benchmark)", password=password
        )
        for key, who, _, _ in SIGN_INS
    }


def _roles(people: dict[str, User], school: School, cluster: Cluster) -> None:
    """Through the real service (its own durable transaction): permissions derived as in use."""
    for key, _, role, attached in SIGN_INS:
        where: dict[str, Any] = {}
        if attached == "cluster":
            where["cluster"] = cluster
        elif attached == "school":
            where["school"] = school
        role_assign(person=people[key], role=role, acting_user=None, **where)


def _inspections(
    trust: Trust, schools: list[School], strengths: dict[int, float], rng: random.Random
) -> None:
    rows = []
    for n, school in enumerate(schools):
        s = strengths[school.pk]
        day = dt.date(2021 + n % 3, 1 + n % 11, 10)
        rows.append(
            Inspection(
                trust=trust,
                school=school,
                inspected_on=day,
                inspection_type="graded",
                framework=framework_on(day),
                overall=1 if s > 0.85 else 2 if s > 0.45 else 3 if s > 0.2 else 4,
            )
        )
        if n % 5 == 0:
            day = dt.date(2026, 1 + n % 6, 14)
            area = 1 if s > 0.85 else 2 if s > 0.6 else 3 if s > 0.35 else 4
            rows.append(
                Inspection(
                    trust=trust,
                    school=school,
                    inspected_on=day,
                    inspection_type="report_card",
                    framework=framework_on(day),
                    area_inclusion=area,
                    area_curriculum_and_teaching=area,
                    area_achievement=min(5, area + rng.choice((0, 1))),
                    area_attendance_and_behaviour=area,
                    area_personal_development=area,
                    area_leadership_and_governance=area,
                    safeguarding_met=True,
                )
            )
    for row in rows:
        row.full_clean()  # the framework's rules, as an inspection entered by hand
    Inspection.objects.bulk_create(rows)


def _returns(
    trust: Trust,
    schools: list[School],
    strengths: dict[int, float],
    ended: list[HalfTerm],
    years: list[AcademicYear],
    today: dt.date,
    rng: random.Random,
) -> None:
    NationalBenchmark.objects.bulk_create(
        NationalBenchmark(trust=trust, academic_year=y, measure=m, value=Decimal(v))
        for y in years
        for m, v in NATIONAL.items()
    )
    returns = []
    for school in schools:
        s = strengths[school.pk]
        for h in ended:
            returns.append(
                DataReturn(
                    trust=trust,
                    school=school,
                    half_term=h,
                    attendance=_pct(rng, 93.0 + 3.0 * s, 0.8),
                    persistent_absence=_pct(rng, 24.0 - 12.0 * s, 2.0),
                    suspensions=max(0, round(rng.gauss(4 * (1 - s), 1.5))),
                    permanent_exclusions=0,
                )
            )
    DataReturn.objects.bulk_create(returns, batch_size=2000)
    rows = []
    for data_return in returns:
        s = strengths[data_return.school_id]
        per_year = max(8, (data_return.school.pupils_on_roll or 210) // 7)
        for year_group in range(0, 7):
            base = 50 + 35 * s + rng.gauss(0, 4)
            for group, pupils, offset in (
                (AttainmentRow.PupilGroup.ALL, per_year, 0.0),
                (AttainmentRow.PupilGroup.DISADVANTAGED, max(3, per_year // 4), -14.0),
            ):
                reading = _pct(rng, base + offset + 3, 6)
                writing = _pct(rng, base + offset - 6, 6)
                maths = _pct(rng, base + offset, 6)
                combined = max(Decimal(0), min(reading, writing, maths) - _pct(rng, 8, 3))
                rows.append(
                    AttainmentRow(
                        trust=trust,
                        data_return=data_return,
                        year_group=year_group,
                        pupil_group=group,
                        pupils=pupils,
                        reading=reading,
                        writing=writing,
                        maths=maths,
                        combined=combined,
                    )
                )
    AttainmentRow.objects.bulk_create(rows, batch_size=5000)
    results, targets = [], []
    for school in schools:
        s = strengths[school.pk]
        cohort = max(8, (school.pupils_on_roll or 210) // 7)
        for year in years:
            if dt.date(year.starts_in + 1, 7, 20) < today:  # the year's results are out
                for measure, (centre, rise, spread) in STATUTORY.items():
                    results.append(
                        StatutoryResult(
                            trust=trust,
                            school=school,
                            academic_year=year,
                            measure=measure,
                            value=_pct(rng, centre + rise * s, spread),
                            cohort=cohort,
                        )
                    )
            for measure, value in (
                (Measure.ATTENDANCE, "96.0"),
                (Measure.PERSISTENT_ABSENCE, "12.0"),
                (Measure.KS2_RWM_EXPECTED, str(round(55 + 25 * s))),
            ):
                targets.append(
                    SchoolTarget(
                        trust=trust,
                        school=school,
                        academic_year=year,
                        measure=measure,
                        value=Decimal(value),
                    )
                )
    StatutoryResult.objects.bulk_create(results, batch_size=2000)
    SchoolTarget.objects.bulk_create(targets, batch_size=2000)


def _rag(rng: random.Random, strength: float) -> str:
    roll = rng.random()
    return Rag.GREEN if roll < strength else Rag.AMBER if roll < strength + 0.3 else Rag.RED


def _visits(
    trust: Trust,
    schools: list[School],
    strengths: dict[int, float],
    half_terms: list[HalfTerm],
    director: User,
    today: dt.date,
    rng: random.Random,
) -> None:
    visits = []
    submitted_at = timezone.now()
    for school in schools:
        for h in half_terms:
            on = h.starts_on + dt.timedelta(days=14 + school.pk % 10)
            done = on < today
            visits.append(
                Visit(
                    trust=trust,
                    school=school,
                    academic_year_id=h.academic_year_id,
                    director=director,
                    planned_for=on,
                    visited_on=on if done else None,
                    purpose="Half-termly support and challenge",
                    status=Visit.Status.SUBMITTED if done else Visit.Status.PLANNED,
                    submitted_at=submitted_at if done else None,
                    submitted_by=director if done else None,
                    version=1 if done else 0,
                    created_by=director,
                )
            )
    Visit.objects.bulk_create(visits, batch_size=2000)
    sections = [
        VisitSection(
            trust=trust,
            visit=visit,
            key=section.key,
            rag=_rag(rng, strengths[visit.school_id]) if section.has_rag else "",
            notes=f"{section.title}: notes of the visit.",
        )
        for visit in visits
        if visit.status == Visit.Status.SUBMITTED
        for section in SECTIONS
    ]
    VisitSection.objects.bulk_create(sections, batch_size=5000)


def _plans(
    trust: Trust,
    schools: list[School],
    strengths: dict[int, float],
    years: list[AcademicYear],
    today: dt.date,
    rng: random.Random,
) -> None:
    plans = Plan.objects.bulk_create(
        Plan(trust=trust, school=school, academic_year=year) for year in years for school in schools
    )
    priorities = Priority.objects.bulk_create(
        (
            Priority(
                trust=trust,
                plan=plan,
                number=n,
                title=f"Priority {n}: raise standards in {topic}",
                source=rng.choice(list(Source.values)[:5]),
                status=Priority.Status.OPEN,
            )
            for plan in plans
            for n, topic in enumerate(("reading", "writing", "maths", "attendance"), start=1)
        ),
        batch_size=2000,
    )
    year_of = {y.pk: y for y in years}
    plan_of = {p.pk: p for p in plans}
    targets, actions = [], []
    for priority in priorities:
        plan = plan_of[priority.plan_id]
        year = year_of[plan.academic_year_id]
        s = strengths[plan.school_id]
        targets.append(
            Target(
                trust=trust,
                priority=priority,
                measure=Measure.KS2_RWM_EXPECTED,
                baseline=_pct(rng, 50 + 25 * s, 5),
                target=_pct(rng, 60 + 25 * s, 3),
                by_when=dt.date(year.starts_in + 1, 7, 20),
            )
        )
        for k in range(5):
            starts = dt.date(year.starts_in, 9, 8) + dt.timedelta(weeks=6 * k)
            due = starts + dt.timedelta(weeks=8)
            finished = due < today and rng.random() < 0.5 + 0.4 * s
            actions.append(
                Action(
                    trust=trust,
                    priority=priority,
                    what=f"Action {k + 1} of priority {priority.number}",
                    owner_role="Subject lead",
                    starts_on=starts,
                    due_on=due,
                    status=Action.Status.COMPLETED if finished else Action.Status.IN_PROGRESS,
                    rag=_rag(rng, s),
                )
            )
    Target.objects.bulk_create(targets, batch_size=2000)
    Action.objects.bulk_create(actions, batch_size=5000)


def _meetings(
    trust: Trust,
    schools: list[School],
    strengths: dict[int, float],
    half_terms: list[HalfTerm],
    ceo: User,
    today: dt.date,
    rng: random.Random,
) -> None:
    meetings = Meeting.objects.bulk_create(
        Meeting(
            trust=trust,
            half_term=h,
            held_on=h.starts_on + dt.timedelta(days=21) if h.ends_on < today else None,
            status=Meeting.Status.CLOSED if h.ends_on < today else Meeting.Status.OPEN,
            closed_at=timezone.now() if h.ends_on < today else None,
            closed_by=ceo if h.ends_on < today else None,
        )
        for h in half_terms
    )
    items, decisions = [], []
    current: dict[int, str] = {}
    for meeting, h in zip(meetings, half_terms, strict=True):
        closed = meeting.status == Meeting.Status.CLOSED
        for school in schools:
            before = current.get(school.pk, "")
            drift = rng.gauss(0, 0.12)
            agreed = _category(min(0.98, max(0.02, strengths[school.pk] + drift)))
            items.append(
                MeetingItem(
                    trust=trust,
                    meeting=meeting,
                    school=school,
                    proposed_category=agreed,
                    agreed_category=agreed if closed else "",
                    category_reason="Agreed on the evidence." if closed else "",
                    category_before=before,
                )
            )
            if closed and agreed != before:
                decisions.append(
                    CategoryDecision(
                        trust=trust,
                        school=school,
                        category=agreed,
                        previous_category=before or None,
                        decided_on=meeting.held_on or h.ends_on,
                        decided_by=ceo,
                        source=CategoryDecision.Source.MEETING,
                        meeting=meeting,
                        reason="Agreed at the risk meeting.",
                    )
                )
                current[school.pk] = agreed
    MeetingItem.objects.bulk_create(items, batch_size=5000)
    CategoryDecision.objects.bulk_create(decisions, batch_size=2000)
    for category in Category.values:  # each school's category: its latest decision
        ids = [pk for pk, c in current.items() if c == category]
        School.objects.filter(pk__in=ids).update(category=category)


def _reviews(
    trust: Trust,
    schools: list[School],
    strengths: dict[int, float],
    years: list[AcademicYear],
    today: dt.date,
    rng: random.Random,
) -> None:
    reviews = []
    for year in years:
        for n, school in enumerate(schools):
            starts = dt.date(year.starts_in, 10, 1) + dt.timedelta(days=(n * 2) % 200)
            shared = starts + dt.timedelta(days=20) < today
            reviews.append(
                Review(
                    trust=trust,
                    school=school,
                    academic_year=year,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=1),
                    status=Review.Status.SHARED if shared else Review.Status.DRAFT,
                    shared_at=timezone.now() if shared else None,
                    trust_impact="The trust's support has helped." if shared else "",
                )
            )
    Review.objects.bulk_create(reviews, batch_size=2000)
    grades = list(Judgement.values)
    AreaRecord.objects.bulk_create(
        (
            AreaRecord(
                trust=trust,
                review=review,
                key=area.key,
                judgement="met"
                if area.key == AreaKey.SAFEGUARDING
                else grades[
                    min(4, max(0, round((1 - strengths[review.school_id]) * 4 + rng.gauss(0, 0.5))))
                ],
                notes=f"Evidence on {area.label.lower()}.",
            )
            for review in reviews
            if review.status == Review.Status.SHARED
            for area in AREAS
        ),
        batch_size=5000,
    )
