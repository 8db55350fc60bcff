"""Reads about data returns. `access_*` is the only road from a URL's id to an object: they filter by
the person's trust first and answer 404 both for 'missing' and for 'not yours'."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Value
from django.http import Http404

from fht.access import access_for
from fht.models import Trust, User
from fht.roles import Role, SchoolPerm, TrustPerm
from fht.tenancy import trust_id_of
from returns.measures import STATUTORY, Measure, info
from returns.models import (
    AttainmentRow,
    DataReturn,
    NationalBenchmark,
    PublishedAbsence,
    SchoolTarget,
    StatutoryResult,
)
from returns.snapshot import headline_figures, on_track
from schools.models import AcademicYear, HalfTerm, School
from schools.selectors import access_school, get_in_trust
from schools.years import academic_years

# --- Who may do what ------------------------------------------------------------------------------


def can_write_data(user: User, school_id: int) -> bool:
    """Heads enter their school's figures; the CEO, deputy and the school's Director of QA too."""
    return access_for(user).works_on_improvement(school_id)


def access_school_data(user: User, school_id: int, *, write: bool = False) -> School:
    """The school, to read its data (or, with `write`, to enter it); 404 otherwise."""
    if write and not can_write_data(user, school_id):
        raise Http404("No such school")
    return access_school(user, school_id, SchoolPerm.VIEW_IMPROVEMENT)


def access_data_return(user: User, return_id: int, *, write: bool = False) -> DataReturn:
    returns = DataReturn.objects.select_related("school__cluster", "half_term__academic_year")
    data_return = get_in_trust(user, returns, return_id, "data return")
    access = access_for(user)
    if not access.has_school_perm(data_return.school_id, SchoolPerm.VIEW_IMPROVEMENT) or (
        write and not can_write_data(user, data_return.school_id)
    ):
        raise Http404("No such data return")
    return data_return


def access_academic_year(user: User, year_id: int) -> AcademicYear:
    """One of the person's trust's academic years; 404 for another trust's."""
    return get_in_trust(user, AcademicYear.objects.all(), year_id, "academic year")


def can_manage_benchmarks(user: User) -> bool:
    return access_for(user).has_trust_perm(TrustPerm.MANAGE_BENCHMARKS)


def access_academic_year_for_benchmarks(user: User, year_id: int) -> AcademicYear:
    if not can_manage_benchmarks(user):
        raise Http404("No such academic year")
    return access_academic_year(user, year_id)


def importable_school_ids(user: User) -> list[int]:
    """The schools whose published DfE figures (performance tables, absence) this person may
    import: those whose improvement work they manage, and every school of the trust for its
    administrators, who load the trust's published data (they read every school's data already)."""
    access = access_for(user)
    if Role.TRUST_ADMIN in access.roles:
        return list(School.objects.filter(trust_id=trust_id_of(user)).values_list("pk", flat=True))
    return list(access.school_ids(SchoolPerm.MANAGE_IMPROVEMENT))


def require_import(user: User) -> None:
    if not importable_school_ids(user):
        raise PermissionDenied(
            "Only the CEO, the deputy CEO, Directors of QA and trust administrators import the "
            "DfE's published files."
        )


# --- Half-terms and years -------------------------------------------------------------------------


def half_terms(*, trust_id: int) -> QuerySet[HalfTerm]:
    """The trust's half-terms, newest first."""
    return (
        HalfTerm.objects.filter(trust_id=trust_id)
        .select_related("academic_year")
        .order_by("-starts_on")
    )


def returned_half_terms(*, school: School) -> dict[int, int]:
    """The half-terms the school has a return for: half-term id to the return's id."""
    return dict(
        DataReturn.objects.filter(school=school, trust_id=school.trust_id).values_list(
            "half_term_id", "pk"
        )
    )


# --- A school's data page -------------------------------------------------------------------------


def school_returns(*, school: School) -> QuerySet[DataReturn]:
    """Every return of the school, with what its table row shows (one query)."""
    return (
        DataReturn.objects.filter(school=school, trust_id=school.trust_id)
        .select_related("half_term__academic_year", "entered_by")
        .annotate(row_count=Count("rows"))
    )


def _by_year_measure(rows: Any) -> dict[int, dict[str, float]]:
    result: dict[int, dict[str, float]] = defaultdict(dict)
    for year_id, measure, value in rows.values_list("academic_year_id", "measure", "value"):
        result[year_id][measure] = float(value)
    return result


@dataclass
class Outcomes:
    """One academic year's statutory outcomes and targets for a school, with national beside."""

    year: AcademicYear
    results: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    absence: list[PublishedAbsence] = field(default_factory=list)


@dataclass
class SchoolData:
    latest: DataReturn | None
    headline: list[dict[str, Any]]
    grid: list["GridYear"]
    years: list[Outcomes]


@dataclass
class GridYear:
    year_group: str
    rows: list[AttainmentRow]


def grid_years(rows: list[AttainmentRow]) -> list[GridYear]:
    groups = list(AttainmentRow.PupilGroup.values)
    by_year: dict[int, list[AttainmentRow]] = defaultdict(list)
    for row in rows:
        by_year[row.year_group].append(row)
    return [
        GridYear(
            year_group=AttainmentRow.YearGroup(year).label,
            rows=sorted(by_year[year], key=lambda r: groups.index(r.pupil_group)),
        )
        for year in sorted(by_year)
    ]


def return_headline(data_return: DataReturn, rows: list[AttainmentRow]) -> list[dict[str, Any]]:
    """A return's headline figures against national and target for its year (two queries)."""
    year_id = data_return.half_term.academic_year_id
    national = _by_year_measure(
        NationalBenchmark.objects.filter(trust_id=data_return.trust_id, academic_year_id=year_id)
    )[year_id]
    target = _by_year_measure(
        SchoolTarget.objects.filter(
            trust_id=data_return.trust_id, school_id=data_return.school_id, academic_year_id=year_id
        )
    )[year_id]
    return headline_figures(data_return, on_track(rows), national, target)


def _measure_row(
    measure: Measure, value: Decimal | None, national: dict[str, float], target: dict[str, float]
) -> dict[str, Any]:
    return {
        "measure": measure.value,
        "label": measure.label,
        "unit": info(measure).unit.value,
        "value": None if value is None else float(value),
        "national": national.get(measure.value),
        "target": target.get(measure.value),
    }


def _outcomes(school: School, latest: DataReturn | None) -> list[Outcomes]:
    """Every year with statutory results, published absence or targets, newest first (five
    queries)."""
    results = list(
        StatutoryResult.objects.filter(school=school, trust_id=school.trust_id).select_related(
            "academic_year"
        )
    )
    targets = list(
        SchoolTarget.objects.filter(school=school, trust_id=school.trust_id).select_related(
            "academic_year"
        )
    )
    absence = list(
        PublishedAbsence.objects.filter(school=school, trust_id=school.trust_id).select_related(
            "academic_year"
        )
    )
    national = _by_year_measure(NationalBenchmark.objects.filter(trust_id=school.trust_id))
    target_values: dict[int, dict[str, float]] = defaultdict(dict)
    for target in targets:
        target_values[target.academic_year_id][target.measure] = float(target.value)
    years: dict[int, Outcomes] = {}
    held_years = [r.academic_year for r in results] + [t.academic_year for t in targets]
    for held in held_years + [a.academic_year for a in absence]:
        years.setdefault(held.pk, Outcomes(year=held))
    for published in absence:
        years[published.academic_year_id].absence.append(published)
    if latest is not None:
        year = latest.half_term.academic_year
        years.setdefault(year.pk, Outcomes(year=year))
    for result in sorted(results, key=lambda r: STATUTORY.index(Measure(r.measure))):
        year_id = result.academic_year_id
        figure = _measure_row(
            Measure(result.measure),
            result.value,
            national.get(year_id, {}),
            target_values.get(year_id, {}),
        )
        figure.update(
            cohort=result.cohort,
            not_published=result.not_published,
            source=result.source,
            imported_at=result.imported_at,
        )
        years[year_id].results.append(figure)
    order = list(Measure.values)
    for target in sorted(targets, key=lambda t: order.index(t.measure)):
        measure = Measure(target.measure)
        years[target.academic_year_id].targets.append(
            {
                "label": measure.label,
                "unit": info(measure).unit.value,
                "value": float(target.value),
                "national": national.get(target.academic_year_id, {}).get(measure.value),
            }
        )
    return sorted(years.values(), key=lambda o: o.year.starts_in, reverse=True)


def school_data(*, school: School, latest: DataReturn | None) -> SchoolData:
    """What the data page shows beside the returns table: a fixed number of queries."""
    rows = list(latest.rows.all()) if latest is not None else []
    return SchoolData(
        latest=latest,
        headline=return_headline(latest, rows) if latest is not None else [],
        grid=grid_years(rows),
        years=_outcomes(school, latest),
    )


def latest_return(*, school: School) -> DataReturn | None:
    return (
        DataReturn.objects.filter(school=school, trust_id=school.trust_id)
        .select_related("half_term__academic_year")
        .order_by("-half_term__starts_on")
        .first()
    )


# --- Forms' starting values -----------------------------------------------------------------------


def statutory_results(*, school: School, academic_year: AcademicYear) -> dict[str, StatutoryResult]:
    return {
        r.measure: r
        for r in StatutoryResult.objects.filter(
            school=school, academic_year=academic_year, trust_id=school.trust_id
        )
    }


def school_targets(*, school: School, academic_year: AcademicYear) -> dict[str, Decimal]:
    return dict(
        SchoolTarget.objects.filter(
            school=school, academic_year=academic_year, trust_id=school.trust_id
        ).values_list("measure", "value")
    )


def national_benchmarks(*, trust_id: int, academic_year: AcademicYear) -> dict[str, Decimal]:
    return dict(
        NationalBenchmark.objects.filter(
            trust_id=trust_id, academic_year=academic_year
        ).values_list("measure", "value")
    )


@dataclass
class BenchmarkYear:
    year: AcademicYear
    figures: list[tuple[str, str, float | None]]  # label, unit, value


def benchmark_years(*, user: User) -> list[BenchmarkYear]:
    """Every academic year of the trust with its national figure per measure (two queries)."""
    trust_id = trust_id_of(user)
    values = _by_year_measure(NationalBenchmark.objects.filter(trust_id=trust_id))
    return [
        BenchmarkYear(
            year=year,
            figures=[
                (m.label, info(m).unit.value, values.get(year.pk, {}).get(m.value)) for m in Measure
            ],
        )
        for year in academic_years(trust_id=trust_id)
    ]


# --- The school page's panel ------------------------------------------------------------------------


def panel_figures(*, school: School) -> tuple[DataReturn | None, list[dict[str, Any]]]:
    """The latest return's headline against national and target, in three queries."""
    latest = latest_return(school=school)
    if latest is None:
        return None, []
    rows = list(latest.rows.filter(pupil_group=AttainmentRow.PupilGroup.ALL))
    year_id = latest.half_term.academic_year_id
    national_q = (
        NationalBenchmark.objects.filter(trust_id=school.trust_id, academic_year_id=year_id)
        .order_by()
        .values_list("measure", "value", Value("national"))
    )
    target_q = (
        SchoolTarget.objects.filter(
            trust_id=school.trust_id, school=school, academic_year_id=year_id
        )
        .order_by()
        .values_list("measure", "value", Value("target"))
    )
    national: dict[str, float] = {}
    target: dict[str, float] = {}
    for measure, value, kind in national_q.union(target_q, all=True):
        (national if kind == "national" else target)[measure] = float(value)
    return latest, headline_figures(latest, on_track(rows), national, target)


def trust_schools_by_urn(*, trust: Trust) -> dict[str, School]:
    return {s.urn: s for s in School.objects.filter(trust=trust)}
