"""What the school on a page shows beyond its figures: the rows of its tables (on screen, in CSV
and in the PDF) and its charts (fht.charts, pygal SVG), from a SchoolDashboard. No queries."""

from typing import Any

from django.http import Http404

from dashboards.selectors.school import SchoolDashboard, Series
from fht import charts


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
        # The decision's reason stays with the risk app, which shows it only to those at the
        # meeting: readers of the school see the category and when and where it was decided.
        return ["Decided on", "Category", "Before", "Where"], [
            [
                d.decided_on.isoformat(),
                d.get_category_display(),
                d.get_previous_category_display() or "Not yet categorised",
                d.get_source_display(),
            ]
            for d in dashboard.categories
        ]
    if key == "visit":
        judgements = dashboard.visit.judgements if dashboard.visit else []
        return ["Focus area", "Judgement"], [[j.title, j.rag or "Not judged"] for j in judgements]
    if key == "due":
        return ["What", "When", "Detail", "Overdue"], [
            [i.what, i.on.isoformat() if i.on else "", i.detail, "Yes" if i.overdue else ""]
            for i in dashboard.due
        ]
    series = dashboard.series(key)
    if series is None:
        raise Http404("No such table")
    return [series.first_column, "School", "National", "Target"], series_rows(series)


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
