"""The effective-practice library: the list (search by words, filter by theme, school and cluster,
CSV), an entry's page, editing and removing it (its school's planners and head), and adding one
from a submitted QA visit's strengths (the visit page's panel posts here).

Views parse, check access, call one selector or service, and render. A refused form re-renders
with what was typed and the messages beside the fields (400)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.tables import Column, RowTable
from fht.types import AuthenticatedRequest
from qa_visits.selectors import access_visit, can_write_school
from reviews.forms.library import VISIT_FORM_PREFIX, EntryForm
from reviews.models import AreaKey
from reviews.selectors import library as selectors
from reviews.selectors.library import EntryRow, Filters
from reviews.services import library as services

COLUMNS = [
    Column("title", "Title", order_by="entry.title", value=lambda r: r.entry.title),
    Column("theme", "Theme", order_by="entry.theme", value=lambda r: r.entry.get_theme_display()),
    Column("school", "School", order_by="entry.school.name", value=lambda r: r.entry.school.name),
    Column(
        "contact",
        "Contact",
        value=lambda r: r.entry.contact.full_name if r.entry.contact else "",
    ),
    Column("role", "Role at the school", value=lambda r: r.contact_role),
    Column("email", "Email", value=lambda r: r.entry.contact.email if r.entry.contact else ""),
    Column("source", "Where it came from", value=lambda r: r.source_label),
    Column(
        "added_at",
        "Added",
        order_by="entry.added_at",
        value=lambda r: r.entry.added_at.date().isoformat(),
    ),
    Column("description", "Description", value=lambda r: r.entry.description),
]


def _id(value: str | None, allowed: set[int]) -> int | None:
    try:
        number = int(value or "") if len(value or "") <= 20 else None
    except ValueError:
        return None
    return number if number in allowed else None


@require_GET
@trust_member_required
def library(request: AuthenticatedRequest) -> HttpResponse:
    """Who does what well across the trust: every entry, newest first, with its school, contact
    and where it came from."""
    selectors.require_reads_library(request.user)
    schools, clusters = selectors.library_choices(user=request.user)
    theme = request.GET.get("theme", "")
    filters = Filters(
        query=request.GET.get("q", "").strip()[: selectors.SEARCH_MAX],
        theme=theme if theme in AreaKey.values else "",
        school_id=_id(request.GET.get("school"), {s.pk for s in schools}),
        cluster_id=_id(request.GET.get("cluster"), {c.pk for c in clusters}),
    )
    rows = selectors.library_rows(user=request.user, filters=filters)
    table = RowTable(
        request, columns=COLUMNS, rows=rows, default_sort="added_at", filename="effective-practice"
    )
    if request.GET.get("sort") is None:
        table.descending = True
        table.rows = table._ordered(rows, "entry.added_at")
    if table.wants_csv:
        return table.csv_response()
    context: dict[str, Any] = {
        "table": table,
        "rows": table.rows,
        "filters": filters,
        "query": filters.query,
        "themes": AreaKey.choices,
        "schools": schools,
        "clusters": clusters,
        "nav_section": "reviews",
    }
    return render(request, "reviews/library/list.html", context)


@require_GET
@trust_member_required
def entry_detail(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    row = selectors.access_entry(request.user, entry_id)
    return render(
        request,
        "reviews/library/entry.html",
        {"row": row, "entry": row.entry, "nav_section": "reviews"},
    )


def _data(form: EntryForm) -> services.EntryData:
    data = form.cleaned_data
    return services.EntryData(
        title=data["title"],
        theme=data["theme"],
        description=data["description"],
        contact=data["contact"],
    )


@require_http_methods(["GET", "POST"])
@trust_member_required
def entry_edit(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    row: EntryRow = selectors.access_entry(request.user, entry_id, edit=True)
    entry = row.entry
    contacts = selectors.entry_contacts(school=entry.school, current=entry.contact)
    form = EntryForm(
        posted(request),
        contacts=contacts,
        initial={
            "title": entry.title,
            "theme": entry.theme,
            "description": entry.description,
            "contact": entry.contact_id,
        },
    )
    if form.is_bound and form.is_valid():
        try:
            services.practice_entry_update(entry=entry, data=_data(form), acting_user=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The entry is saved.")
            return redirect("reviews:practice_entry", entry_id=entry.pk)
    context = {"form": form, "entry": entry, "nav_section": "reviews"}
    return form_page(request, "reviews/library/entry_form.html", context, bound=form.is_bound)


@require_http_methods(["GET", "POST"])
@trust_member_required
def entry_remove(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    row = selectors.access_entry(request.user, entry_id, edit=True)
    if request.method == "POST":
        title = row.entry.title
        services.practice_entry_delete(entry=row.entry, acting_user=request.user)
        messages.success(request, f"'{title}' is removed from the library.")
        return redirect("reviews:library")
    context = {"entry": row.entry, "nav_section": "reviews"}
    return render(request, "reviews/library/entry_remove.html", context)


@require_http_methods(["GET", "POST"])
@trust_member_required
def entry_from_visit(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    """Add an entry from a submitted visit's strengths: those who manage the school's improvement.
    A visit not yet submitted, or one they may not write, is a 404."""
    visit = access_visit(request.user, visit_id)
    if not visit.is_submitted or not can_write_school(request.user, visit.school_id):
        raise Http404("No such visit.")
    strengths = selectors.visit_strengths(visit)
    form = EntryForm(
        posted(request),
        contacts=selectors.entry_contacts(school=visit.school),
        initial={"description": strengths},
        prefix=VISIT_FORM_PREFIX,
    )
    if form.is_bound and form.is_valid():
        try:
            entry = services.practice_entry_from_visit(
                visit=visit, data=_data(form), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"'{entry.title}' is in the effective-practice library.",
            )
            return redirect(reverse("qa_visits:detail", args=[visit.pk]) + "#practice")
    context = {"form": form, "visit": visit, "strengths": strengths, "nav_section": "reviews"}
    return form_page(request, "reviews/library/from_visit.html", context, bound=form.is_bound)
