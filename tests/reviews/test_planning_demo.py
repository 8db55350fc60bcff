"""The planning demo on the test world (s1 and s2 in c1, whose Director of QA leads; s3 in c2, with
no director): this year's review for all but the last school, with a sensible team and a two-day
schedule; last year's for the first three; running it again changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.roles import Role
from fht.tenancy import trust_scope
from reviews.demo.planning import build
from reviews.models import Activity, Review, TeamMember
from schools.models import AcademicYear
from schools.services import academic_year_create
from schools.years import academic_year_for
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return tuple(m.objects.count() for m in (Review, TeamMember, Activity))


def test_the_demo_plans_reviews_once(world: World) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        year = academic_year_for(trust_id=world.trust.pk, on=today)
        if year is None:
            start = today.year if today.month >= 9 else today.year - 1
            year = academic_year_create(trust=world.trust, starts_in=start, acting_user=None)
        if not AcademicYear.objects.filter(
            trust=world.trust, starts_in=year.starts_in - 1
        ).exists():
            academic_year_create(trust=world.trust, starts_in=year.starts_in - 1, acting_user=None)
    with trust_scope(world.trust.pk):
        build(world.trust)
        first = _counts()
        build(world.trust)
    assert _counts() == first
    with scopes_disabled():
        this_year = {r.school: r for r in Review.objects.filter(academic_year=year)}
        assert set(this_year) == {world.s1, world.s2}  # Cedar Primary, the last, is left without
        last_year = Review.objects.filter(academic_year__starts_in=year.starts_in - 1)
        assert {r.school for r in last_year} == {world.s1, world.s2, world.s3}
        review = this_year[world.s1]
        assert review.ends_on == review.starts_on + dt.timedelta(days=1)
        assert review.starts_on.weekday() == 1 and review.status == Review.Status.DRAFT
        team = {m.capacity: m for m in review.team.all()}
        assert team[TeamMember.Capacity.LEAD].person == world.person(Role.QA_DIRECTOR)
        assert team[TeamMember.Capacity.SCHOOL_IMPROVEMENT].person == world.person(Role.CPD_LEAD)
        assert team[TeamMember.Capacity.BUSINESS].person == world.person(Role.TRUST_ADMIN)
        peer = team[TeamMember.Capacity.PEER_HEAD]
        own = {world.person(Role.HEAD_TEACHER), world.person(Role.EXECUTIVE_HEAD)}
        assert peer.person not in own and peer.from_school != world.s1
        days = {a.day for a in review.activities.all()}
        assert days == {review.starts_on, review.ends_on} and review.activities.count() == 9
        s3 = last_year.get(school=world.s3)
        assert s3.team.get(capacity=TeamMember.Capacity.LEAD).person == world.person(Role.CEO)
    assert first == (5, 5 * 4, 5 * 9)
