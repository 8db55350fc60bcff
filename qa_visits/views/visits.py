"""QA visits: the planning page, planning and rescheduling, the director's record, the reading
page and the head's factual-accuracy response. Views parse, check access, call one service or
selector, and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.registry import panels_for
from fht.roles import SchoolPerm
from fht.tables import Column, RowTable
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from qa_visits import selectors, services
from qa_visits.data_view import data_view
from qa_visits.forms import CadenceForm, VisitLogForm, VisitPlanForm, VisitResponseForm
from qa_visits.history import visit_history
from qa_visits.models import Visit
from qa_visits.sections import ModerationActivity, SectionKey
from returns.snapshot import school_data_snapshot
from schools.categories import Category
from schools.selectors import cluster_list
from schools.years import academic_year_for


def _day(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


PLAN_COLUMNS = [
    Column("name", "School", order_by="name"),
    Column("cluster", "Cluster", order_by="cluster"),
    Column(
        "category",
        "Category",
        order_by="category",
        value=lambda r: Category(r.category).label if r.category else "Not yet categorised",
    ),
    Column(
        "last_visited_on",
        "Last visit",
        order_by="last_visited_on",
        value=lambda r: _day(r.last_visited_on),
    ),
    Column(
        "next_planned_on",
        "Next planned",
        order_by="next_planned_on",
        value=lambda r: _day(r.next_planned_on),
    ),
    Column("due_on", "Due", order_by="due_on", value=lambda r: _day(r.due_on)),
    Column("overdue", "Overdue", value=lambda r: "Overdue" if r.overdue else ""),
    Column("days_used", "Days used", order_by="days_used", numeric=True),
    Column("days_left", "Days left", order_by="days_left", numeric=True),
]


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**63 else None


def _base_url(request: AuthenticatedRequest) -> str:
    return request.build_absolute_uri("/")


# --- planning -----------------------------------------------------------------------------------


@trust_member_required
def visit_plan_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every school the person plans visits for: when each is due, and the days left this year."""
    selectors.require_plans_visits(request.user)
    query = request.GET.get("q", "").strip()[:100]
    cluster_id = _int_or_none(request.GET.get("cluster"))
    overdue_only = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    rows, year = selectors.visit_plan_rows(
        user=request.user,
        today=today,
        query=query,
        cluster_id=cluster_id,
        overdue_only=overdue_only,
    )
    table = RowTable(
        request, columns=PLAN_COLUMNS, rows=rows, default_sort="due_on", filename="qa-visits"
    )
    if table.wants_csv:
        return table.csv_response()
    context = {
        "table": table,
        "rows": list(table.rows),
        "year": year,
        "trust": trust_of(request.user),
        "clusters": cluster_list(user=request.user),
        "query": query,
        "cluster_id": cluster_id,
        "overdue_only": overdue_only,
        "filtered": bool(query or cluster_id or overdue_only),
        "can_manage_cadence": access_for(request.user).can_manage_benchmarks,
        "nav_section": "visits",
    }
    return render(request, "qa_visits/visit_plan_list.html", context)


@trust_member_required
def visit_cadence(request: AuthenticatedRequest) -> HttpResponse:
    """The trust's weeks between visits, by category."""
    selectors.require_manage_cadence(request.user)
    trust = trust_of(request.user)
    form = CadenceForm(posted(request), instance=trust)
    if form.is_bound and form.is_valid():
        try:
            services.visit_cadence_update(trust=trust, weeks=form.weeks(), acting_user=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The visit cadence has been updated.")
            return redirect(
                "qa_visits:plan_list" if access_for(request.user).can_plan_visits else "home"
            )
    context = {"form": form, "nav_section": "visits"}
    return form_page(request, "qa_visits/visit_cadence.html", context, bound=form.is_bound)


def _plan_context(
    request: AuthenticatedRequest, form: VisitPlanForm, school: object
) -> dict[str, object]:
    return {"form": form, "school": school, "nav_section": "visits"}


@trust_member_required
def visit_plan(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_to_plan(request.user, school_id)
    directors = selectors.director_choices(school=school, acting_user=request.user)
    form = VisitPlanForm(
        posted(request), directors=directors, initial={"director": request.user.pk}
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_plan(
                school=school,
                planned_for=data["planned_for"],
                days=data["days"],
                purpose=data["purpose"],
                director=data["director"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"A visit to {school.name} is planned for {visit.planned_for:%-d %B %Y}."
            )
            return redirect("qa_visits:detail", visit_id=visit.pk)
    year = academic_year_for(trust_id=school.trust_id, on=timezone.localdate())
    used = selectors.days_used(school=school, year=year)
    context = {
        **_plan_context(request, form, school),
        "year": year,
        "days_left": school.trust.core_offer_days - used,
    }
    return form_page(request, "qa_visits/visit_plan_form.html", context, bound=form.is_bound)


@trust_member_required
def visit_reschedule(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = selectors.access_visit(request.user, visit_id, write=True)
    if visit.status not in selectors.ACTIVE_STATUSES:
        messages.error(request, "This visit has been submitted or cancelled: its date stays.")
        return redirect("qa_visits:detail", visit_id=visit.pk)
    directors = selectors.director_choices(school=visit.school, acting_user=request.user)
    form = VisitPlanForm(
        posted(request),
        directors=directors,
        initial={
            "planned_for": visit.planned_for,
            "days": visit.days,
            "purpose": visit.purpose,
            "director": visit.director_id,
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_reschedule(
                visit=visit,
                planned_for=data["planned_for"],
                days=data["days"],
                purpose=data["purpose"],
                director=data["director"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"The visit is now planned for {visit.planned_for:%-d %B %Y}."
            )
            return redirect("qa_visits:detail", visit_id=visit.pk)
    context = {**_plan_context(request, form, visit.school), "visit": visit}
    return form_page(request, "qa_visits/visit_plan_form.html", context, bound=form.is_bound)


@trust_member_required
def visit_cancel(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    """Ask to confirm, then cancel. A submitted visit cannot be cancelled."""
    visit = selectors.access_visit(request.user, visit_id, write=True)
    if visit.status not in selectors.ACTIVE_STATUSES:
        messages.error(request, "Only a planned visit or one being written can be cancelled.")
        return redirect("qa_visits:detail", visit_id=visit.pk)
    if request.method == "POST":
        try:
            services.visit_cancel(visit=visit, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("qa_visits:detail", visit_id=visit.pk)
        messages.success(request, f"The visit to {visit.school.name} has been cancelled.")
        return redirect("schools:detail", school_id=visit.school_id)
    return render(request, "qa_visits/visit_cancel.html", {"visit": visit, "nav_section": "visits"})


# --- writing ------------------------------------------------------------------------------------


def _log_context(
    request: AuthenticatedRequest, visit: Visit, form: VisitLogForm
) -> dict[str, object]:
    if visit.is_submitted:
        snapshot = visit.snapshot
    else:
        as_of = form.cleaned_data.get("visited_on") if hasattr(form, "cleaned_data") else None
        as_of = as_of or visit.visited_on or min(visit.planned_for, timezone.localdate())
        snapshot = school_data_snapshot(school=visit.school, as_of=as_of)
    return {
        "visit": visit,
        "form": form,
        "sections": [(s, form.section_fields(s)) for s in form.sections],
        "data": data_view(snapshot),
        "data_key": SectionKey.DATA_DISCUSSION.value,
        "autosave": not visit.is_submitted,
        "nav_section": "visits",
    }


def _log_initial(visit: Visit) -> dict[str, object]:
    initial: dict[str, object] = {
        "visited_on": visit.visited_on or visit.planned_for,
        "version": visit.version,
    }
    for row in visit.sections.all():
        initial[services.rag_field(row.key)] = row.rag
        initial[services.notes_field(row.key)] = row.notes
        if row.key == SectionKey.MODERATION.value:
            initial[services.ACTIVITIES_FIELD] = row.activities
    return initial


@trust_member_required
def visit_log(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    """The director's record of the visit: saved as a draft as they go, then submitted (or, once
    submitted, amended). A refused submission keeps (and, for a draft, saves) all that was typed."""
    visit = selectors.access_visit(request.user, visit_id, write=True)
    if visit.status == Visit.Status.CANCELLED:
        messages.error(request, "This visit was cancelled: plan a new one to write a record.")
        return redirect("qa_visits:detail", visit_id=visit.pk)
    sections = selectors.visible_sections(request.user, visit)
    form = VisitLogForm(posted(request), sections=sections, initial=_log_initial(visit))
    if not form.is_bound:
        return render(request, "qa_visits/visit_log.html", _log_context(request, visit, form))
    valid = form.is_valid()
    draft = form.draft()
    if not visit.is_submitted:
        try:
            visit = services.visit_draft_save(visit=visit, draft=draft, acting_user=request.user)
        except ValidationError as error:  # submitted or cancelled meanwhile, elsewhere
            add_service_error(form, error)
            valid = False
    if request.POST.get("action") == "submit" and valid:
        try:
            visit = services.visit_submit(
                visit=visit, draft=draft, acting_user=request.user, base_url=_base_url(request)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            done = "amended" if visit.version > 1 else "submitted"
            messages.success(
                request,
                f"The visit record has been {done} (version {visit.version}). "
                "The proforma is being made.",
            )
            return redirect("qa_visits:detail", visit_id=visit.pk)
    elif valid:
        if visit.is_submitted:
            form.add_error(None, "Choose 'Save amendment' to save changes to a submitted visit.")
        else:
            messages.success(request, f"Draft saved at {timezone.localtime():%H:%M}.")
            return redirect("qa_visits:log", visit_id=visit.pk)
    context = _log_context(request, visit, form)
    return render(request, "qa_visits/visit_log.html", context, status=400)


@require_POST
@trust_member_required
def visit_autosave(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    """htmx saves the draft as the director types; the answer is the page's status line."""
    visit = selectors.access_visit(request.user, visit_id, write=True)
    if visit.status not in selectors.ACTIVE_STATUSES:
        status = 409
        text = "Not saved automatically: save the amendment when you have finished."
        return render(request, "qa_visits/_autosave_status.html", {"text": text}, status=status)
    if "visited_on_day" not in request.POST:
        text = "Nothing was saved: the record was not sent."
        return render(request, "qa_visits/_autosave_status.html", {"text": text}, status=400)
    form = VisitLogForm(request.POST, sections=selectors.visible_sections(request.user, visit))
    form.is_valid()
    try:
        visit = services.visit_draft_save(visit=visit, draft=form.draft(), acting_user=request.user)
    except ValidationError:  # submitted or cancelled meanwhile, in another request
        text = "Not saved automatically: this visit was submitted or cancelled meanwhile."
        return render(request, "qa_visits/_autosave_status.html", {"text": text}, status=409)
    saved_at = timezone.localtime(visit.draft_saved_at)
    text = f"Draft saved at {saved_at:%H:%M}"
    if form.errors:
        text += ". The date of the visit is not saved until it is a real date."
    return render(request, "qa_visits/_autosave_status.html", {"text": text, "saved": True})


# --- reading ------------------------------------------------------------------------------------


@trust_member_required
def visit_detail(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = selectors.visit_for_page(request.user, visit_id)
    rows = selectors.visible_section_rows(request.user, visit)
    writes = selectors.can_write_school(request.user, visit.school_id)
    snapshot = visit.snapshot if visit.is_submitted else None
    labels = dict(ModerationActivity.choices)
    context = {
        "visit": visit,
        "rows": [(s, r, [labels.get(a, a) for a in r.activities or []]) for s, r in rows],
        "rag_counts": selectors.rag_counts(rows),
        "data": data_view(snapshot),
        "data_key": SectionKey.DATA_DISCUSSION.value,
        "can_write": writes,
        "can_respond": selectors.can_respond(request.user, visit),
        "can_open_school": access_for(request.user).has_school_perm(
            visit.school_id, SchoolPerm.VIEW
        ),
        "history": visit_history(user=request.user, visit=visit) if writes else None,
        "proforma_can_render": writes,
        "active": visit.status in selectors.ACTIVE_STATUSES,
        "panels": panels_for("visit", user=request.user, obj=visit),
    }
    return render(request, "qa_visits/visit_detail.html", context)


@trust_member_required
def visit_response(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    """The head's factual-accuracy response to a submitted visit record."""
    visit = selectors.access_visit(request.user, visit_id)
    if not selectors.can_respond(request.user, visit):
        raise Http404("No such visit")
    form = VisitResponseForm(posted(request), initial={"response": visit.head_response})
    if form.is_bound and form.is_valid():
        try:
            services.visit_response_set(
                visit=visit, response=form.cleaned_data["response"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your response has been saved with the visit record.")
            return redirect("qa_visits:detail", visit_id=visit.pk)
    context = {"form": form, "visit": visit}
    return form_page(request, "qa_visits/visit_response.html", context, bound=form.is_bound)
