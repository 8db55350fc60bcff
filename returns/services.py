"""Writes about data returns, statutory outcomes, targets and national benchmarks.

Each service is one transaction: it checks everything, writes all or nothing, and tells
django-simple-history who did it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction

from fht.models import Trust, User
from returns.grid import Figures, read_grid
from returns.measures import STATUTORY, Measure, Unit, info
from returns.models import (
    AttainmentRow,
    DataReturn,
    NationalBenchmark,
    SchoolTarget,
    StatutoryResult,
)
from schools.models import AcademicYear, HalfTerm, School


@dataclass(frozen=True)
class Headline:
    attendance: Decimal
    persistent_absence: Decimal
    suspensions: int
    permanent_exclusions: int


@dataclass(frozen=True)
class Outcome:
    """A statutory result as entered: a value, or the reason there is none."""

    value: Decimal | None
    cohort: int | None = None
    not_published: str = ""


def _save(obj: models.Model, acting_user: User | None) -> None:
    obj._history_user = acting_user  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()


def _delete(obj: models.Model, acting_user: User | None) -> None:
    obj._history_user = acting_user  # type: ignore[attr-defined]
    obj.delete()


def _same_trust(*objects: models.Model) -> None:
    trusts = {o.trust_id for o in objects}  # type: ignore[attr-defined]
    if len(trusts) != 1:
        raise ValidationError("These records belong to different trusts.")


def _duplicate_message(school: School, half_term: HalfTerm) -> str:
    return (
        f"{school.name} already has a data return for {half_term}. "
        "Edit that return instead of adding another."
    )


def _check_rows(rows: Sequence[Figures]) -> None:
    """The grid rules again, whoever calls: the form and the upload have checked them already."""
    cells = {
        (r.year_group, r.pupil_group): {
            c: "" if getattr(r, c) is None else str(getattr(r, c))
            for c in ("pupils", "reading", "writing", "maths", "combined")
        }
        for r in rows
    }
    if len(cells) != len(rows):
        raise ValidationError("Each year group and group can appear only once.")
    _, problems = read_grid(cells)
    if problems:
        raise ValidationError([p.message for p in problems])


def _save_rows(data_return: DataReturn, rows: Sequence[Figures], acting_user: User | None) -> None:
    existing = {(r.year_group, r.pupil_group): r for r in data_return.rows.all()}
    wanted = {(r.year_group, r.pupil_group): r for r in rows}
    for key, row in existing.items():
        if key not in wanted:
            _delete(row, acting_user)
    for key, figures in wanted.items():
        row = existing.get(key) or AttainmentRow(
            trust_id=data_return.trust_id,
            data_return=data_return,
            year_group=figures.year_group,
            pupil_group=figures.pupil_group,
        )
        values = {
            "pupils": figures.pupils,
            "reading": figures.reading,
            "writing": figures.writing,
            "maths": figures.maths,
            "combined": figures.combined,
        }
        if row.pk is not None and all(getattr(row, f) == v for f, v in values.items()):
            continue  # unchanged: no history row for it
        for field, value in values.items():
            setattr(row, field, value)
        _save(row, acting_user)


def data_return_save(
    *,
    school: School,
    half_term: HalfTerm,
    headline: Headline,
    rows: Sequence[Figures],
    acting_user: User | None,
    source: str = DataReturn.Source.FORM,
    data_return: DataReturn | None = None,
) -> DataReturn:
    """Add a school's return for a half-term, or (given `data_return`) replace its figures.

    A second return for the same school and half-term is refused: the existing one is edited.
    """
    with transaction.atomic(durable=True):
        return data_return_write(
            school=school,
            half_term=half_term,
            headline=headline,
            rows=rows,
            acting_user=acting_user,
            source=source,
            data_return=data_return,
        )


def data_return_write(
    *,
    school: School,
    half_term: HalfTerm,
    headline: Headline,
    rows: Sequence[Figures],
    acting_user: User | None,
    source: str,
    data_return: DataReturn | None = None,
) -> DataReturn:
    """`data_return_save` inside a transaction the caller holds (a confirmed upload's)."""
    _same_trust(school, half_term)
    _check_rows(rows)
    with transaction.atomic():
        if data_return is None:
            if DataReturn.objects.filter(school=school, half_term=half_term).exists():
                raise ValidationError({"half_term": _duplicate_message(school, half_term)})
            data_return = DataReturn(
                trust_id=school.trust_id, school=school, half_term=half_term, entered_by=acting_user
            )
        elif data_return.school_id != school.pk or data_return.half_term_id != half_term.pk:
            raise ValidationError("A return keeps its school and half-term.")
        data_return.attendance = headline.attendance
        data_return.persistent_absence = headline.persistent_absence
        data_return.suspensions = headline.suspensions
        data_return.permanent_exclusions = headline.permanent_exclusions
        data_return.source = source
        _save(data_return, acting_user)
        _save_rows(data_return, rows, acting_user)
    return data_return


# --- Statutory outcomes, targets and national benchmarks ----------------------------------------


def _bounds(measure: Measure) -> tuple[Decimal, Decimal]:
    unit = info(measure).unit
    if unit == Unit.PERCENT:
        return Decimal(0), Decimal(100)
    if unit == Unit.SCORE:
        return Decimal(-100), Decimal(100)
    return Decimal(0), Decimal(9999)


def check_measure_value(measure: Measure, value: Decimal) -> str | None:
    """Why a figure cannot be right for its measure, or None."""
    low, high = _bounds(measure)
    if not low <= value <= high:
        return f"must be between {low} and {high}"
    if info(measure).unit == Unit.COUNT and value != value.to_integral_value():
        return "must be a whole number"
    return None


def _value_errors(values: Mapping[Measure, Decimal | None]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for measure, value in values.items():
        problem = None if value is None else check_measure_value(measure, value)
        if problem:
            errors.setdefault(measure.value, []).append(f"{measure.label} {problem}.")
    return errors


def _outcome_errors(results: Mapping[Measure, Outcome]) -> dict[str, list[str]]:
    errors = _value_errors({m: o.value for m, o in results.items()})
    for measure, outcome in results.items():
        if measure not in STATUTORY:
            errors.setdefault(measure.value, []).append(f"{measure.label} is not statutory.")
        elif outcome.value is not None and outcome.not_published:
            errors.setdefault(measure.value, []).append(
                f"{measure.label}: give a figure or a reason there is none, not both."
            )
    return errors


def statutory_results_save(
    *,
    school: School,
    academic_year: AcademicYear,
    results: Mapping[Measure, Outcome | None],
    acting_user: User | None,
) -> None:
    """Set the school's statutory outcomes for a year. None (or nothing entered) removes one."""
    _same_trust(school, academic_year)
    given = {
        m: o
        for m, o in results.items()
        if o is not None and (o.value is not None or o.not_published)
    }
    errors = _outcome_errors(given)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        _write_outcomes(school, academic_year, {m: given.get(m) for m in results}, acting_user)


def _write_outcomes(
    school: School,
    academic_year: AcademicYear,
    results: Mapping[Measure, Outcome | None],
    acting_user: User | None,
) -> int:
    """Write the outcomes (None removes one); how many rows changed."""
    existing = {
        r.measure: r
        for r in StatutoryResult.objects.filter(school=school, academic_year=academic_year)
    }
    changed = 0
    for measure, outcome in results.items():
        result = existing.get(measure.value)
        if outcome is None:
            if result is not None:
                _delete(result, acting_user)
                changed += 1
            continue
        if result is None:
            result = StatutoryResult(
                trust_id=school.trust_id,
                school=school,
                academic_year=academic_year,
                measure=measure.value,
            )
        elif (result.value, result.cohort, result.not_published) == (
            outcome.value,
            outcome.cohort,
            outcome.not_published,
        ):
            continue
        result.value = outcome.value
        result.cohort = outcome.cohort
        result.not_published = outcome.not_published
        result.entered_by = acting_user
        result.source = ""  # typed in the form: no longer the published figure
        result.imported_at = None
        _save(result, acting_user)
        changed += 1
    return changed


def _set_values[M: SchoolTarget | NationalBenchmark](
    existing: dict[str, M],
    values: Mapping[Measure, Decimal | None],
    make: type[M],
    fields: dict[str, object],
    acting_user: User | None,
) -> None:
    for measure, value in values.items():
        row = existing.get(measure.value)
        if value is None:
            if row is not None:
                _delete(row, acting_user)
            continue
        if row is None:
            row = make(measure=measure.value, **fields)
        elif row.value == value:
            continue
        row.value = value
        _save(row, acting_user)


def school_targets_save(
    *,
    school: School,
    academic_year: AcademicYear,
    targets: Mapping[Measure, Decimal | None],
    acting_user: User | None,
) -> None:
    """Set the school's targets for a year; None removes a target."""
    _same_trust(school, academic_year)
    errors = _value_errors(targets)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        existing = {
            t.measure: t
            for t in SchoolTarget.objects.filter(school=school, academic_year=academic_year)
        }
        fields: dict[str, object] = {
            "trust_id": school.trust_id,
            "school": school,
            "academic_year": academic_year,
        }
        _set_values(existing, targets, SchoolTarget, fields, acting_user)


def national_benchmarks_save(
    *,
    trust: Trust,
    academic_year: AcademicYear,
    values: Mapping[Measure, Decimal | None],
    acting_user: User | None,
) -> None:
    """Set the national figures the trust holds for a year; None removes one."""
    if academic_year.trust_id != trust.pk:
        raise ValidationError("That academic year belongs to another trust.")
    errors = _value_errors(values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        existing = {
            b.measure: b
            for b in NationalBenchmark.objects.filter(trust=trust, academic_year=academic_year)
        }
        fields: dict[str, object] = {"trust": trust, "academic_year": academic_year}
        _set_values(existing, values, NationalBenchmark, fields, acting_user)
