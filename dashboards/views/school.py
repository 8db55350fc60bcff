"""The school on a page (`dashboards:school`), its tables as CSV (`?csv=<table>`) and its PDF
(`dashboards:school_pdf`, made here: one school's page renders in well under a second)."""

import csv
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from dashboards.selectors.school import (
    SchoolDashboard,
    Series,
    access_school_dashboard,
    school_dashboard,
)
from fht import charts
from fht.decorators import trust_member_required
from fht.pdf import render_pdf
from fht.tables import csv_safe
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest


def _figure(value: float | int | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{value:g}%" if unit == "%" else f"{value:g}"


def series_rows(series: Series) -> list[list[object]]:
    """A series as table rows: what, school (or why it is missing), national, target."""
    rows: list[list[object]] = []
    for p in series.points:
        school = _figure(p.value, p.unit) if p.value is not None else p.missing
        rows.append([p.label, school, _figure(p.national, p.unit), _figure(p.target, p.unit)])
    return rows


def table_csv(dashboard: SchoolDashboard, key: str) -> tuple[list[str], list[list[object]]]:
    """The header and rows of one of the page's tables, by its key; 404 for an unknown key."""
    if key == "categories":
        return ["Decided on", "Category", "Before", "Where", "Reason"], [
            [
                d.decided_on.isoformat(),
                d.get_category_display(),
                d.get_previous_category_display() or "Not yet categorised",
                d.get_source_display(),
                d.reason,
            ]
            for d in dashboard.categories
        ]
    if key == "due":
        return ["What", "When", "Detail", "Overdue"], [
            [i.what, i.on.isoformat() if i.on else "", i.detail, "Yes" if i.overdue else ""]
            for i in dashboard.due
        ]
    series = dashboard.series(key)
    if series is None:
        raise Http404("No such table")
    return [series.first_column, "School", "National", "Target"], series_rows(series)


def _csv_response(dashboard: SchoolDashboard, key: str) -> HttpResponse:
    header, rows = table_csv(dashboard, key)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"school-{dashboard.school.urn}-{key}-{dashboard.as_of.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response


def _charts(dashboard: SchoolDashboard) -> dict[str, str]:
    """Each series' chart as SVG (percentages only; the table beside it has every figure)."""
    drawn: dict[str, str] = {}
    for series in [*dashboard.termly, *dashboard.statutory]:
        svg = charts.figures_chart(
            title=series.title, figures=[p.as_figure() for p in series.points]
        )
        if svg:
            drawn[series.key] = svg
    return drawn


def body_context(dashboard: SchoolDashboard, *, pdf: bool) -> dict[str, Any]:
    """What templates/dashboards/_school_body.html needs, on screen (`pdf` False: charts as images,
    links) or in a PDF (inline SVG, no links)."""
    drawn = _charts(dashboard)
    tables = [
        {
            "series": s,
            "rows": series_rows(s),
            "svg": drawn.get(s.key),
            "img": charts.data_uri(drawn[s.key]) if s.key in drawn else None,
        }
        for s in [*dashboard.termly, *dashboard.statutory]
    ]
    return {
        "d": dashboard,
        "tables_termly": tables[: len(dashboard.termly)],
        "tables_statutory": tables[len(dashboard.termly) :],
        "pdf": pdf,
    }


@trust_member_required
def school_page(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = access_school_dashboard(request.user, school_id)
    dashboard = school_dashboard(school=school, user=request.user, as_of=timezone.localdate())
    if "csv" in request.GET:
        return _csv_response(dashboard, request.GET["csv"])
    context = {"school": school, **body_context(dashboard, pdf=False)}
    return render(request, "dashboards/school.html", context)


@trust_member_required
def school_pdf(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = access_school_dashboard(request.user, school_id)
    as_of = timezone.localdate()
    dashboard = school_dashboard(school=school, user=request.user, as_of=as_of)
    context = {
        "document_title": f"{school.name}: the school on a page",
        "trust_name": trust_of(request.user).name,
        "printed_on": as_of,
        **body_context(dashboard, pdf=True),
    }
    pdf = render_pdf("dashboards/school_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"school-on-a-page-{school.urn}-{as_of.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("dashboards/schools/<int:school_id>/", school_page, name="school"),
    path("dashboards/schools/<int:school_id>/school.pdf", school_pdf, name="school_pdf"),
]
