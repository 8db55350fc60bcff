"""The library part of the demo: entries from the shared reviews' strengths and from two QA visits'
strengths, one challenge made a priority of its school's plan, and building again adds nothing."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from fht.models import Trust
from fht.roles import Role
from fht.tenancy import trust_scope
from people.models import RoleAssignment
from reviews.demo import library
from reviews.models import AREAS, AreaKey, Challenge, PracticeEntry, Review, Strength, TeamMember
from schools.models import AcademicYear, School
from schools.years import academic_year_for

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            PracticeEntry.objects.count(),
            PracticeEntry.history.count(),
            Challenge.objects.filter(priority__isnull=False).count(),
        )


def _a_shared_review(trust: Trust) -> Review:
    """What the record part's demo leaves: a shared review with a strength and a challenge, at a
    school with this year's plan (the isap demo's)."""
    from django.utils import timezone

    today = timezone.localdate()
    year = academic_year_for(trust_id=trust.pk, on=today)
    assert isinstance(year, AcademicYear)
    school = School.objects.filter(trust=trust, isap_plans__academic_year=year).first()
    assert school is not None
    ceo = RoleAssignment.objects.get(trust=trust, role=Role.CEO).person
    review = Review.objects.create(
        trust=trust,
        school=school,
        academic_year=year,
        starts_on=today,
        ends_on=today,
        status=Review.Status.SHARED,
        shared_by=ceo,
        shared_at=timezone.now(),
    )
    TeamMember.objects.create(
        trust=trust, review=review, person=ceo, capacity=TeamMember.Capacity.LEAD
    )
    for area in AREAS:
        review.areas.create(
            trust=trust,
            key=area.key,
            judgement="met" if area.key == AreaKey.SAFEGUARDING else "strong",
        )
    Strength.objects.create(
        trust=trust, review=review, title="Maths talk in every lesson", theme=AreaKey.CURRICULUM
    )
    Challenge.objects.create(trust=trust, review=review, title="Writing in Key Stage 2")
    return review


def test_the_library_demo() -> None:
    call_command("load_demo", quiet_sign_ins=True)
    with scopes_disabled():
        skylark = Trust.objects.get(slug="skylark")
        visits = PracticeEntry.objects.filter(trust=skylark, source=PracticeEntry.Source.VISIT)
        assert visits.count() == 2
        assert len({e.school_id for e in visits}) == 2
        assert all(e.contact is not None and e.visit is not None for e in visits)
    with trust_scope(skylark.pk):
        review = _a_shared_review(skylark)
        library.build(skylark)
    with scopes_disabled():
        assert PracticeEntry.objects.filter(strength__review=review).count() == 1
        challenge = Challenge.objects.get(review=review)
        assert challenge.priority is not None
        assert challenge.priority.plan.school_id == review.school_id
    before = _counts()
    with scopes_disabled():
        trusts = list(Trust.objects.filter(slug__in=["skylark", "harbour"]))
    for trust in trusts:
        with trust_scope(trust.pk):
            library.build(trust)
    assert _counts() == before
