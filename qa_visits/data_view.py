"""The data discussion's figures for a page: a table of each figure against national and target,
and a chart of the percentages with a text alternative (the table carries every figure)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fht import charts

BLANK = "\N{EN DASH}"


@dataclass(frozen=True)
class FigureRow:
    label: str
    value: str
    national: str
    target: str
    comparison: str  # in words: "Better than national", "Worse than national", ...
    lower_is_better: bool


@dataclass(frozen=True)
class FigureTable:
    caption: str
    rows: list[FigureRow]
    chart: str | None  # a data: URI
    chart_alt: str


@dataclass
class DataView:
    taken_on: str = ""
    tables: list[FigureTable] = field(default_factory=list)


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return BLANK
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "score":
        return f"{value:+.2f}"
    return f"{value:g}"


def _comparison(figure: dict[str, Any]) -> str:
    value, national = figure.get("value"), figure.get("national")
    if value is None or national is None:
        return ""
    if value == national:
        return "Same as national"
    better = (value > national) == bool(figure.get("higher_is_better", True))
    return "Better than national" if better else "Worse than national"


def _row(figure: dict[str, Any]) -> FigureRow:
    unit = str(figure.get("unit", ""))
    return FigureRow(
        label=str(figure.get("label", "")),
        value="Not published" if figure.get("not_published") else fmt(figure.get("value"), unit),
        national=fmt(figure.get("national"), unit),
        target=fmt(figure.get("target"), unit),
        comparison=_comparison(figure),
        lower_is_better=not figure.get("higher_is_better", True),
    )


def _alt(title: str, figures: Sequence[dict[str, Any]]) -> str:
    shown = charts.percent_figures(figures)
    parts = []
    for f in shown:
        part = f"{f['label']} {fmt(f['value'], '%')}"
        if f.get("national") is not None:
            part += f" (national {fmt(f['national'], '%')})"
        parts.append(part)
    return f"Bar chart, {title.lower()}, school against national and target: " + "; ".join(parts)


def _table(caption: str, figures: Sequence[dict[str, Any]]) -> FigureTable:
    svg = charts.figures_chart(title=caption, figures=figures)
    return FigureTable(
        caption=caption,
        rows=[_row(f) for f in figures],
        chart=charts.data_uri(svg) if svg else None,
        chart_alt=_alt(caption, figures) if svg else "",
    )


def data_view(snapshot: dict[str, Any] | None) -> DataView:
    """The tables (and charts) of a data snapshot (returns.snapshot's shape)."""
    view = DataView()
    if not snapshot:
        return view
    view.taken_on = str(snapshot.get("taken_on") or "")
    termly = snapshot.get("termly")
    if termly and termly.get("headline"):
        caption = f"Latest data return: {termly.get('collection_point', '')}"
        view.tables.append(_table(caption, termly["headline"]))
    statutory = snapshot.get("statutory")
    if statutory and statutory.get("outcomes"):
        caption = f"Statutory outcomes, {statutory.get('academic_year', '')}"
        view.tables.append(_table(caption, statutory["outcomes"]))
    return view
