"""The library part of the demo: entries from the shared reviews' strengths and from two QA visits'
strengths, one challenge made a priority of its school's plan, and building again adds nothing."""

import pytest
from django_scopes import scopes_disabled

from fht.models import Trust
from fht.tenancy import trust_scope
from reviews.demo import library
from reviews.models import Challenge, PracticeEntry, Review, Strength

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            PracticeEntry.objects.count(),
            PracticeEntry.history.count(),
            Challenge.objects.filter(priority__isnull=False).count(),
        )


def test_the_library_demo(demo: None) -> None:
    with scopes_disabled():
        skylark = Trust.objects.get(slug="skylark")
        visits = PracticeEntry.objects.filter(trust=skylark, source=PracticeEntry.Source.VISIT)
        assert visits.count() == 2
        assert len({e.school_id for e in visits}) == 2
        assert all(e.contact is not None and e.visit is not None for e in visits)
    with scopes_disabled():
        shared = Review.objects.filter(
            trust=skylark, status__in=[Review.Status.SHARED, Review.Status.ACKNOWLEDGED]
        )
        assert shared.count() >= 5
        # Every strength of every shared review is in the library, once.
        strengths = Strength.objects.filter(review__in=shared)
        assert strengths.exists()
        entries = PracticeEntry.objects.filter(strength__in=strengths)
        assert entries.count() == strengths.count()
        # One challenge is on its school's plan, linked both ways.
        challenge = Challenge.objects.select_related("priority__plan").get(
            review__trust=skylark, priority__isnull=False
        )
        assert challenge.priority is not None
        assert challenge.priority.plan.school_id == challenge.review.school_id
        assert challenge.priority.source == "partnership_review"
    before = _counts()
    with scopes_disabled():
        trusts = list(Trust.objects.filter(slug__in=["skylark", "harbour"]))
    for trust in trusts:
        with trust_scope(trust.pk):
            library.build(trust)
    assert _counts() == before
