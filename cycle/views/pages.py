"""The meetings' pages: the list (filters, CSV, next week's), a new meeting, a meeting with its
agenda, decisions, actions and pack, the record's forms, and closing."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cycle.access import creatable_kinds, reach_of, runs
from cycle.forms.meetings import ActionForm, DecisionForm, MeetingForm, PackForm, ReviewForm
from cycle.models import CycleAction, CycleMeeting, Kind
from cycle.selectors import meetings as selectors
from cycle.selectors.agenda import action_lines, meeting_agenda
from cycle.selectors.history import meeting_history
from cycle.services import meetings as services
from cycle.services.pack import pack_request
from cycle.views.csv import agenda_csv
from fht.decorators import trust_member_required
from fht.forms import add_service_error, posted
from fht.models import Job
from fht.tables import Column, Table
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from schools.models import Cluster

COLUMNS = [
    Column("held_on", "Date", order_by="held_on"),
    Column("title", "Meeting", order_by="title"),
    Column("kind", "Kind", order_by="kind", value=lambda m: m.get_kind_display()),
    Column("cluster", "Hub", order_by="cluster__name", value=lambda m: m.cluster or ""),
    Column("status", "Status", order_by="status", value=lambda m: m.get_status_display()),
]


def _int(value: str | None, allowed: set[int]) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number in allowed else None


@require_GET
@trust_member_required
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    """The meetings the person reads, by kind, hub and 'next week', with the CSV."""
    selectors.require_meetings_page(request.user)
    clusters = selectors.clusters_of_trust(user=request.user)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    cluster_id = _int(request.GET.get("cluster"), {c.pk for c in clusters})
    week = request.GET.get("when") == "next_week"
    today = timezone.localdate()
    starts, ends = selectors.next_week(today) if week else (None, None)
    meetings = selectors.meetings_for(
        user=request.user, kind=kind, cluster_id=cluster_id, starts=starts, ends=ends
    )
    table = Table(
        request, columns=COLUMNS, rows=meetings, default_sort="held_on", filename="meetings"
    )
    if table.wants_csv:
        return table.csv_response()
    rows = list(table.rows)
    context = {
        "table": table,
        "rows": rows,
        "kinds": Kind.choices,
        "kind": kind,
        "clusters": [(str(c.pk), c.name) for c in clusters],
        "cluster": str(cluster_id or ""),
        "week": week,
        "week_range": selectors.next_week(today),
        "filtered": bool(kind or cluster_id or week),
        "creates": bool(creatable_kinds(reach_of(request.user))),
        "today": today,
    }
    return render(request, "cycle/list.html", context)


@trust_member_required
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    """A new meeting: its kind, date, hub (for the hub kinds) and title."""
    kinds = creatable_kinds(reach_of(request.user))
    if not kinds:
        raise Http404("No such page")
    allowed = [c.pk for c in selectors.cluster_choices(user=request.user)]
    clusters = Cluster.objects.filter(pk__in=allowed).order_by("name")
    form = MeetingForm(posted(request), kinds=kinds, clusters=clusters)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                trust=trust_of(request.user),
                data=services.MeetingData(
                    kind=data["kind"],
                    held_on=data["held_on"],
                    cluster=data["cluster"],
                    title=data["title"],
                ),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{meeting.title} has been added.")
            return redirect("cycle:detail", meeting.pk)
    status = 400 if form.is_bound else 200
    return render(request, "cycle/create.html", {"form": form}, status=status)


def _forms(meeting: CycleMeeting, earlier: list[CycleAction]) -> dict[str, Any]:
    people = selectors.owner_choices(trust_id=meeting.trust_id)
    return {
        "decision_form": DecisionForm(prefix="decision"),
        "action_form": ActionForm(prefix="action", people=people),
        "review_forms": {a.pk: ReviewForm(prefix=f"review-{a.pk}") for a in earlier},
    }


def agenda_day(meeting: CycleMeeting, today: dt.date) -> dt.date:
    """An open meeting's agenda is read as of today; a closed one's as of the day it was held."""
    return min(meeting.held_on, today) if meeting.is_closed else today


def _detail(
    request: AuthenticatedRequest,
    meeting: CycleMeeting,
    *,
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    """The meeting page; a refused form (`bound`) is shown with its messages and what was typed."""
    today = timezone.localdate()
    agenda = meeting_agenda(meeting=meeting, user=request.user, as_of=agenda_day(meeting, today))
    may_run = runs(reach_of(request.user), meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "agenda": agenda,
        "runs": may_run,
        "attendees": selectors.attendees(meeting=meeting),
        "decisions": list(meeting.decisions.select_related("created_by")),
        "raised": selectors.actions_raised(meeting=meeting),
        "changes": meeting_history(meeting=meeting) if may_run else [],
        "openings": selectors.pack_openings(meeting=meeting) if may_run else [],
        "pack_job": Job.objects.filter(pk=meeting.pack_job_id).first()
        if may_run and meeting.pack_job_id
        else None,
        "pack_form": bound.pop("pack_form", None) or (PackForm(prefix="pack") if may_run else None),
        "today": today,
        "pdf": False,
    }
    if may_run and not meeting.is_closed:
        forms = _forms(meeting, [line.action for line in agenda.actions])
        review_forms = forms.pop("review_forms")
        review_forms.update(bound.pop("review_forms", {}))
        forms.update(bound)
        context.update(forms)
        context["review_rows"] = [(line, review_forms[line.action.pk]) for line in agenda.actions]
    return render(request, "cycle/detail.html", context, status=status)


@require_GET
@trust_member_required
def meeting_detail(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """The meeting page; with `?format=csv`, its agenda's main table as CSV."""
    meeting = selectors.access_meeting(request.user, meeting_id)
    if request.GET.get("format") == "csv":
        day = agenda_day(meeting, timezone.localdate())
        agenda = meeting_agenda(meeting=meeting, user=request.user, as_of=day)
        return agenda_csv(request, meeting, agenda)
    return _detail(request, meeting)


def _refused(request: AuthenticatedRequest, meeting: CycleMeeting, **bound: Any) -> HttpResponse:
    return _detail(request, meeting, status=400, **bound)


def _locked(request: AuthenticatedRequest, meeting: CycleMeeting) -> HttpResponse:
    messages.error(request, services.LOCKED)
    return _detail(request, meeting, status=409)


def _anchor(meeting: CycleMeeting, anchor: str) -> str:
    return reverse("cycle:detail", args=[meeting.pk]) + f"#{anchor}"


@require_POST
@trust_member_required
def decision_add(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, meeting_id, run=True)
    if meeting.is_closed:
        return _locked(request, meeting)
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            services.decision_add(
                meeting=meeting, text=form.cleaned_data["text"], acting_user=request.user
            )
        except services.MeetingLocked:
            return _locked(request, meeting)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The decision has been recorded.")
            return redirect(_anchor(meeting, "decisions"))
    return _refused(request, meeting, decision_form=form)


@require_POST
@trust_member_required
def action_add(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, meeting_id, run=True)
    if meeting.is_closed:
        return _locked(request, meeting)
    people = selectors.owner_choices(trust_id=meeting.trust_id)
    form = ActionForm(request.POST, prefix="action", people=people)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_add(
                meeting=meeting,
                data=services.ActionData(
                    what=data["what"], owner=data["owner"], due_on=data["due_on"]
                ),
                acting_user=request.user,
            )
        except services.MeetingLocked:
            return _locked(request, meeting)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The action has been recorded.")
            return redirect(_anchor(meeting, "actions"))
    return _refused(request, meeting, action_form=form)


@require_POST
@trust_member_required
def action_review(request: AuthenticatedRequest, meeting_id: int, action_id: int) -> HttpResponse:
    """The meeting's review of one action of an earlier meeting: progress, closed or carried."""
    meeting = selectors.access_meeting(request.user, meeting_id, run=True)
    action = next(
        (a for a in selectors.open_earlier_actions(meeting=meeting) if a.pk == action_id), None
    )
    if action is None:
        raise Http404("No such action")
    if meeting.is_closed:
        return _locked(request, meeting)
    form = ReviewForm(request.POST, prefix=f"review-{action.pk}")
    if form.is_valid():
        try:
            services.action_review_save(
                meeting=meeting,
                action=action,
                progress=form.cleaned_data["progress"],
                outcome=form.cleaned_data["outcome"],
                acting_user=request.user,
            )
        except services.MeetingLocked:
            return _locked(request, meeting)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The review of the action has been saved.")
            return redirect(_anchor(meeting, "review"))
    return _refused(request, meeting, review_forms={action.pk: form})


@trust_member_required
def meeting_close(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """Confirm, then close: the record is locked."""
    meeting = selectors.access_meeting(request.user, meeting_id, run=True)
    if meeting.is_closed:
        messages.info(request, "This meeting has already been closed.")
        return redirect("cycle:detail", meeting.pk)
    if request.method == "POST":
        try:
            services.meeting_close(meeting=meeting, acting_user=request.user)
        except services.MeetingLocked:  # someone else closed it a moment before
            messages.info(request, "This meeting has already been closed.")
            return redirect("cycle:detail", meeting.pk)
        messages.success(request, "The meeting has been closed: its record is locked.")
        return redirect("cycle:detail", meeting.pk)
    unreviewed = [line for line in action_lines(meeting) if line.review is None]
    return render(request, "cycle/close.html", {"meeting": meeting, "unreviewed": unreviewed})


@require_POST
@trust_member_required
def pack_make(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """Have the pack made for the data date chosen (today when left empty)."""
    meeting = selectors.access_meeting(request.user, meeting_id, run=True)
    form = PackForm(request.POST, prefix="pack")
    if form.is_valid():
        day: dt.date = form.cleaned_data["data_date"] or timezone.localdate()
        try:
            pack_request(meeting=meeting, data_date=day, acting_user=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The pack is being made: this page shows its progress.")
            return redirect(_anchor(meeting, "pack"))
    return _refused(request, meeting, pack_form=form)
