"""The action plan's lists: a plan's history ('changes since the last QA visit'), the director's list
of actions (overdue and red ones stand out), and the support totals of clusters and the trust.

Views parse, check access, call one selector, and render."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fht.decorators import trust_member_required
from fht.tables import Column, RowTable, Table
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from isap import selectors
from isap.history import last_visit_date, plan_history, start_of_day
from isap.models import Action
from isap.selectors import lists as list_selectors
from isap.selectors.lists import ActionRow, SupportRow
from schools.years import academic_year_for, academic_years

HISTORY_LIMIT = 200
SHOW = {
    "attention": "Needing attention (overdue or red)",
    "open": "Open actions",
    "all": "All actions",
}


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**63 else None


# --- a plan's history -----------------------------------------------------------------------------


@require_GET
@trust_member_required
def plan_history_page(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Every change to the plan, newest first, or only those since the last QA visit."""
    plan = selectors.access_plan(request.user, plan_id)
    visited_on = last_visit_date(plan)
    since_visit = request.GET.get("since") == "visit" and visited_on is not None
    since = start_of_day(visited_on) if since_visit and visited_on is not None else None
    context = {
        "plan": plan,
        "changes": plan_history(plan=plan, since=since, limit=HISTORY_LIMIT),
        "limit": HISTORY_LIMIT,
        "visited_on": visited_on,
        "since_visit": since_visit,
    }
    return render(request, "isap/plan_history.html", context)


# --- the director's list of actions --------------------------------------------------------------------


def _day(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


ACTION_COLUMNS = [
    Column("what", "Action", order_by="what", value=lambda r: r.action.what),
    Column(
        "school",
        "School",
        order_by="priority__plan__school__name",
        value=lambda r: r.action.priority.plan.school.name,
    ),
    Column(
        "priority",
        "Priority",
        order_by="priority__number",
        value=lambda r: r.action.priority.number,
    ),
    Column("responsible", "Responsible", value=lambda r: r.action.responsible),
    Column("due_on", "Due", order_by="due_on", value=lambda r: _day(r.action.due_on)),
    Column("status", "Status", order_by="status", value=lambda r: r.action.get_status_display()),
    Column("rag", "RAG", order_by="rag_rank", value=lambda r: r.action.get_rag_display()),
    Column("overdue", "Overdue", value=lambda r: "Overdue" if r.overdue else ""),
]


@require_GET
@trust_member_required
def action_list_page(request: AuthenticatedRequest) -> HttpResponse:
    """The actions of the plans this person manages or updates, this academic year."""
    list_selectors.require_tracks_actions(request.user)
    query = request.GET.get("q", "").strip()[:100]
    school_id = _int_or_none(request.GET.get("school"))
    show = request.GET.get("show", "open")
    show = show if show in SHOW else "open"
    today = timezone.localdate()
    year = academic_year_for(trust_id=trust_of(request.user).pk, on=today)

    def actions(show: str) -> QuerySet[Action]:
        return selectors.action_list(
            user=request.user, year=year, query=query, school_id=school_id, show=show, today=today
        )

    table = Table(
        request,
        columns=ACTION_COLUMNS,
        rows=list_selectors.with_rag_rank(actions(show)),
        default_sort="due_on",
        filename="actions",
    )
    rows = [ActionRow(a, today) for a in table.rows]
    if table.wants_csv:
        return table.csv_response(rows)
    counts = list_selectors.attention_counts(actions=actions("open"), today=today)
    context = {
        "table": table,
        "rows": rows,
        "year": year,
        "counts": counts,
        "schools": list_selectors.action_schools(user=request.user),
        "query": query,
        "school_id": school_id,
        "show": show,
        "show_choices": SHOW.items(),
        "filtered": bool(query or school_id or show != "open"),
        "nav_section": "actions",
    }
    return render(request, "isap/action_list.html", context)


# --- support totals -------------------------------------------------------------------------------------


def _figure(name: str, label: str) -> Column:
    return Column(
        name,
        label,
        order_by=f"support.{name}",
        value=lambda r: getattr(r.support, name),
        numeric=True,
    )


SUPPORT_COLUMNS = [
    Column("name", "Cluster", order_by="name"),
    _figure("schools", "Schools"),
    _figure("allowance", "Core-offer days allowed"),
    _figure("visit_days", "QA visit days"),
    _figure("core_support_days", "Support days (core offer)"),
    _figure("used", "Core-offer days used"),
    _figure("left", "Core-offer days left"),
    _figure("school_days", "Support days (school pays)"),
    _figure("core_cost", "Cost to the core offer (£)"),
    _figure("school_cost", "Cost to schools (£)"),
    _figure("total_cost", "Total cost (£)"),
]


@require_GET
@trust_member_required
def support_totals_page(request: AuthenticatedRequest) -> HttpResponse:
    """Core-offer days used and left, and support days and costs by who pays, by cluster and for
    the trust (or, for a Director of QA, their clusters)."""
    list_selectors.require_support_totals(request.user)
    trust = trust_of(request.user)
    years = academic_years(trust_id=trust.pk)
    chosen = _int_or_none(request.GET.get("year"))
    year = next((y for y in years if y.pk == chosen), None) or academic_year_for(
        trust_id=trust.pk, on=timezone.localdate()
    )
    context: dict[str, object] = {
        "trust": trust,
        "years": years,
        "year": year,
        "nav_section": "actions",
    }
    if year is not None:
        totals = list_selectors.support_table(
            user=request.user, year=year, allowance=trust.core_offer_days
        )
        table = RowTable(
            request,
            columns=SUPPORT_COLUMNS,
            rows=totals.rows,
            default_sort="name",
            filename=f"support-{year.starts_in}",
        )
        if table.wants_csv:
            rows: list[SupportRow] = [*table.rows, totals.total]
            return table.csv_response(rows)
        context |= {"table": table, "rows": list(table.rows), "total": totals.total}
        context["trust_wide"] = totals.trust_wide
    return render(request, "isap/support_totals.html", context)
