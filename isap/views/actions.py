"""A plan's actions: adding, reading and editing them, their progress notes and evidence.

A save over someone else's newer save is a 409 that shows what they changed and keeps what this
person typed."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.models import User
from fht.types import AuthenticatedRequest
from isap import selectors, services
from isap.forms import (
    ActionForm,
    NoteForm,
)
from isap.models import Action, Deployment
from isap.selectors import Can
from isap.views.plans import _owners, _plan_url

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
