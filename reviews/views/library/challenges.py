"""'Add to the action plan': one click on a shared review's key challenge makes it a priority of the
school's plan (reviews.services.challenges). A second click, or a double submit, finds it already
there and says so with a link; a school with no plan for the year is told how to start one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from fht.decorators import trust_member_required
from fht.types import AuthenticatedRequest
from reviews.forms.library import ChallengeForm
from reviews.models import Challenge
from reviews.selectors.access import review_access, review_url
from reviews.selectors.library import feeds_plan
from reviews.services import challenges as services


@require_POST
@trust_member_required
def challenge_to_plan(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    found = review_access(request.user, review_id)
    review = found.review
    if not feeds_plan(request.user, review.school_id):
        raise Http404("No such review.")
    back = review_url(review.pk) + "#challenges"
    form = ChallengeForm(request.POST)
    challenge = None
    if form.is_valid():
        challenge = Challenge.objects.filter(
            pk=form.cleaned_data["challenge_id"], review=review
        ).first()
        if challenge is None:
            form.add_error("challenge_id", "Choose one of this review's key challenges.")
    if challenge is None:
        context = {"form": form, "review": review, "back": back}
        return render(request, "reviews/library/challenge_refused.html", context, status=400)
    try:
        priority = services.challenge_to_plan(challenge=challenge, acting_user=request.user)
    except services.AlreadyOnPlan as already:
        url = reverse("isap:plan", args=[already.priority.plan_id])
        messages.info(
            request,
            format_html(
                '"{}" is already on the action plan: <a class="govuk-link" href="{}#priority-{}">'
                "priority {}</a>.",
                challenge.title,
                url,
                already.priority.pk,
                already.priority.number,
            ),
        )
    except services.NoPlan:
        url = reverse("isap:school_plans", args=[review.school_id])
        messages.error(
            request,
            format_html(
                "{} has no action plan for {} yet. "
                '<a class="govuk-link" href="{}">Start the plan</a>, then add the challenge.',
                review.school.name,
                review.academic_year,
                url,
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        url = reverse("isap:plan", args=[priority.plan_id])
        messages.success(
            request,
            format_html(
                '"{}" is now <a class="govuk-link" href="{}#priority-{}">priority {}</a> of the '
                "action plan, with a first action for the head.",
                challenge.title,
                url,
                priority.pk,
                priority.number,
            ),
        )
    return redirect(back)
