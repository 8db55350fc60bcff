"""The partnership reviews of the test world (tests/conftest.py): a draft review in 2026/27 at s1
('in'), s3 ('out') and sb (the other trust).

- s1's team: the Director of QA of c1 leads, the CPD lead is on the school-improvement team, and
  the head of s3 (cluster c2) is the peer head. s1's own head is never on it.
- s3's team: the deputy CEO leads it (the Director of QA's c1 does not hold s3).
- sb's team: trust B's CEO.

Each area of s1's review has notes, the staffing notes restricted; it has a strength and a
challenge. Tests that need a later state (checked, shared, acknowledged) move a review there with
the services. Added by build_full_world (tests/platform/world.py) after the plans.
"""

import datetime as dt

from django.test import Client
from django_scopes import scopes_disabled

from fht.models import User
from reviews.models import AREAS, AreaKey, Challenge, Review, Strength, TeamMember
from schools.models import AcademicYear, School
from tests.conftest import World

RESTRICTED_WORDS = "Staffing restructure of the office team"


def add_reviews(world: World) -> World:
    assert world.year and world.other_year and world.other_ceo and world.south_head
    with scopes_disabled():
        lead = world.person("qa_director")
        world.review = add_review(
            world.s1,
            world.year,
            team=[
                (lead, TeamMember.Capacity.LEAD, None),
                (world.person("cpd_lead"), TeamMember.Capacity.SCHOOL_IMPROVEMENT, None),
                (world.south_head, TeamMember.Capacity.PEER_HEAD, world.s3),
            ],
            created_by=lead,
        )
        for area in AREAS:
            world.review.areas.create(
                trust=world.trust,
                key=area.key,
                judgement="met" if area.key == AreaKey.SAFEGUARDING else "expected",
                notes=RESTRICTED_WORDS if area.restricted else f"Notes on {area.label.lower()}.",
            )
        Strength.objects.create(
            trust=world.trust,
            review=world.review,
            title="Reading for pleasure across the school",
            detail="Every class reads a shared book each day.",
            theme=AreaKey.CURRICULUM,
            contact=world.person("head_teacher"),
        )
        Challenge.objects.create(
            trust=world.trust,
            review=world.review,
            title="Raise attendance of disadvantaged pupils",
            detail="Persistent absence is twice the national figure.",
        )
        deputy = world.person("deputy_ceo")
        world.out_review = add_review(
            world.s3,
            world.year,
            team=[(deputy, TeamMember.Capacity.LEAD, None)],
            created_by=deputy,
        )
        world.other_review = add_review(
            world.sb,
            world.other_year,
            team=[(world.other_ceo, TeamMember.Capacity.LEAD, None)],
            created_by=world.other_ceo,
        )
    return world


def add_review(
    school: School,
    year: AcademicYear,
    *,
    team: list[tuple[User, TeamMember.Capacity, School | None]],
    created_by: User,
    starts_on: dt.date = dt.date(2027, 3, 9),
) -> Review:
    review = Review.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=1),
        created_by=created_by,
    )
    for person, capacity, from_school in team:
        TeamMember.objects.create(
            trust=school.trust,
            review=review,
            person=person,
            capacity=capacity,
            from_school=from_school,
        )
    return review


def client_for(user: User | None) -> Client:
    """A test client signed in as this person."""
    assert user is not None
    client = Client()
    client.force_login(user)
    return client
