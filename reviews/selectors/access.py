"""The one road from an id to a review: found in the person's trust (another trust's id is a 404,
as is a review the person may not reach in their own), with what they may do with it."""

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from fht.access import access_for
from fht.models import User
from reviews import access as rules
from reviews.models import Review, TeamMember


@dataclass(frozen=True)
class ReviewAccess:
    """What one person may do with one review."""

    review: Review
    on_team: bool
    plans: bool
    reads_restricted: bool
    acknowledges: bool

    @property
    def writes(self) -> bool:
        """Writes the record and findings (the team, and those who plan the review), until it is
        shared: after that, only through the history-keeping amendments of those who plan it."""
        return self.on_team or self.plans


def is_on_team(review: Review, user: User) -> bool:
    return TeamMember.objects.filter(review=review, person=user).exists()


def review_access(user: User, review_id: int) -> ReviewAccess:
    """The review and what the person may do with it; 404 if they may not read it at all.

    Before sharing, only the team and those who plan it read it; once shared, also whoever reads
    the school's improvement work (its head and governors among them)."""
    access = access_for(user)
    review = (
        Review.objects.select_related("school", "academic_year", "school__cluster")
        .filter(pk=review_id)  # the request's trust scope: another trust's id finds nothing
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    school_id = review.school_id
    plans = rules.plans_reviews(access, school_id)
    on_team = is_on_team(review, user)
    if not (plans or on_team or (review.is_shared and rules.reads_shared(access, school_id))):
        raise Http404("No such review.")
    return ReviewAccess(
        review=review,
        on_team=on_team,
        plans=plans,
        # A peer head on the team reads the whole record they helped write.
        reads_restricted=on_team or rules.reads_restricted(access, school_id),
        acknowledges=review.is_shared and rules.acknowledges(access, school_id),
    )


def access_review(
    user: User, review_id: int, *, write: bool = False, plan: bool = False
) -> ReviewAccess:
    """As `review_access`, and a 404 unless the person may also write (`write`) or plan (`plan`)."""
    found = review_access(user, review_id)
    if (plan and not found.plans) or (write and not found.writes):
        raise Http404("No such review.")
    return found


def review_url(review_id: int) -> str:
    """The review's page."""
    return reverse("reviews:detail", args=[review_id])
