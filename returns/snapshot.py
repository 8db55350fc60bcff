"""The data snapshot: a school's figures as they stand on a day, against national and target.

A QA visit freezes this at submission (`Visit.snapshot`), so its proforma shows the data as it stood
that day, whatever is entered later. The result is plain JSON (numbers as floats, None for blank).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from returns.measures import STATUTORY, Measure, info
from returns.models import (
    AttainmentRow,
    DataReturn,
    NationalBenchmark,
    SchoolTarget,
    StatutoryResult,
)
from schools.models import School

Snapshot = dict[str, Any]


def _num(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _figure(
    measure: Measure, value: float | None, national: dict[str, float], target: dict[str, float]
) -> dict[str, Any]:
    about = info(measure)
    return {
        "measure": measure.value,
        "label": measure.label,
        "unit": about.unit.value,
        "higher_is_better": about.higher_is_better,
        "value": value,
        "national": national.get(measure.value),
        "target": target.get(measure.value),
    }


def _by_measure(rows: Any) -> dict[str, float]:
    return {m: float(v) for m, v in rows.values_list("measure", "value")}


def _on_track(data_return: DataReturn) -> dict[Measure, float | None]:
    """Whole-school share on track: the all-pupils rows, weighted by the pupils in each year."""
    return on_track(list(data_return.rows.filter(pupil_group=AttainmentRow.PupilGroup.ALL)))


def on_track(rows: list[AttainmentRow]) -> dict[Measure, float | None]:
    """`_on_track` from rows already loaded (other groups' rows are left out here)."""
    rows = [r for r in rows if r.pupil_group == AttainmentRow.PupilGroup.ALL]
    result: dict[Measure, float | None] = {}
    for subject, measure in (
        ("reading", Measure.ON_TRACK_READING),
        ("writing", Measure.ON_TRACK_WRITING),
        ("maths", Measure.ON_TRACK_MATHS),
        ("combined", Measure.ON_TRACK_COMBINED),
    ):
        assessed = [
            (r.pupils, getattr(r, subject)) for r in rows if getattr(r, subject) is not None
        ]
        pupils = sum(n for n, _ in assessed)
        result[measure] = (
            round(sum(n * float(v) for n, v in assessed) / pupils, 1) if pupils else None
        )
    return result


def latest_return(*, school: School, as_of: dt.date) -> DataReturn | None:
    return (
        DataReturn.objects.filter(school=school, half_term__starts_on__lte=as_of)
        .select_related("half_term__academic_year")
        .order_by("-half_term__starts_on")
        .first()
    )


def headline_figures(
    data_return: DataReturn,
    on_track_values: dict[Measure, float | None],
    national: dict[str, float],
    target: dict[str, float],
) -> list[dict[str, Any]]:
    """The return's headline figures, each against national and target (the snapshot's shape)."""
    values: dict[Measure, float | None] = {
        Measure.ATTENDANCE: _num(data_return.attendance),
        Measure.PERSISTENT_ABSENCE: _num(data_return.persistent_absence),
        Measure.SUSPENSIONS: _num(data_return.suspensions),
        Measure.PERMANENT_EXCLUSIONS: _num(data_return.permanent_exclusions),
        **on_track_values,
    }
    return [_figure(m, v, national, target) for m, v in values.items()]


def _termly(school: School, data_return: DataReturn) -> dict[str, Any]:
    year = data_return.half_term.academic_year
    national = _by_measure(
        NationalBenchmark.objects.filter(trust_id=school.trust_id, academic_year=year)
    )
    target = _by_measure(SchoolTarget.objects.filter(school=school, academic_year=year))
    headline = headline_figures(data_return, _on_track(data_return), national, target)
    grid = [
        {
            "year_group": row.get_year_group_display(),
            "pupil_group": row.get_pupil_group_display(),
            "pupils": row.pupils,
            "reading": _num(row.reading),
            "writing": _num(row.writing),
            "maths": _num(row.maths),
            "combined": _num(row.combined),
        }
        for row in data_return.rows.all()
    ]
    return {
        "collection_point": str(data_return.half_term),
        "academic_year": str(year),
        "headline": headline,
        "attainment": grid,
    }


def _statutory(school: School, as_of: dt.date) -> dict[str, Any] | None:
    results = StatutoryResult.objects.filter(
        school=school, academic_year__starts_in__lte=as_of.year
    ).select_related("academic_year")
    latest = results.order_by("-academic_year__starts_in").first()
    if latest is None:
        return None
    year = latest.academic_year
    national = _by_measure(
        NationalBenchmark.objects.filter(trust_id=school.trust_id, academic_year=year)
    )
    target = _by_measure(SchoolTarget.objects.filter(school=school, academic_year=year))
    by_measure = {r.measure: r for r in results.filter(academic_year=year)}
    figures = []
    for measure in STATUTORY:
        result = by_measure.get(measure.value)
        if result is None:
            continue
        figure = _figure(measure, _num(result.value), national, target)
        figure["not_published"] = result.not_published
        figure["cohort"] = result.cohort
        figures.append(figure)
    return {"academic_year": str(year), "outcomes": figures}


def school_data_snapshot(*, school: School, as_of: dt.date) -> Snapshot:
    """The figures a visit on `as_of` discusses: the latest return and the latest statutory year."""
    data_return = latest_return(school=school, as_of=as_of)
    return {
        "taken_on": as_of.isoformat(),
        "termly": _termly(school, data_return) if data_return else None,
        "statutory": _statutory(school, as_of),
    }
