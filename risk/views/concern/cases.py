"""The trust's concern cases: the list (with its CSV), opening a case, and the case page with its
forms (record a step, step up or back, close, the letters' text, link the ISAP's amendment).

A refused form re-renders the case page with what was typed and the messages beside the fields:
400 for bad input, 409 when the case changed since the page was opened."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.tables import Column, Table
from fht.tenancy import trust_id_of, trust_of
from fht.types import AuthenticatedRequest
from risk.access import owns_escalation, reads_restricted
from risk.forms.concern import (
    CloseForm,
    IsapLinkForm,
    LetterTextForm,
    LevelForm,
    OpenCaseForm,
    StepForm,
)
from risk.models import ConcernCase, ConcernLetter, ConcernLevel
from risk.selectors import concern as selectors
from risk.services import concern as services
from risk.services.concern_letters import LETTER_LEVEL
from schools.selectors import trust_clusters

# --- the list ----------------------------------------------------------------------------------

COLUMNS = [
    Column("school", "School", order_by="school__name", value=lambda r: r.case.school.name),
    Column(
        "cluster",
        "Cluster",
        order_by="school__cluster__name",
        value=lambda r: r.case.school.cluster.name if r.case.school.cluster else "",
    ),
    Column("level", "Level", order_by="level", value=lambda r: r.case.level, numeric=True),
    Column("status", "Status", order_by="status", value=lambda r: r.case.get_status_display()),
    Column("opened_on", "Opened", order_by="opened_on", value=lambda r: r.case.opened_on),
    Column("closed_on", "Closed", order_by="closed_on", value=lambda r: r.case.closed_on),
    Column("missing", "Required steps missing", value=lambda r: r.missing_words),
]
STATUSES = [("open", "Open"), ("closed", "Closed"), ("all", "All")]


def _int(value: str | None, allowed: set[int]) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number in allowed else None


def _require_reader(request: AuthenticatedRequest) -> None:
    if not selectors.reads_any_case(access_for(request.user)):
        raise Http404("No such page")


@require_GET
@trust_member_required
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    """The cases this person reads, filtered by status (open by default), level and cluster."""
    _require_reader(request)
    status = request.GET.get("status", "open")
    status = status if status in dict(STATUSES) else "open"
    level = _int(request.GET.get("level"), set(ConcernLevel.values))
    clusters = list(trust_clusters(trust=trust_of(request.user)))
    cluster_id = _int(request.GET.get("cluster"), {c.pk for c in clusters})
    cases = selectors.cases_for(
        user=request.user,
        status="" if status == "all" else status,
        level=level,
        cluster_id=cluster_id,
    )
    table = Table(
        request, columns=COLUMNS, rows=cases, default_sort="level", filename="concern-cases"
    )
    rows = selectors.case_rows(table.rows)
    if table.wants_csv:
        return table.csv_response(rows)
    context = {
        "table": table,
        "rows": rows,
        "status": status,
        "statuses": STATUSES,
        "level": str(level or ""),
        "levels": [(str(v), label) for v, label in ConcernLevel.choices],
        "cluster": str(cluster_id or ""),
        "clusters": [(str(c.pk), c.name) for c in clusters],
        "filtered": bool(level or cluster_id or status != "open"),
        "can_open": owns_escalation(access_for(request.user)),
    }
    return render(request, "risk/concern/case_list.html", context)


# --- opening -----------------------------------------------------------------------------------


@trust_member_required
def case_open(request: AuthenticatedRequest) -> HttpResponse:
    """Open a case for one of the trust's open schools that has none (the CEO and deputy)."""
    if not owns_escalation(access_for(request.user)):
        raise Http404("No such page")
    schools = selectors.schools_without_open_case(trust_id=trust_id_of(request.user))
    initial = {"school": request.GET.get("school")} if request.GET.get("school") else {}
    form = OpenCaseForm(posted(request), schools=schools, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.concern_case_open(
                school=data["school"],
                level=data["level"],
                reason=data["reason"],
                opened_on=data["opened_on"],
                issues=data["issues"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"The case of {case.school.name} is open at level {case.level}."
            )
            return redirect("risk:concern_case", case_id=case.pk)
    return form_page(request, "risk/concern/case_open.html", {"form": form}, bound=form.is_bound)


# --- the case page -----------------------------------------------------------------------------


def _step_kinds(request: AuthenticatedRequest, case: ConcernCase) -> list[Any]:
    kinds = selectors.recordable_steps(case.level)
    if not owns_escalation(access_for(request.user)):
        kinds = [k for k in kinds if k not in selectors.OWNER_STEPS]
    return kinds


def _restricted(request: AuthenticatedRequest, case: ConcernCase) -> bool:
    return reads_restricted(access_for(request.user), case.school_id)


def case_page(
    request: AuthenticatedRequest,
    case: ConcernCase,
    *,
    status: int = 200,
    **bound: forms.Form,
) -> HttpResponse:
    """The case page, with any refused form in place of its empty one."""
    today = timezone.localdate()
    owner = owns_escalation(access_for(request.user))
    restricted = _restricted(request, case)
    priorities, actions = selectors.isap_choices(case, today=today)
    version = {"version": case.version}
    text = {
        "issues": case.issues,
        "actions_to_follow": case.actions_to_follow,
        "performance_management": case.performance_management,
        **version,
    }
    letters = selectors.letters_of(case)
    context = {
        "case": case,
        "log": selectors.case_log(case),
        "missing": selectors.missing_steps(case),
        "owner": owner,
        "restricted": restricted,
        "step_form": bound.get("step_form") or StepForm(kinds=_step_kinds(request, case)),
        "level_form": bound.get("level_form") or LevelForm(initial=version),
        "close_form": bound.get("close_form") or CloseForm(initial=version),
        "text_form": bound.get("text_form") or LetterTextForm(initial=text, restricted=restricted),
        "isap_form": bound.get("isap_form") or IsapLinkForm(priorities=priorities, actions=actions),
        "letters": [
            {
                "kind": kind,
                "label": kind.label,
                "level": LETTER_LEVEL[kind],
                "due": case.level >= LETTER_LEVEL[kind],
                "letter": letters.get(kind),
            }
            for kind in ConcernLetter.Kind
        ],
        "errors": [f for f in bound.values() if f.errors],
    }
    return render(request, "risk/concern/case_detail.html", context, status=status)


@require_GET
@trust_member_required
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return case_page(request, selectors.access_case(request.user, case_id))


def _refused(
    request: AuthenticatedRequest, case: ConcernCase, name: str, form: forms.Form, error: Any
) -> HttpResponse:
    if isinstance(error, services.CaseChanged):
        form.add_error(
            None,
            "Someone changed the case after you opened this page: nothing was saved. "
            "The page now shows the case as it stands; make your change again if it is still needed.",
        )
        fresh = selectors.access_case(request.user, case.pk)
        return case_page(request, fresh, status=409, **{name: form})
    add_service_error(form, error)
    return case_page(request, case, status=400, **{name: form})


def _done(request: AuthenticatedRequest, case: ConcernCase, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("risk:concern_case", case_id=case.pk)


@require_POST
@trust_member_required
def case_step(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """Record a step (the school's Director of QA, the CEO and deputy; the letters' sending and
    the level-4 action, the CEO and deputy only)."""
    case = selectors.access_case(request.user, case_id)
    form = StepForm(request.POST, kinds=_step_kinds(request, case))
    if not form.is_valid():
        return case_page(request, case, status=400, step_form=form)
    data = form.cleaned_data
    try:
        step = services.concern_step_record(
            case=case,
            kind=data["kind"],
            done_on=data["done_on"],
            note=data["note"],
            taken_action=data["taken_action"],
            acting_user=request.user,
        )
    except ValidationError as error:
        return _refused(request, case, "step_form", form, error)
    return _done(request, case, f"Recorded: {step.get_kind_display()}.")


@require_POST
@trust_member_required
def case_level(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """Step the case up or back (the CEO and deputy)."""
    case = selectors.access_case(request.user, case_id, own=True)
    form = LevelForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, status=400, level_form=form)
    data = form.cleaned_data
    try:
        decision = services.concern_level_set(
            case=case,
            to_level=data["to_level"],
            reason=data["reason"],
            decided_on=data["decided_on"],
            version=data["version"],
            acting_user=request.user,
        )
    except (ValidationError, services.CaseChanged) as error:
        return _refused(request, case, "level_form", form, error)
    return _done(request, case, f"{decision.what}.")


@require_POST
@trust_member_required
def case_close(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """Close the case: the school leaves the procedure (the CEO and deputy)."""
    case = selectors.access_case(request.user, case_id, own=True)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, status=400, close_form=form)
    data = form.cleaned_data
    try:
        services.concern_case_close(
            case=case,
            reason=data["reason"],
            closed_on=data["closed_on"],
            version=data["version"],
            acting_user=request.user,
        )
    except (ValidationError, services.CaseChanged) as error:
        return _refused(request, case, "close_form", form, error)
    return _done(request, case, "The case is closed.")


@require_POST
@trust_member_required
def case_text(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """What the letters say (whoever reads the case; the restricted text only those who may read
    it)."""
    case = selectors.access_case(request.user, case_id)
    restricted = _restricted(request, case)
    form = LetterTextForm(request.POST, restricted=restricted)
    if not form.is_valid():
        return case_page(request, case, status=400, text_form=form)
    data = form.cleaned_data
    try:
        services.concern_letter_text_set(
            case=case,
            issues=data["issues"],
            actions_to_follow=data["actions_to_follow"],
            performance_management=data["performance_management"] if restricted else None,
            version=data["version"],
            acting_user=request.user,
        )
    except (ValidationError, services.CaseChanged) as error:
        return _refused(request, case, "text_form", form, error)
    return _done(request, case, "The letters' text is saved. Make the letters again to use it.")


@require_POST
@trust_member_required
def case_isap(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """Link a priority (or action) of this year's plan whose source is the case."""
    case = selectors.access_case(request.user, case_id)
    priorities, actions = selectors.isap_choices(case, today=timezone.localdate())
    form = IsapLinkForm(request.POST, priorities=priorities, actions=actions)
    if not form.is_valid():
        return case_page(request, case, status=400, isap_form=form)
    priority, action = form.chosen()
    try:
        services.concern_isap_link(
            case=case, priority=priority, action=action, acting_user=request.user
        )
    except ValidationError as error:
        return _refused(request, case, "isap_form", form, error)
    return _done(request, case, "The ISAP's amendment is linked to the case.")
