"""The workflow's steps, each a POST from the review's page: send for checking, check (or send
back), share, acknowledge; and the head's dates of sharing the key findings. A refused step shows
the review's page again with the reason (400, or 409 when the review moved on meanwhile)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fht.decorators import trust_member_required
from fht.forms import add_service_error, posted
from fht.types import AuthenticatedRequest
from reviews.forms.record import CheckForm, SharedWithForm, StepForm
from reviews.selectors.access import ReviewAccess, access_review
from reviews.services import record as services
from reviews.views.record.pages import detail_context


def _refused(
    request: AuthenticatedRequest, found: ReviewAccess, form: Any, error: ValidationError | None
) -> HttpResponse:
    if error is not None:
        add_service_error(form, error)
    context = {**detail_context(request, found), "step_form": form}
    status = 409 if isinstance(error, services.StaleReview) else 400
    return render(request, "reviews/detail.html", context, status=status)


def _step(
    request: AuthenticatedRequest,
    review_id: int,
    action: str,
    run: Callable[..., object],
    done: str,
) -> HttpResponse:
    found = access_review(request.user, review_id)
    if not _may_try(found, action):
        raise Http404("No such review.")
    form = StepForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, form, None)
    try:
        run(review=found.review, acting_user=request.user, version=form.cleaned_data["version"])
    except ValidationError as error:
        return _refused(request, found, form, error)
    messages.success(request, done)
    return redirect("reviews:detail", review_id=review_id)


def _may_try(found: ReviewAccess, action: str) -> bool:
    """Whoever may take a step at some point gets the page's answer (not a 404) when the review
    has moved past it: two people pressing at once see why the second press did nothing."""
    return {
        "send_for_check": found.on_team,
        "check": found.on_team,
        "share": found.plans,
        "acknowledge": found.acknowledges,
    }.get(action, False)


@require_POST
@trust_member_required
def send_for_check(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    return _step(
        request,
        review_id,
        "send_for_check",
        services.review_send_for_check,
        "The record was sent for checking: a second reviewer from the team checks it next.",
    )


@require_POST
@trust_member_required
def check(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    found = access_review(request.user, review_id)
    if not found.on_team:
        raise Http404("No such review.")
    form = CheckForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, form, None)
    data = form.cleaned_data
    try:
        if data["action"] == "send_back":
            services.review_send_back(
                review=found.review,
                acting_user=request.user,
                note=data["note"],
                version=data["version"],
            )
            done = "The record was sent back to draft with your note."
        else:
            services.review_check(
                review=found.review, acting_user=request.user, version=data["version"]
            )
            done = "The record was checked: those who plan the review can share it now."
    except ValidationError as error:
        return _refused(request, found, form, error)
    messages.success(request, done)
    return redirect("reviews:detail", review_id=review_id)


@require_POST
@trust_member_required
def share(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    return _step(
        request,
        review_id,
        "share",
        services.review_share,
        "The review was shared with the head teacher.",
    )


@require_POST
@trust_member_required
def acknowledge(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    return _step(
        request,
        review_id,
        "acknowledge",
        services.review_acknowledge,
        "You acknowledged the review. Record below when you shared its key findings.",
    )


@trust_member_required
def shared_with(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """The head records when the key findings were shared with staff, children and governors."""
    found = access_review(request.user, review_id)
    if not found.acknowledges:
        raise Http404("No such review.")
    review = found.review
    initial = {name: getattr(review, name) for name in services.SHARED_WITH}
    form = SharedWithForm(posted(request), initial={**initial, "version": review.version})
    context = {"review": review, "form": form}
    if not form.is_bound:
        return render(request, "reviews/record/shared_with.html", context)
    if not form.is_valid():
        return render(request, "reviews/record/shared_with.html", context, status=400)
    try:
        services.review_record_shared_with(
            review=review,
            acting_user=request.user,
            dates={name: form.cleaned_data[name] for name in services.SHARED_WITH},
            today=timezone.localdate(),
            version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        add_service_error(form, error)
        status = 409 if isinstance(error, services.StaleReview) else 400
        return render(request, "reviews/record/shared_with.html", context, status=status)
    messages.success(request, "The dates the key findings were shared are saved.")
    return redirect("reviews:detail", review_id=review_id)
