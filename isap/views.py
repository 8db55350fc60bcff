"""The action plan: a school's plans, the plan page, and the forms that write it (priorities,
targets, actions and their progress notes and evidence, support deployments, signatures).

Views parse, check access through `isap.selectors`, call one service, and render. A refused form is
a 400 that keeps what was typed; a save over someone else's newer save is a 409 that shows what
they changed and keeps what this person typed."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, QueryDict
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
    ActionForm,
    DeploymentForm,
    ImpactForm,
    NoteForm,
    PlanStartForm,
    PriorityForm,
    SignForm,
    TargetForm,
)
from isap.models import Action, Deployment, Plan, Priority, Signature
from isap.selectors import Can
from isap.visit_selectors import next_steps
from qa_visits.models import Visit
from qa_visits.selectors import academic_year_for
from returns.selectors import academic_year_choices
from schools.models import School


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


# --- actions -------------------------------------------------------------------------------------


def _action_context(action: Action, user: User) -> dict[str, Any]:
    school_id = action.priority.plan.school_id
    return {
        "action": action,
        "plan": action.priority.plan,
        "priority": action.priority,
        "can_manage": selectors.may(user, school_id, Can.MANAGE),
        "can_progress": selectors.may(user, school_id, Can.PROGRESS),
        "stands_out": selectors.action_stands_out(action, timezone.localdate()),
        "overdue": action.is_open and action.due_on < timezone.localdate(),
    }


@trust_member_required
def action_add(request: AuthenticatedRequest, priority_id: int) -> HttpResponse:
    priority = selectors.access_priority(request.user, priority_id, Can.MANAGE)
    form = ActionForm(posted(request), people=_owners(priority.plan.school))
    if form.is_bound and form.is_valid():
        try:
            action = services.action_create(
                priority=priority, values=form.values(), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The action has been added.")
            if request.POST.get("another"):
                return redirect(reverse("isap:action_add", kwargs={"priority_id": priority.pk}))
            return redirect(_plan_url(priority.plan) + f"#action-{action.pk}")
    context = {"form": form, "plan": priority.plan, "priority": priority}
    return form_page(request, "isap/action_form.html", context, bound=form.is_bound)


@require_GET
@trust_member_required
def action_detail(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    action = selectors.access_action(request.user, action_id)
    context = _action_context(action, request.user)
    context["notes"] = list(action.notes.select_related("author"))
    context["reviews"] = list(
        action.visit_reviews.select_related("visit").order_by("-visit__visited_on")
    )
    context["history"] = _action_history(action)
    return render(request, "isap/action_detail.html", context)


def _action_history(action: Action) -> list[Any]:
    from schools.selectors import Change, history_who

    labels = services.ACTION_FIELDS
    records = list(action.history.select_related("history_user").order_by("-history_id")[:51])
    out = []
    for i, record in enumerate(records[:50]):
        before = records[i + 1] if i + 1 < len(records) else None
        if before is None:
            what = "Added" if record.history_type == "+" else "Saved"
        else:
            changed = [
                label for f, label in labels.items() if getattr(record, f) != getattr(before, f)
            ]
            what = ("Changed " + ", ".join(changed)) if changed else "Saved with no change"
        out.append(Change(when=record.history_date, who=history_who(record), what=what))
    return out


def _conflict_data(data: QueryDict, version: int) -> QueryDict:
    """What the person typed, now marked as made over the version they have just been shown."""
    copy = data.copy()
    copy["version"] = str(version)
    return copy


@trust_member_required
def action_edit(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    """Heads update the status and the school's judgement of impact; those who manage the plan
    edit all of it. A save over a newer version is refused (409) showing what changed."""
    action = selectors.access_action(request.user, action_id, Can.PROGRESS)
    school_id = action.priority.plan.school_id
    manage = selectors.may(request.user, school_id, Can.MANAGE)
    fields = services.ALL_ACTION_FIELDS if manage else services.HEAD_ACTION_FIELDS
    initial = {
        "what": action.what,
        "owner": action.owner_id,
        "owner_role": action.owner_role,
        "starts_on": action.starts_on,
        "due_on": action.due_on,
        "status": action.status,
        "rag": action.rag,
        "school_impact": action.school_impact,
        "director_impact": action.director_impact,
        "version": action.version,
    }
    form = ActionForm(
        posted(request),
        people=_owners(action.priority.plan.school),
        fields=fields,
        initial=initial,
    )
    conflict: services.EditConflict | None = None
    status = 400
    if form.is_bound and form.is_valid():
        try:
            services.action_update(
                action=action,
                values=form.values(),
                allowed=fields,
                version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except services.EditConflict as refused:
            conflict = refused
            status = 409
            form = ActionForm(
                _conflict_data(request.POST, refused.current.version),
                people=_owners(action.priority.plan.school),
                fields=fields,
                initial=initial,
            )
            form.is_valid()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The action has been updated.")
            return redirect("isap:action", action_id=action.pk)
    context = _action_context(action, request.user)
    context.update({"form": form, "conflict": conflict, "manage_form": manage})
    if conflict is not None:
        context["current"] = conflict.current
    if not form.is_bound:
        return render(request, "isap/action_edit.html", context)
    return render(request, "isap/action_edit.html", context, status=status)


def _note_form(request: AuthenticatedRequest, parent: Action | Deployment) -> tuple[NoteForm, bool]:
    """The progress-note form on an action or a deployment; True once the note is saved."""
    form = NoteForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial={"written_on": timezone.localdate()},
    )
    if form.is_bound and form.is_valid():
        try:
            services.note_add(
                parent=parent,
                written_on=form.cleaned_data["written_on"],
                text=form.cleaned_data["text"],
                evidence_file=form.cleaned_data["evidence_file"],
                evidence_link=form.cleaned_data["evidence_link"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return form, True
    return form, False


@trust_member_required
def action_note(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    """A dated progress note on an action, with evidence (a file or a link)."""
    action = selectors.access_action(request.user, action_id, Can.PROGRESS)
    form, saved = _note_form(request, action)
    if saved:
        messages.success(request, "Your progress note has been added.")
        return redirect("isap:action", action_id=action.pk)
    context = _action_context(action, request.user)
    context["form"] = form
    return form_page(request, "isap/note_form.html", context, bound=form.is_bound)


@require_GET
@trust_member_required
def evidence_download(request: AuthenticatedRequest, note_id: int) -> HttpResponse:
    note = selectors.access_evidence(request.user, note_id)
    try:
        handle = note.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404("No such evidence") from None
    response = FileResponse(handle, as_attachment=True, filename=note.evidence_name or "evidence")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


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
