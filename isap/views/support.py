"""Support deployed under a plan's priorities: the days, cost and who pays, and its impact."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.types import AuthenticatedRequest
from isap import selectors, services
from isap.forms import (
    DeploymentForm,
    ImpactForm,
)
from isap.models import Deployment, Priority
from isap.selectors import Can
from isap.views.actions import _conflict_data, _note_form
from isap.views.plans import _people, _plan_url

# --- support deployments -------------------------------------------------------------------------


def _deployment_data(form: DeploymentForm) -> services.DeploymentData:
    data = form.cleaned_data
    return services.DeploymentData(
        provider=data["provider"],
        person=data["person"],
        provider_name=data["provider_name"],
        days=data["days"],
        cost=data["cost"],
        funder=data["funder"],
        starts_on=data["starts_on"],
        desired_outcome=data["desired_outcome"],
    )


def _deployment_page_context(priority: Priority) -> dict[str, Any]:
    plan = priority.plan
    offer = selectors.core_offer(
        school=plan.school, year=plan.academic_year, allowance=plan.school.trust.core_offer_days
    )
    return {"plan": plan, "priority": priority, "core_offer": offer}


@trust_member_required
def deployment_add(request: AuthenticatedRequest, priority_id: int) -> HttpResponse:
    priority = selectors.access_priority(request.user, priority_id, Can.MANAGE)
    form = DeploymentForm(
        posted(request),
        people=_people(priority.trust_id),
        initial={"funder": Deployment.Funder.CORE_OFFER, "cost": 0},
    )
    if form.is_bound and form.is_valid():
        try:
            deployment = services.deployment_save(
                priority=priority, data=_deployment_data(form), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{deployment.who} has been deployed.")
            return redirect(_plan_url(priority.plan) + f"#deployment-{deployment.pk}")
    context = {"form": form, **_deployment_page_context(priority)}
    return form_page(request, "isap/deployment_form.html", context, bound=form.is_bound)


@trust_member_required
def deployment_edit(request: AuthenticatedRequest, deployment_id: int) -> HttpResponse:
    deployment = selectors.access_deployment(request.user, deployment_id, Can.MANAGE)
    priority = deployment.priority
    initial = {
        "provider": deployment.provider,
        "person": deployment.person_id,
        "provider_name": deployment.provider_name,
        "days": deployment.days,
        "cost": deployment.cost,
        "funder": deployment.funder,
        "starts_on": deployment.starts_on,
        "desired_outcome": deployment.desired_outcome,
        "version": deployment.version,
    }
    form = DeploymentForm(posted(request), people=_people(priority.trust_id), initial=initial)
    conflict = None
    status = 400
    if form.is_bound and form.is_valid():
        try:
            services.deployment_save(
                priority=priority,
                data=_deployment_data(form),
                acting_user=request.user,
                deployment=deployment,
                version=form.cleaned_data["version"],
            )
        except services.EditConflict as refused:
            conflict, status = refused, 409
            form = DeploymentForm(
                _conflict_data(request.POST, refused.current.version),
                people=_people(priority.trust_id),
                initial=initial,
            )
            form.is_valid()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The deployment has been saved.")
            return redirect(_plan_url(priority.plan) + f"#deployment-{deployment.pk}")
    context = {
        "form": form,
        "deployment": deployment,
        "conflict": conflict,
        **_deployment_page_context(priority),
    }
    return render(
        request, "isap/deployment_form.html", context, status=status if form.is_bound else 200
    )


@trust_member_required
def deployment_detail(request: AuthenticatedRequest, deployment_id: int) -> HttpResponse:
    """A deployment, its notes and its impact; the person deployed (and those who manage the
    plan) record the impact here."""
    deployment = selectors.access_deployment(request.user, deployment_id)
    school_id = deployment.priority.plan.school_id
    supports = selectors.may_support(request.user, deployment, school_id)
    form = None
    conflict = None
    status = 200
    if supports:
        form = ImpactForm(
            posted(request), initial={"impact": deployment.impact, "version": deployment.version}
        )
        if form.is_bound:
            status = 400
            if form.is_valid():
                try:
                    services.deployment_impact(
                        deployment=deployment,
                        impact=form.cleaned_data["impact"],
                        version=form.cleaned_data["version"],
                        acting_user=request.user,
                    )
                except services.EditConflict as refused:
                    conflict, status = refused, 409
                    form = ImpactForm(_conflict_data(request.POST, refused.current.version))
                    form.is_valid()
                else:
                    messages.success(request, "The impact has been recorded.")
                    return redirect("isap:deployment", deployment_id=deployment.pk)
    elif request.method == "POST":
        raise Http404("No such deployment")
    context = {
        "deployment": deployment,
        "plan": deployment.priority.plan,
        "priority": deployment.priority,
        "notes": list(deployment.notes.select_related("author")),
        "form": form,
        "conflict": conflict,
        "can_support": supports,
        "can_manage": selectors.may(request.user, school_id, Can.MANAGE),
    }
    return render(request, "isap/deployment_detail.html", context, status=status)


@trust_member_required
def deployment_note(request: AuthenticatedRequest, deployment_id: int) -> HttpResponse:
    deployment = selectors.access_deployment(request.user, deployment_id, Can.SUPPORT)
    form, saved = _note_form(request, deployment)
    if saved:
        messages.success(request, "Your note has been added.")
        return redirect("isap:deployment", deployment_id=deployment.pk)
    context = {
        "form": form,
        "deployment": deployment,
        "plan": deployment.priority.plan,
        "priority": deployment.priority,
    }
    return form_page(request, "isap/note_form.html", context, bound=form.is_bound)
