"""The library part's additions to the test world: an entry of the effective-practice library at
s1 ('in'), s3 ('out') and sb (the other trust), made the first time a test asks for it, and a
helper that shares a review the way the record part's service does (state, then the hook)."""

from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import User
from reviews.hooks import review_shared
from reviews.models import AreaKey, PracticeEntry, Review
from tests.conftest import World

SCHOOLS = {"in": "s1", "out": "s3", "other": "sb"}


def entry_for(world: World, scope: str) -> PracticeEntry:
    school = getattr(world, SCHOOLS[scope])
    with scopes_disabled():
        entry = PracticeEntry.objects.filter(school=school).order_by("pk").first()
        if entry is None:
            entry = PracticeEntry.objects.create(
                trust=school.trust,
                school=school,
                theme=AreaKey.ATTENDANCE,
                title=f"Attendance mentors at {school.name}",
                description="Older pupils greet and mentor those often absent.",
                source=PracticeEntry.Source.VISIT,
            )
    return entry


def share(review: Review, by: User) -> Review:
    """Move the review to 'shared' and call the sharing hook, as review_share does."""
    with scopes_disabled():
        review.status = Review.Status.SHARED
        review.shared_by = by
        review.shared_at = timezone.now()
        review.save()
        review_shared(review=review, acting_user=by)
    return review
