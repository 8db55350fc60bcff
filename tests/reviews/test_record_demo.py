"""The record part's demo builder: past reviews written, all but the latest shared (every third
acknowledged with its dates), no shared listener called, and a second run changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.roles import Role
from fht.tenancy import trust_scope
from reviews import hooks
from reviews.demo import record as demo
from reviews.models import AreaKey, AreaRecord, Review, TeamMember
from schools.models import AcademicYear
from tests.conftest import World
from tests.platform.world import build_full_world
from tests.reviews.world import add_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_full_world()


def _past_reviews(world: World) -> list[Review]:
    today = timezone.localdate()
    with scopes_disabled():
        year = AcademicYear.objects.create(trust=world.trust, starts_in=2025)
        lead, cpd, deputy = (
            world.person(Role.QA_DIRECTOR),
            world.person(Role.CPD_LEAD),
            world.person(Role.DEPUTY_CEO),
        )
        made = []
        for school, team, days_ago in (
            (world.s1, [lead, cpd], 90),
            (world.s2, [lead, cpd], 60),
            (world.s3, [deputy, cpd], 30),
        ):
            made.append(
                add_review(
                    school,
                    year,
                    team=[
                        (team[0], TeamMember.Capacity.LEAD, None),
                        (team[1], TeamMember.Capacity.SCHOOL_IMPROVEMENT, None),
                    ],
                    created_by=team[0],
                    starts_on=today - dt.timedelta(days=days_ago),
                )
            )
    return made


def _state() -> list[tuple[object, ...]]:
    with scopes_disabled():
        return [
            (r.pk, r.status, r.version, r.shared_at, r.strengths.count(), r.challenges.count())
            for r in Review.objects.order_by("pk")
        ] + [(Review.history.count(), AreaRecord.history.count())]


def test_the_demo_writes_past_reviews_and_shares_all_but_the_latest(world: World) -> None:
    s1, s2, s3 = _past_reviews(world)
    called: list[object] = []
    hooks.shared_listeners.register(
        hooks.SharedListener(key="demo-test", shared=lambda **kw: called.append(kw))
    )
    try:
        with trust_scope(world.trust.pk):
            demo.build(world.trust)
    finally:
        hooks.shared_listeners._entries.pop("demo-test")
    assert called == []  # no documents made while the demo loads
    with scopes_disabled():
        s1, s2, s3 = (Review.objects.get(pk=r.pk) for r in (s1, s2, s3))
        assert s1.status == Review.Status.ACKNOWLEDGED
        assert s1.shared_with_staff_on is not None and s1.shared_with_governors_on is not None
        assert s2.status == Review.Status.SHARED
        assert s3.status == Review.Status.DRAFT  # the latest: still being written
        for review in (s1, s2, s3):
            assert review.trust_impact
            assert 2 <= review.strengths.count() <= 3
            assert 2 <= review.challenges.count() <= 3
            assert not review.areas.filter(judgement="").exists()
            assert review.areas.get(key=AreaKey.STAFFING).notes.startswith("Restricted")
        assert s1.shared_at is not None and s1.shared_at.date() > s1.ends_on
        assert s1.checked_by != s1.sent_for_check_by
        judgements = set(AreaRecord.objects.values_list("judgement", flat=True))
        assert len(judgements) >= 4
        assert world.review is not None  # the world's future review is left alone
        assert Review.objects.get(pk=world.review.pk).status == Review.Status.DRAFT


def test_the_demo_is_idempotent(world: World) -> None:
    _past_reviews(world)
    with trust_scope(world.trust.pk):
        demo.build(world.trust)
        first = _state()
        demo.build(world.trust)
    assert _state() == first


def test_a_review_with_one_reviewer_is_still_shared(world: World) -> None:
    s1, s2, s3 = _past_reviews(world)
    with scopes_disabled():
        TeamMember.objects.filter(review=s2).exclude(capacity=TeamMember.Capacity.LEAD).delete()
    with trust_scope(world.trust.pk):
        demo.build(world.trust)
    with scopes_disabled():
        s2 = Review.objects.get(pk=s2.pk)
        assert s2.status == Review.Status.SHARED and s2.shared_at is not None
        drafts = Review.objects.filter(pk__in=[s1.pk, s2.pk, s3.pk], status="draft")
        assert list(drafts) == [Review.objects.get(pk=s3.pk)]
