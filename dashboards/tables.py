"""Every table of the trust and cluster dashboards as CSV: the same rows the page shows, by name
(`?format=csv&table=<name>`), each cell made safe for spreadsheets (fht.tables.csv_safe)."""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse

from dashboards.selectors.cluster import ClusterDashboard
from dashboards.selectors.measures import Figure, SchoolFigure
from dashboards.selectors.trust import TrustDashboard
from fht.tables import csv_safe
from risk.selectors.growth import GoldenRule
from risk.views.growth.pages import RULE_HEADER, rule_rows

Rows = list[list[object]]


@dataclass(frozen=True)
class CsvTable:
    filename: str
    header: list[str]
    rows: Rows


def csv_response(table: CsvTable, stamp: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.filename}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"  # a trust's data: no shared cache keeps it
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response


def number(value: float | None) -> object:
    return "" if value is None else value


MEASURE_HEADER = [
    "Measure",
    "Period",
    "Figure",
    "Unit",
    "Schools counted",
    "Schools in all",
    "Schools not counted",
    "National",
    "Trust target",
]


def measure_rows(figures: Iterable[Figure]) -> Rows:
    return [
        [
            f.label,
            f.period,
            number(f.value),
            f.unit,
            f.counted,
            f.of,
            "; ".join(f.missing),
            number(f.national),
            number(f.target),
        ]
        for f in figures
    ]


def _school_cell(figure: SchoolFigure | None) -> object:
    if figure is None:
        return ""
    if figure.missing:
        return f"Not counted: {figure.missing}"
    return number(figure.value)


# --- the trust dashboard ---------------------------------------------------------------------------


def _golden(board: TrustDashboard) -> CsvTable:
    rules: list[tuple[str, GoldenRule]] = [
        ("The trust's categories, now", board.golden.by_category),
        ("Latest Ofsted outcome, now", board.golden.by_ofsted),
    ]
    return CsvTable("golden-rule", RULE_HEADER, rule_rows(rules))


def _ofsted(board: TrustDashboard) -> CsvTable:
    rows: Rows = []
    for table in board.ofsted.tables:
        for judgement, counts in table.rows:
            rows += [
                [table.framework, judgement, grade, n]
                for grade, n in zip(table.grades, counts, strict=True)
            ]
    rows += [["Never inspected", "", "", len(board.ofsted.never_inspected)]]
    return CsvTable("ofsted-profile", ["Framework", "Judgement", "Grade", "Schools"], rows)


def _clusters(board: TrustDashboard) -> CsvTable:
    keys = [f.key for f in board.measures.figures]
    labels = [f.label for f in board.measures.figures]
    header = [
        "Cluster",
        "Schools",
        "A",
        "B",
        "C",
        "D",
        "Not categorised",
        *labels,
        "Overdue visits",
        "Actions red or overdue",
        "Core-offer days used",
        "Core-offer days allowed",
    ]
    rows: Rows = []
    for row in board.clusters:
        figures = [row.figures[k] for k in keys]
        rows.append(
            [
                row.name,
                row.schools,
                *(row.categories[c] for c in ("A", "B", "C", "D", "")),
                *(
                    f"{number(f.value)} ({f.coverage})" if f.value is not None else f.coverage
                    for f in figures
                ),
                row.overdue_visits,
                row.actions.red_or_overdue,
                row.days.used,
                row.days.allowance,
            ]
        )
    return CsvTable("clusters", header, rows)


TRUST_TABLES: dict[str, Callable[[TrustDashboard], CsvTable | None]] = {
    "categories-now": lambda b: CsvTable(
        "categories-now", ["Category", "Schools"], [list(r) for r in b.categories]
    ),
    "categories": lambda b: CsvTable(
        "categories-by-half-term", ["School", *b.heat.half_terms], b.heat_rows
    ),
    "golden-rule": _golden,
    "ofsted": _ofsted,
    "measures": lambda b: CsvTable(
        "key-measures", MEASURE_HEADER, measure_rows(b.measures.figures)
    ),
    "concern": lambda b: (
        CsvTable(
            "concern-procedure",
            ["School", "Cluster", "Level"],
            [[r.name, r.cluster, r.level] for r in b.concern],
        )
        if b.shows_concern
        else None
    ),
    "overdue-visits": lambda b: CsvTable(
        "overdue-visits",
        ["School", "Cluster", "Category", "Last visit", "Next visit due", "Days overdue"],
        [
            [r.name, r.cluster, r.category or "", r.last_visited_on or "", r.due_on, r.days_overdue]
            for r in b.overdue
        ],
    ),
    "actions": lambda b: CsvTable(
        "plan-actions-red-or-overdue",
        ["School", "Open actions", "Red", "Overdue", "Red or overdue"],
        [[s.name, a.open, a.red, a.overdue, a.red_or_overdue] for s, a in b.schools_with_actions],
    ),
    "core-offer": lambda b: CsvTable(
        "core-offer-days",
        ["School", "Days used", "Days allowed", "Days left"],
        [[s.name, d.used, d.allowance, d.left] for s, _, d in b.school_rows],
    ),
    "clusters": _clusters,
}


# --- the cluster dashboard -------------------------------------------------------------------------


def _side_by_side(board: ClusterDashboard) -> CsvTable:
    figures = board.figures
    header = ["School", "Category", *(f.label for f in figures)]
    rows: Rows = [
        [
            c.school.name,
            c.school.category or "",
            *(_school_cell(c.figures.get(f.key)) for f in figures),
        ]
        for c in board.schools
    ]
    rows.append(
        [
            f"{board.cluster.name} (all schools)",
            "",
            *(
                f"{number(f.value)} ({f.coverage})" if f.value is not None else f.coverage
                for f in figures
            ),
        ]
    )
    return CsvTable("schools-side-by-side", header, rows)


def _visits(board: ClusterDashboard) -> CsvTable:
    header = ["School", "Latest visit", *(label for _, label in board.sections)]
    rows: Rows = []
    for column in board.schools:
        visit = column.visit.visit if column.visit else None
        judgements = column.visit.judgements if column.visit else {}
        rows.append(
            [
                column.school.name,
                visit.visited_on if visit and visit.visited_on else "No visit yet",
                *(judgements.get(key, "Not judged") for key, _ in board.sections),
            ]
        )
    return CsvTable("latest-visit-judgements", header, rows)


CLUSTER_TABLES: dict[str, Callable[[ClusterDashboard], CsvTable | None]] = {
    "measures": lambda b: CsvTable("key-measures", MEASURE_HEADER, measure_rows(b.figures)),
    "schools": _side_by_side,
    "visits": _visits,
    "actions": lambda b: CsvTable(
        "plan-actions-by-rag",
        ["School", "Open actions", "Red", "Amber", "Green", "Not rated", "Overdue"],
        [
            [
                c.school.name,
                c.actions.open,
                c.actions.red,
                c.actions.amber,
                c.actions.green,
                c.actions.not_rated,
                c.actions.overdue,
            ]
            for c in b.schools
        ],
    ),
    "categories": lambda b: CsvTable(
        "categories-and-ofsted",
        ["School", "Category", "Latest Ofsted inspection", "Inspected on"],
        [
            [
                c.school.name,
                c.school.category or "Not categorised",
                c.inspection.headline if c.inspection else "Never inspected",
                c.inspection.inspected_on if c.inspection else "",
            ]
            for c in b.schools
        ],
    ),
}


def table_for[B](
    tables: dict[str, Callable[[B], CsvTable | None]], name: str, board: B
) -> CsvTable | None:
    maker = tables.get(name)
    return maker(board) if maker else None
