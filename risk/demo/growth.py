"""The growth part of the risk demo, run first: every open school's first category, and the
due-diligence records.

Every open school of a demo trust gets a first category dated before October 2025, so the
meetings that follow (risk/demo/meetings.py) start from it: two Skylark schools joined the trust
from a due-diligence record (their first category comes from it, source 'due diligence', dated
the day they joined); the others were categorised at the trust's summer 2025 risk review,
recorded on 1 September 2025 as decisions between meetings. One prospective school, Hollybrook
Primary School, is in due diligence now (proposed C, below good), for the golden rule's what-if.

Deterministic (the categories are written out below) and idempotent: a school that already has
a category decision is left alone, and a record that exists (by name) is not made again.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from fht.models import Trust, User
from fht.roles import Role
from people.models import RoleAssignment
from risk.demo.grades import demo_grade
from risk.models import CategoryDecision, DueDiligence, OfstedOutcome
from risk.services.categories import category_set
from schools.models import School

REVIEWED_ON = dt.date(2025, 9, 1)

# The first category of each demo school (by URN); a school not listed gets one from its legacy
# Ofsted grade.
FIRST_CATEGORIES: dict[str, str] = {
    "140412": "A",
    "142133": "B",
    "142167": "B",
    "144702": "B",
    "146815": "A",
    "142094": "A",
    "144689": "D",
    "145530": "C",
    "147206": "B",
    "148901": "B",
    "148431": "B",
    "149112": "B",
    "149587": "B",
    "150044": "B",
    "138877": "B",
    "139402": "A",
    "141566": "C",
}
BY_GRADE = {1: "A", 2: "B", 3: "C", 4: "D"}

REASONS = {
    "A": "Summer 2025 risk review: strong leadership with capacity to support other schools; "
    "outcomes above national for three years.",
    "B": "Summer 2025 risk review: good leadership and improving outcomes; some subjects and "
    "groups still below national.",
    "C": "Summer 2025 risk review: outcomes below national and leadership still building "
    "capacity; needs close support.",
    "D": "Summer 2025 risk review: serious weaknesses in outcomes and leadership; intensive "
    "support and an interim leadership plan.",
}


@dataclass(frozen=True)
class Record:
    urn: str
    name: str
    started_on: dt.date
    practice_observed: str
    previous_ofsted: str
    ofsted_outcome: str
    data_summary: str
    leadership_capacity: str
    proposed_category: str
    reason: str = ""


JOINED = [
    Record(
        urn="150873",
        name="Clay Cross Meadow Primary",
        started_on=dt.date(2023, 3, 6),
        practice_observed="Lessons well planned in upper Key Stage 2; phonics teaching "
        "inconsistent in Key Stage 1 and behaviour at lunchtime unsettled.",
        previous_ofsted="Predecessor school: requires improvement (2019 framework), March 2022.",
        ofsted_outcome=OfstedOutcome.BELOW_GOOD,
        data_summary="KS2 reading, writing and maths 44% against 59% nationally; Year 1 phonics "
        "68% against 79%.",
        leadership_capacity="Head in post for a year, committed; a small senior team with no "
        "English lead.",
        proposed_category="C",
        reason="Due diligence: outcomes well below national and leadership still building; "
        "four-weekly QA visits and an English lead practitioner from September.",
    ),
    Record(
        urn="151206",
        name="Whittington Moor Academy",
        started_on=dt.date(2025, 2, 3),
        practice_observed="Low expectations in most lessons seen; weak safeguarding records; "
        "attendance 89%.",
        previous_ofsted="Predecessor school: inadequate, special measures (2019 framework), "
        "November 2024.",
        ofsted_outcome=OfstedOutcome.BELOW_GOOD,
        data_summary="KS2 reading, writing and maths 31% against 61% nationally; persistent "
        "absence 27%.",
        leadership_capacity="Head left in December 2024; an interim executive head from the "
        "trust from September.",
        proposed_category="D",
        reason="Due diligence: special measures and no substantive leadership; interim "
        "executive head and intensive support from joining.",
    ),
]

PROSPECTIVE = Record(
    urn="152417",
    name="Hollybrook Primary School",
    started_on=dt.date(2026, 10, 5),
    practice_observed="Warm relationships and calm classrooms; teaching of reading "
    "inconsistent and little challenge for the most able in mathematics.",
    previous_ofsted="Report card, February 2026: needs attention in achievement and in "
    "curriculum and teaching; expected standard elsewhere; safeguarding met.",
    ofsted_outcome=OfstedOutcome.BELOW_GOOD,
    data_summary="KS2 reading, writing and maths 52% against 61% nationally; Year 1 phonics "
    "74% against 80%.",
    leadership_capacity="Experienced head, a new deputy from January; subject leadership thin "
    "in a one-form-entry school.",
    proposed_category="C",
)

PROSPECTIVE_BY_TRUST = {"skylark": [PROSPECTIVE]}
JOINED_BY_TRUST = {"skylark": JOINED}


def _ceo(trust: Trust) -> User | None:
    role = (
        RoleAssignment.objects.filter(trust=trust, role=Role.CEO, ended_at__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return role.person if role else None


def _record(trust: Trust, r: Record, by: User | None) -> DueDiligence:
    record, _ = DueDiligence.objects.get_or_create(
        trust=trust,
        name=r.name,
        defaults={
            "urn": r.urn,
            "started_on": r.started_on,
            "practice_observed": r.practice_observed,
            "previous_ofsted": r.previous_ofsted,
            "ofsted_outcome": r.ofsted_outcome,
            "data_summary": r.data_summary,
            "leadership_capacity": r.leadership_capacity,
            "proposed_category": r.proposed_category,
            "created_by": by,
        },
    )
    return record


def _first_category(school: School) -> str:
    return FIRST_CATEGORIES.get(school.urn) or BY_GRADE.get(demo_grade(school), "C")


def build(trust: Trust) -> None:
    with transaction.atomic():
        ceo = _ceo(trust)
        schools = {s.urn: s for s in School.objects.filter(trust=trust, closed_on__isnull=True)}
        decided = set(
            CategoryDecision.objects.filter(trust=trust).values_list("school_id", flat=True)
        )
        for r in JOINED_BY_TRUST.get(trust.slug, []):
            school = schools.get(r.urn)
            if school is None or school.pk in decided:
                continue
            record = _record(trust, r, ceo)
            record.school, record.status = school, DueDiligence.Status.JOINED
            record.save(update_fields=["school", "status"])
            category_set(
                school=school,
                category=r.proposed_category,
                decided_on=school.joined_trust_on or REVIEWED_ON,
                reason=r.reason,
                acting_user=ceo,
                source=CategoryDecision.Source.DUE_DILIGENCE,
                due_diligence=record,
            )
            decided.add(school.pk)
        for school in sorted(schools.values(), key=lambda s: s.urn):
            if school.pk in decided:
                continue
            category = _first_category(school)
            category_set(
                school=school,
                category=category,
                decided_on=REVIEWED_ON,
                reason=REASONS[category],
                acting_user=ceo,
                source=CategoryDecision.Source.OTHER,
            )
        for r in PROSPECTIVE_BY_TRUST.get(trust.slug, []):
            _record(trust, r, ceo)
