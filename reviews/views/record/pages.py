"""The review's page and its history."""

from django.http import HttpResponse
from django.shortcuts import render

from fht.decorators import trust_member_required
from fht.types import AuthenticatedRequest
from reviews.hooks import panels_for_review
from reviews.models import Activity, Challenge, Review, Strength, TeamMember
from reviews.selectors import record as selectors
from reviews.selectors.access import ReviewAccess, access_review

Status = Review.Status


def actions_for(user_id: int, found: ReviewAccess) -> dict[str, bool]:
    """The workflow's buttons the person may press now."""
    review = found.review
    status = review.status
    return {
        "edit": found.writes and status == Status.DRAFT,
        "send_for_check": found.on_team and status == Status.DRAFT,
        "check": found.on_team
        and status == Status.CHECKING
        and review.sent_for_check_by_id != user_id,
        "send_back": found.on_team and status == Status.CHECKING,
        "share": found.plans and status == Status.CHECKED,
        "acknowledge": found.acknowledges and status == Status.SHARED,
        "shared_with": found.acknowledges,
    }


def detail_context(request: AuthenticatedRequest, found: ReviewAccess) -> dict[str, object]:
    review = (
        Review.objects.select_related(
            "school",
            "academic_year",
            "sent_for_check_by",
            "checked_by",
            "shared_by",
            "acknowledged_by",
        )
        .filter(pk=found.review.pk)
        .get()
    )
    actions = actions_for(request.user.pk, found)
    return {
        "review": review,
        "found": found,
        "status_label": review.get_status_display(),
        "next_step": selectors.NEXT_STEP.get(Status(review.status), ""),
        "team": TeamMember.objects.filter(review=review).select_related("person", "from_school"),
        "activities": Activity.objects.filter(review=review),
        "areas": selectors.area_rows(review, reads_restricted=found.reads_restricted),
        "early_years": selectors.has_early_years(review.school),
        "strengths": [
            (s, selectors.theme_label(s.theme))
            for s in Strength.objects.filter(review=review).select_related("contact")
        ],
        "challenges": Challenge.objects.filter(review=review),
        "actions": actions,
        "missing": (
            selectors.missing_for_check(review)
            if actions["send_for_check"] or actions["edit"]
            else []
        ),
        "send_back_note": selectors.send_back_note(review),
        "panels": panels_for_review(request.user, found),
    }


@trust_member_required
def review_detail(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    found = access_review(request.user, review_id)
    return render(request, "reviews/detail.html", detail_context(request, found))


@trust_member_required
def review_history(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    found = access_review(request.user, review_id)
    lines = selectors.review_history(found.review, reads_restricted=found.reads_restricted)
    return render(
        request,
        "reviews/history.html",
        {"review": found.review, "lines": lines, "found": found},
    )
