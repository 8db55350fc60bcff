"""Planning a school's review (its year, days and team) and changing the plan.

A refused form comes back with what was typed and the messages beside the fields (400). A second
review of the same school and year is refused with a link to the one there is."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.roles import SchoolPerm
from fht.tenancy import trust_id_of
from fht.types import AuthenticatedRequest
from reviews import access as rules
from reviews.forms.planning import PlanForm
from reviews.models import Review, TeamMember
from reviews.selectors import planning as selectors
from reviews.selectors.access import access_review, review_url
from reviews.services import planning as services
from schools.models import School
from schools.selectors import access_school


def _initial(review: Review) -> dict[str, object]:
    team = selectors.review_team(review=review)

    def of(capacity: TeamMember.Capacity) -> list[int]:
        return [m.person_id for m in team if m.capacity == capacity]

    leads, heads = of(TeamMember.Capacity.LEAD), of(TeamMember.Capacity.PEER_HEAD)
    return {
        "starts_on": review.starts_on,
        "ends_on": review.ends_on,
        "lead": leads[0] if leads else None,
        "improvement": of(TeamMember.Capacity.SCHOOL_IMPROVEMENT),
        "business": of(TeamMember.Capacity.BUSINESS),
        "peer_head": heads[0] if heads else None,
    }


def _done(request: AuthenticatedRequest, review: Review, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(review_url(review.pk))


@trust_member_required
def plan_new(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """Plan the school's review (the CEO, deputy and the school's Director of QA)."""
    if not rules.plans_reviews(access_for(request.user), school_id):
        raise Http404("No such school")
    school: School = access_school(request.user, school_id, SchoolPerm.MANAGE_IMPROVEMENT)
    trust_id = trust_id_of(request.user)
    years = selectors.year_choices(trust_id=trust_id)
    current = selectors.current_year(trust_id=trust_id)
    choices = selectors.team_choices(school=school)
    directors = choices.directors
    initial = {
        "academic_year": current.pk if current else None,
        "lead": directors[0].pk if len(directors) == 1 else None,
    }
    form = PlanForm(posted(request), choices=choices, years=years, initial=initial)
    existing = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        year = next(y for y in years if y.pk == data["academic_year"])
        try:
            review = services.review_plan(
                school=school,
                academic_year=year,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                team=form.team(),
                acting_user=request.user,
            )
        except services.ReviewExists as error:
            existing = error.review
            form.add_error(
                "academic_year",
                f"{school.name} already has a review in {existing.academic_year}: "
                "a school has one review a year. Change that one instead.",
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(request, review, f"The review of {school.name} is planned.")
    elif current is not None:
        existing = selectors.review_of_year(school=school, year=current)
    context = {
        "form": form,
        "school": school,
        "existing": existing,
        "existing_url": review_url(existing.pk) if existing else "",
        "has_years": bool(years),
    }
    return form_page(request, "reviews/planning/plan_new.html", context, bound=form.is_bound)


@trust_member_required
def plan_edit(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """Change the review's days and team, until it is shared."""
    review = access_review(request.user, review_id, plan=True).review
    choices = selectors.team_choices(school=review.school)
    form = PlanForm(posted(request), choices=choices, initial=_initial(review))
    if form.is_bound and review.is_shared:
        form.is_valid()
        form.add_error(None, services.SHARED_MESSAGE)
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_plan_change(
                review=review,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                team=form.team(),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(request, review, "The plan of the review is saved.")
    context = {
        "form": form,
        "review": review,
        "school": review.school,
        "review_url": review_url(review.pk),
        "shared_message": services.SHARED_MESSAGE,
    }
    status = 400 if form.is_bound else 200
    return render(request, "reviews/planning/plan_edit.html", context, status=status)
