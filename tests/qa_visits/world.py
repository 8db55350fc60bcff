"""QA visits for the test world (tests/conftest.py), on top of its data returns
(tests/returns/world.py).

Each school in the matrix's scopes gets a submitted visit: s1 ('in'), s3 ('out'); trust B's sb
('other'). s1 also has a draft. The restricted sections hold marker text, so a test can prove it
never reaches a reader who may not see it. Added by tests/qa_visits/conftest.py.
"""

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled
from simple_history.utils import bulk_create_with_history

from fht.models import User
from fht.rag import Rag
from fht.roles import Role
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTIONS, ModerationActivity, SectionKey
from returns.snapshot import school_data_snapshot
from schools.models import AcademicYear, School
from tests.conftest import World

STAFFING_MARKER = "MARKER-STAFFING-Ms Example leaves at Christmas"
HEAD_PM_MARKER = "MARKER-HEAD-PM-Objective 2 not met"


def add_visits(world: World) -> World:
    """The world's visits (world.visit, draft_visit, out_visit, other_visit); its returns first."""
    assert world.year and world.other_year and world.other_ceo and world.data_return
    director = world.person(Role.QA_DIRECTOR)
    on = dt.date(2026, 10, 6)
    with scopes_disabled():
        world.visit = add_visit(world.s1, world.year, director, on=on)
        world.draft_visit = add_visit(
            world.s1, world.year, director, on=dt.date(2026, 11, 17), submitted=False
        )
        world.out_visit = add_visit(world.s3, world.year, world.person(Role.CEO), on=on)
        world.other_visit = add_visit(world.sb, world.other_year, world.other_ceo, on=on)
    return world


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
