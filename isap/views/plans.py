"""A school's action plans and the plan page: starting a year's plan, reading it, signing it.

Views parse, check access through `isap.selectors`, call one service, and render. A refused form is
a 400 that keeps what was typed."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.models import User
from fht.roles import SchoolPerm
from fht.types import AuthenticatedRequest
from isap import selectors, services
from isap.export import plan_pdf_status
from isap.forms import (
    PlanStartForm,
    SignForm,
)
from isap.models import Plan, Signature
from isap.selectors import Can
from isap.sources import origin_links
from schools.models import School
from schools.years import academic_year_choices, academic_year_for


def _people(trust_id: int) -> QuerySet[User]:
    """Who may be deployed as support: any active member of the trust."""
    return User.objects.filter(trust_id=trust_id, is_active=True).order_by("full_name")


def _owners(school: School) -> QuerySet[User]:
    """Who may be named responsible for an action: the active members of the trust who may read
    the school's plan (its heads and governors, its Director of QA, the central team, those
    deployed there), so an owner is never told of an action they cannot open."""
    return (
        _people(school.trust_id)
        .filter(
            schooluserobjectpermission__content_object=school,
            schooluserobjectpermission__permission__codename=SchoolPerm.VIEW_IMPROVEMENT,
        )
        .distinct()
    )


def _plan_url(plan: Plan) -> str:
    return reverse("isap:plan", kwargs={"plan_id": plan.pk})


# --- a school's plans ------------------------------------------------------------------------------


@require_GET
@trust_member_required
def school_plans(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """The school's plans, one per academic year, newest first; the way to start this year's."""
    school = selectors.access_school_plans(request.user, school_id)
    plans = selectors.school_plans(school=school)
    year = academic_year_for(trust_id=school.trust_id, on=timezone.localdate())
    context = {
        "school": school,
        "plans": plans,
        "year": year,
        "has_current": year is not None and any(p.academic_year_id == year.pk for p in plans),
        "can_manage": selectors.may(request.user, school.pk, Can.MANAGE),
    }
    return render(request, "isap/school_plans.html", context)


@trust_member_required
def plan_start(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_plans(request.user, school_id, Can.MANAGE)
    if school.closed_on is not None:
        raise Http404("No such school")
    years = academic_year_choices(trust_id=school.trust_id)
    current = academic_year_for(trust_id=school.trust_id, on=timezone.localdate())
    form = PlanStartForm(
        posted(request), years=years, initial={"academic_year": current.pk if current else None}
    )
    if form.is_bound and form.is_valid():
        try:
            plan = services.plan_start(
                school=school, year=form.cleaned_data["academic_year"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            carried = plan.priorities.count()
            messages.success(
                request,
                f"The {plan.academic_year} plan has been started"
                + (
                    f" with {carried} open priorit{'y' if carried == 1 else 'ies'} carried forward."
                    if carried
                    else "."
                ),
            )
            return redirect("isap:plan", plan_id=plan.pk)
    previous = selectors.school_plans(school=school)
    context = {"form": form, "school": school, "previous": previous[0] if previous else None}
    return form_page(request, "isap/plan_start.html", context, bound=form.is_bound)


# --- the plan page -----------------------------------------------------------------------------


@require_GET
@trust_member_required
def plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan(request.user, plan_id)
    today = timezone.localdate()
    page = selectors.plan_page(plan=plan, today=today)
    links = origin_links(view.priority.pk for view in page.priorities)
    for view in page.priorities:
        view.origin = links.get(view.priority.pk)
    manage = selectors.may(request.user, plan.school_id, Can.MANAGE)
    signable = [
        s
        for s in selectors.signatories_for(request.user, plan.school_id)
        if s not in page.signatures
    ]
    context: dict[str, Any] = {
        "plan": plan,
        "page": page,
        "today": today,
        "can_manage": manage,
        "can_progress": selectors.may(request.user, plan.school_id, Can.PROGRESS),
        "sign_as": [(s, Signature.Signatory(s).label) for s in signable],
        "signatories": [(s.label, page.signatures.get(s.value)) for s in Signature.Signatory],
        **plan_pdf_status(plan=plan, user=request.user),
    }
    return render(request, "isap/plan_detail.html", context)


@require_POST
@trust_member_required
def plan_sign(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan(request.user, plan_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whom you sign the plan for.")
        return redirect(_plan_url(plan))
    try:
        services.plan_sign(
            plan=plan, signatory=form.cleaned_data["signatory"], acting_user=request.user
        )
    except ValidationError as error:
        if not selectors.signatories_for(request.user, plan.school_id):
            raise Http404("No such plan") from None
        messages.error(request, " ".join(error.messages))
        return redirect(_plan_url(plan))
    plan.refresh_from_db()
    label = Signature.Signatory(form.cleaned_data["signatory"]).label
    if plan.agreed_at:
        messages.success(request, f"You have signed as {label}. The plan is now agreed.")
    else:
        messages.success(request, f"You have signed the plan as {label}.")
    return redirect(_plan_url(plan))
