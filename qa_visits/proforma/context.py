"""What a visit's proforma shows, in each edition (full, staffing, open), as plain values."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from fht import charts
from fht.rag import Rag
from qa_visits.models import Visit, VisitProforma, VisitSection
from qa_visits.sections import SECTIONS, ModerationActivity, Restriction, SectionKey

Audience = VisitProforma.Audience
TEMPLATE = "qa_visits/proforma/proforma.html"

# What each edition leaves out (DOMAIN.md, 'Who uses it': restricted parts).
WITHHELD: dict[str, frozenset[Restriction]] = {
    Audience.FULL: frozenset(),
    Audience.STAFFING: frozenset({Restriction.HEAD_PERFORMANCE}),
    Audience.OPEN: frozenset({Restriction.STAFFING, Restriction.HEAD_PERFORMANCE}),
}
EDITION_NOTE = {
    Audience.FULL: "Full edition: includes the restricted staffing and head teacher "
    "performance-management sections.",
    Audience.STAFFING: "Head teacher's edition: includes the restricted staffing section; the "
    "head teacher's performance management is withheld.",
    Audience.OPEN: "Edition for governors and the trust: restricted sections are withheld.",
}
RESTRICTION_NOTE = {
    Restriction.STAFFING: "For the CEO and deputy, the school's Director of QA and the head "
    "teacher only.",
    Restriction.HEAD_PERFORMANCE: "For the CEO and deputy and the school's Director of QA only: "
    "not shared with the head teacher.",
}
_PROSE_SECTIONS = {
    SectionKey.NEXT_STEPS,
    SectionKey.STRENGTHS,
    SectionKey.AREAS_FOR_DEVELOPMENT,
}


# --- the context: plain values only -------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    label: str
    value: str
    national: str
    target: str
    comparison: str  # "Better than national", "Worse than national", "Same as national", ""
    tone: str  # "better", "worse", "same", "" (a CSS class)
    note: str = ""


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    rag: str  # "green", "amber", "red" or ""
    rag_label: str  # the judgement in words ("Amber"), or "" when the section has none
    has_rag: bool
    notes: str
    restricted: bool
    restriction_note: str
    activities: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridRow:
    name: str
    pupils: int
    reading: str
    writing: str
    maths: str
    combined: str


@dataclass
class DataView:
    taken_on: dt.date | None = None
    collection_point: str = ""
    termly_year: str = ""
    headline: list[FigureRow] = field(default_factory=list)
    headline_chart: str | None = None  # a data: URI of an SVG
    by_year: list[GridRow] = field(default_factory=list)
    by_group: list[GridRow] = field(default_factory=list)
    statutory_year: str = ""
    statutory: list[FigureRow] = field(default_factory=list)
    statutory_chart: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.headline and not self.statutory


BLANK = "\N{EN DASH}"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return BLANK
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "score":
        return f"{value:+.2f}"
    return f"{value:g}"


def _comparison(figure: dict[str, Any]) -> tuple[str, str]:
    value, national = figure.get("value"), figure.get("national")
    if value is None or national is None:
        return "", ""
    if value == national:
        return "Same as national", "same"
    better = (value > national) == bool(figure.get("higher_is_better", True))
    return ("Better than national", "better") if better else ("Worse than national", "worse")


def _figure_row(figure: dict[str, Any]) -> FigureRow:
    unit = str(figure.get("unit", ""))
    comparison, tone = _comparison(figure)
    note = ""
    if figure.get("not_published"):
        note = "Not published"
    elif figure.get("cohort"):
        note = f"Cohort {figure['cohort']}"
    return FigureRow(
        label=str(figure["label"]),
        value=_fmt(figure.get("value"), unit),
        national=_fmt(figure.get("national"), unit),
        target=_fmt(figure.get("target"), unit),
        comparison=comparison,
        tone=tone,
        note=note,
    )


def _chart(title: str, figures: Sequence[dict[str, Any]]) -> str | None:
    svg = charts.figures_chart(title=title, figures=figures)
    return charts.data_uri(svg) if svg else None


def _weighted(rows: Sequence[dict[str, Any]], subject: str) -> str:
    assessed = [(r["pupils"], r[subject]) for r in rows if r.get(subject) is not None]
    pupils = sum(n for n, _ in assessed)
    return _fmt(sum(n * v for n, v in assessed) / pupils, "%") if pupils else BLANK


def _grid_row(name: str, rows: Sequence[dict[str, Any]]) -> GridRow:
    return GridRow(
        name=name,
        pupils=sum(int(r.get("pupils") or 0) for r in rows),
        reading=_weighted(rows, "reading"),
        writing=_weighted(rows, "writing"),
        maths=_weighted(rows, "maths"),
        combined=_weighted(rows, "combined"),
    )


def _grouped(rows: Sequence[dict[str, Any]], key: str) -> list[GridRow]:
    order: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        order.setdefault(str(row[key]), []).append(row)
    return [_grid_row(name, group) for name, group in order.items()]


def _data_view(snapshot: dict[str, Any] | None) -> DataView:
    view = DataView()
    if not snapshot:
        return view
    if snapshot.get("taken_on"):
        view.taken_on = dt.date.fromisoformat(snapshot["taken_on"])
    termly = snapshot.get("termly")
    if termly:
        view.collection_point = termly.get("collection_point", "")
        view.termly_year = termly.get("academic_year", "")
        view.headline = [_figure_row(f) for f in termly.get("headline", [])]
        view.headline_chart = _chart("Termly figures (%)", termly.get("headline", []))
        grid = termly.get("attainment", [])
        all_pupils = [r for r in grid if r.get("pupil_group") == "All pupils"]
        view.by_year = _grouped(all_pupils, "year_group")
        view.by_group = _grouped(grid, "pupil_group")
    statutory = snapshot.get("statutory")
    if statutory:
        view.statutory_year = statutory.get("academic_year", "")
        view.statutory = [_figure_row(f) for f in statutory.get("outcomes", [])]
        view.statutory_chart = _chart("Statutory outcomes (%)", statutory.get("outcomes", []))
    return view


def _section_views(rows: Sequence[VisitSection], audience: str) -> list[SectionView]:
    saved = {row.key: row for row in rows}
    activity_labels = dict(ModerationActivity.choices)
    rag_labels = dict(Rag.choices)
    views = []
    for section in SECTIONS:
        row = saved.get(section.key.value)
        if row is None or section.restriction in WITHHELD[audience]:
            continue
        views.append(
            SectionView(
                key=section.key.value,
                title=section.title,
                rag=row.rag if section.has_rag else "",
                rag_label=str(rag_labels.get(row.rag, "Not judged")) if section.has_rag else "",
                has_rag=section.has_rag,
                notes=row.notes,
                restricted=section.restriction != Restriction.NONE,
                restriction_note=RESTRICTION_NOTE.get(section.restriction, ""),
                activities=tuple(str(activity_labels.get(a, a)) for a in row.activities or []),
            )
        )
    return views


def proforma_context(*, visit_id: int, audience: str) -> dict[str, Any]:
    """Everything the proforma template shows for one edition: plain values, no querysets.

    Call inside the visit's trust scope.
    """
    visit = Visit.objects.select_related(
        "trust", "school", "school__cluster", "director", "academic_year", "head_responded_by"
    ).get(pk=visit_id)
    sections = _section_views(list(visit.sections.all()), audience)
    by_key = {s.key: s for s in sections}
    return {
        "trust_name": visit.trust.name,
        "document_title": f"QA visit proforma: {visit.school.name}",
        "restricted": any(s.restricted for s in sections),
        "printed_on": timezone.localdate(),
        "audience": str(audience),
        "edition_note": EDITION_NOTE[Audience(audience)],
        "school": {
            "name": visit.school.name,
            "urn": visit.school.urn,
            "phase": visit.school.get_phase_display(),
            "cluster": visit.school.cluster.name if visit.school.cluster else "",
        },
        "visit": {
            "date": visit.date,
            "director": visit.director.full_name,
            "academic_year": str(visit.academic_year),
            "purpose": visit.purpose,
            "days": visit.days,
            "version": visit.version,
            "submitted_at": visit.submitted_at,
            "amended_at": visit.amended_at,
        },
        "judgements": [s for s in sections if s.has_rag],
        "next_steps": by_key.get(SectionKey.NEXT_STEPS.value),
        "strengths": by_key.get(SectionKey.STRENGTHS.value),
        "areas_for_development": by_key.get(SectionKey.AREAS_FOR_DEVELOPMENT.value),
        "sections": [s for s in sections if s.key not in _PROSE_SECTIONS],
        "data": _data_view(visit.snapshot),
        "head_response": {
            "text": visit.head_response,
            "at": visit.head_responded_at,
            "by": visit.head_responded_by.full_name if visit.head_responded_by else "",
        },
    }
