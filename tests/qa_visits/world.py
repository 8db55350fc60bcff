"""QA visits and data returns for the shared test world (see tests/conftest.py).

Each trust-A school in the matrix's scopes gets a return and a submitted visit: s1 ('in'), s3
('out'); trust B's sb ('other'). s1 also has a draft. The restricted sections hold marker text, so
a test can prove it never reaches a reader who may not see it.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from fht.models import User
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTIONS, ModerationActivity, Rag, SectionKey
from returns.measures import Measure
from returns.models import AttainmentRow, DataReturn, NationalBenchmark, SchoolTarget
from returns.snapshot import school_data_snapshot
from schools.models import AcademicYear, School

STAFFING_MARKER = "MARKER-STAFFING-Ms Example leaves at Christmas"
HEAD_PM_MARKER = "MARKER-HEAD-PM-Objective 2 not met"


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


def add_visit(
    school: School,
    year: AcademicYear,
    director: User,
    *,
    on: dt.date,
    submitted: bool = True,
) -> Visit:
    visit = Visit.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        director=director,
        planned_for=on,
        visited_on=on if submitted else None,
        purpose="Half-termly support and challenge",
        status=Visit.Status.SUBMITTED if submitted else Visit.Status.DRAFT,
        created_by=director,
    )
    sections = []
    for section in SECTIONS:
        notes = f"{section.title}: notes for {school.name}."
        if section.key == SectionKey.STAFFING:
            notes = STAFFING_MARKER
        elif section.key == SectionKey.HEAD_PERFORMANCE:
            notes = HEAD_PM_MARKER
        sections.append(
            VisitSection(
                trust=school.trust,
                visit=visit,
                key=section.key,
                rag=Rag.AMBER if section.has_rag else "",
                notes=notes if submitted else "",
                activities=[ModerationActivity.LEARNING_WALK]
                if section.key == SectionKey.MODERATION
                else [],
            )
        )
    bulk_create_with_history(sections, VisitSection)
    if submitted:
        visit.snapshot = school_data_snapshot(school=school, as_of=on)
        visit.submitted_at = timezone.now()
        visit.submitted_by = director
        visit.version = 1
        visit.save()
    return visit


def add_target(school: School, year: AcademicYear) -> None:
    SchoolTarget.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        measure=Measure.ATTENDANCE,
        value=Decimal("96.0"),
    )
