"""The schedule of a review's days: add, change and remove rows, all saved at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fht.decorators import trust_member_required
from fht.forms import posted
from fht.types import AuthenticatedRequest
from reviews.forms.planning import ScheduleFormSet
from reviews.selectors import planning as selectors
from reviews.selectors.access import access_review, review_url
from reviews.services import planning as services

NEW_ROWS = 3


@trust_member_required
def schedule(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """The schedule (those who plan the review, until it is shared)."""
    review = access_review(request.user, review_id, plan=True).review
    activities = selectors.review_activities(review=review)
    initial = [
        {
            "activity": a.pk,
            "day": a.day.isoformat(),
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
            "what": a.what,
            "who": a.who,
        }
        for a in activities
    ]
    formset = ScheduleFormSet(
        posted(request),
        initial=initial,
        days=selectors.review_days(review),
        activity_ids=[a.pk for a in activities],
        prefix="rows",
    )
    if not formset.is_bound:
        formset.extra = NEW_ROWS
    refused = ""
    if formset.is_bound and review.is_shared:
        refused = services.SHARED_MESSAGE
    elif formset.is_bound and formset.is_valid():
        try:
            services.review_schedule_save(
                review=review, rows=formset.rows(), acting_user=request.user
            )
        except ValidationError as error:
            refused = " ".join(error.messages)
        else:
            messages.success(request, "The schedule is saved.")
            return redirect("reviews:schedule", review_id=review.pk)
    context = {
        "formset": formset,
        "review": review,
        "school": review.school,
        "refused": refused,
        "review_url": review_url(review.pk),
        "shared_message": services.SHARED_MESSAGE,
    }
    status = 400 if formset.is_bound else 200
    return render(request, "reviews/planning/schedule.html", context, status=status)
