"""A plan's priorities and their targets: adding and editing them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.types import AuthenticatedRequest
from isap import selectors, services
from isap.forms import (
    PriorityForm,
    TargetForm,
)
from isap.selectors import Can
from isap.selectors.visit import next_steps
from isap.views.plans import _plan_url
from qa_visits.models import Visit
from schools.models import School

# --- priorities and targets --------------------------------------------------------------------


def _school_visits(school: School) -> QuerySet[Visit]:
    return Visit.objects.filter(school=school, status=Visit.Status.SUBMITTED).order_by(
        "-visited_on", "-pk"
    )


def _priority_data(form: PriorityForm) -> services.PriorityData:
    data = form.cleaned_data
    return services.PriorityData(
        title=data["title"],
        description=data["description"],
        source=data["source"],
        source_visit=data["source_visit"],
        source_reference=data["source_reference"],
        status=data["status"],
    )


@trust_member_required
def priority_add(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Add a priority; `?from=visit` starts from the last QA visit's agreed next steps."""
    plan = selectors.access_plan(request.user, plan_id, Can.MANAGE)
    visits = _school_visits(plan.school)
    last = visits.first()
    from_visit = request.GET.get("from") == "visit" and last is not None
    initial = {"source": "qa_visit", "source_visit": last.pk} if from_visit and last else {}
    form = PriorityForm(posted(request), visits=visits, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            priority = services.priority_save(
                plan=plan, data=_priority_data(form), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"Priority {priority.number} has been added. Now add its targets."
            )
            return redirect(reverse("isap:target_add", kwargs={"priority_id": priority.pk}))
    context = {
        "form": form,
        "plan": plan,
        "last_visit": last,
        "next_steps": next_steps(last) if last is not None else "",
    }
    return form_page(request, "isap/priority_form.html", context, bound=form.is_bound)


@trust_member_required
def priority_edit(request: AuthenticatedRequest, priority_id: int) -> HttpResponse:
    priority = selectors.access_priority(request.user, priority_id, Can.MANAGE)
    plan = priority.plan
    visits = _school_visits(plan.school)
    initial = {
        "title": priority.title,
        "description": priority.description,
        "source": priority.source,
        "source_visit": priority.source_visit_id,
        "source_reference": priority.source_reference,
        "status": priority.status,
    }
    form = PriorityForm(posted(request), visits=visits, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.priority_save(
                plan=plan, data=_priority_data(form), acting_user=request.user, priority=priority
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Priority {priority.number} has been saved.")
            return redirect(_plan_url(plan) + f"#priority-{priority.pk}")
    context = {"form": form, "plan": plan, "priority": priority}
    return form_page(request, "isap/priority_form.html", context, bound=form.is_bound)


def _target_data(form: TargetForm) -> services.TargetData:
    data = form.cleaned_data
    return services.TargetData(
        measure=data["measure"],
        description=data["description"],
        baseline=data["baseline"],
        target=data["target"],
        by_when=data["by_when"],
    )


@trust_member_required
def target_add(request: AuthenticatedRequest, priority_id: int) -> HttpResponse:
    priority = selectors.access_priority(request.user, priority_id, Can.MANAGE)
    form = TargetForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.target_save(
                priority=priority, data=_target_data(form), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The target has been added.")
            if request.POST.get("another"):
                return redirect(reverse("isap:target_add", kwargs={"priority_id": priority.pk}))
            return redirect(_plan_url(priority.plan) + f"#priority-{priority.pk}")
    context = {"form": form, "plan": priority.plan, "priority": priority}
    return form_page(request, "isap/target_form.html", context, bound=form.is_bound)


@trust_member_required
def target_edit(request: AuthenticatedRequest, target_id: int) -> HttpResponse:
    target = selectors.access_target(request.user, target_id, Can.MANAGE)
    priority = target.priority
    initial = {
        "measure": target.measure,
        "description": target.description,
        "baseline": target.baseline,
        "target": target.target,
        "by_when": target.by_when,
    }
    if request.method == "POST" and request.POST.get("delete"):
        services.target_delete(target=target, acting_user=request.user)
        messages.success(request, "The target has been removed (the plan's history keeps it).")
        return redirect(_plan_url(priority.plan) + f"#priority-{priority.pk}")
    form = TargetForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.target_save(
                priority=priority, data=_target_data(form), acting_user=request.user, target=target
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The target has been saved.")
            return redirect(_plan_url(priority.plan) + f"#priority-{priority.pk}")
    context = {"form": form, "plan": priority.plan, "priority": priority, "target": target}
    return form_page(request, "isap/target_form.html", context, bound=form.is_bound)
