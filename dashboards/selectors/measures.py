"""The figures engine: the key measures of a set of schools (a trust, a cluster), school by school
and together, against national and the trust's own targets.

Which figures
- Attendance and persistent absence: each school's data return of one half-term, the latest
  half-term (started on or before the day asked about) for which any of the schools has a return.
  A school with no return for that half-term is missing; an older return is never mixed in.
- EYFS good level of development, Year 1 phonics, KS2 reading, writing and maths at the expected
  and at the higher standard: the statutory results of one academic year, the latest (begun on or
  before the day) for which any of the schools has a result.
- The disadvantaged gap: the data model holds pupil groups only in the termly attainment rows
  (`AttainmentRow`: on track at age-related expectations, by year group and group). So the gap is
  the share on track in reading, writing and maths combined of all pupils minus that of
  disadvantaged pupils, in percentage points, from the same half-term's returns (positive: the
  disadvantaged pupils are behind). Statutory results carry no pupil groups, so no statutory gap
  is shown.

How schools are added together (as the DfE weights a group of schools)
- A percentage over several schools is the pupils meeting it over the pupils counted:
  sum(value x cohort) / sum(cohort). Statutory results are weighted by their cohort; attendance
  and persistent absence (no cohort held) by each school's pupils on roll; the on-track shares by
  the pupils in each year group's row (all pupils, or the disadvantaged pupils).
- A school counts only where its figure and its weight are both known. One without (no return, a
  suppressed result, no cohort or no pupils on roll) is left out of the sum *and named*: every
  figure says "n of m schools" and lists the schools missing, never averaging over the rest in
  silence. Nothing is counted when no school has the figure.
- The gap counts the schools with both an all-pupils and a disadvantaged figure: both shares are
  weighted over those schools' rows, and the gap is their difference.
- Results are rounded to one decimal place at the end, never before.

Reads: a fixed number of queries (seven at most) whatever the number of schools.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from dashboards.models import TrustTarget
from returns.measures import Measure, info
from returns.models import AttainmentRow, DataReturn, NationalBenchmark, StatutoryResult
from schools.models import AcademicYear, HalfTerm, School

GAP = "disadvantaged_gap"
GAP_LABEL = "Gap: on track in reading, writing and maths, all pupils minus disadvantaged"
TERMLY = (Measure.ATTENDANCE, Measure.PERSISTENT_ABSENCE)
STATUTORY = (
    Measure.EYFS_GLD,
    Measure.PHONICS_Y1,
    Measure.KS2_RWM_EXPECTED,
    Measure.KS2_RWM_HIGHER,
)
KEY_MEASURES: tuple[str, ...] = (*TERMLY, *STATUTORY, GAP)
# What the trust sets targets for: the key measures and the KS2 progress scores.
TARGET_MEASURES: tuple[Measure, ...] = (
    *TERMLY,
    *STATUTORY,
    Measure.KS2_READING_PROGRESS,
    Measure.KS2_WRITING_PROGRESS,
    Measure.KS2_MATHS_PROGRESS,
)


@dataclass(frozen=True)
class SchoolFigure:
    """One school's figure for a measure and the weight it carries (None: not known)."""

    value: float | None
    weight: int | None
    missing: str = ""  # why the school is not counted, in words ("" when it is)

    @property
    def counted(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Figure:
    """A measure over several schools: the weighted figure, how many schools it counts, and the
    national figure and the trust's target beside it."""

    key: str
    label: str
    unit: str  # "%" or "percentage points"
    period: str  # the half-term or academic year the figure is of
    value: float | None
    counted: int
    of: int
    missing: tuple[str, ...] = ()  # the names of the schools not counted
    national: float | None = None
    target: float | None = None
    higher_is_better: bool = True

    @property
    def complete(self) -> bool:
        return self.counted == self.of

    @property
    def coverage(self) -> str:
        return f"{self.counted} of {self.of} school{'s' if self.of != 1 else ''}"

    @property
    def against_national(self) -> float | None:
        if self.value is None or self.national is None:
            return None
        return round(self.value - self.national, 1)

    @property
    def against_target(self) -> float | None:
        if self.value is None or self.target is None:
            return None
        return round(self.value - self.target, 1)

    def _better(self, difference: float | None) -> bool | None:
        if difference is None or difference == 0:
            return None
        return (difference > 0) == self.higher_is_better

    @property
    def above_national(self) -> bool | None:
        """True if better than national, False if worse, None if level or unknown."""
        return self._better(self.against_national)

    @property
    def meets_target(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.against_target == 0 or bool(self._better(self.against_target))


Share = tuple[float, int]  # a share on track and the pupils it is of


@dataclass(frozen=True)
class Context:
    """What a figure is compared with: its period, national and the trust's target."""

    period: str
    national: float | None
    target: float | None


@dataclass(frozen=True)
class KeyMeasures:
    """The schools' own figures, read once, from which any group of them (the trust, a cluster)
    is added up without another query."""

    schools: list[School]
    # school id -> measure key -> the school's own figure
    by_school: dict[int, dict[str, SchoolFigure]]
    # school id -> (all pupils, disadvantaged pupils) on track combined, where both are known
    gap_shares: dict[int, tuple[Share, Share]]
    context: dict[str, Context]
    half_term: HalfTerm | None
    year: AcademicYear | None

    @cached_property
    def figures(self) -> list[Figure]:
        """Every key measure over all the schools read (worked out once)."""
        return self.over(self.schools)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def over(self, schools: Sequence[School]) -> list[Figure]:
        """Every key measure over these schools (some or all of those read)."""
        return [self._measure(m, schools) for m in (*TERMLY, *STATUTORY)] + [self._gap(schools)]

    def _measure(self, measure: Measure, schools: Sequence[School]) -> Figure:
        value, counted, missing = combine(measure.value, schools, self.by_school)
        about = self.context[measure.value]
        return Figure(
            key=measure.value,
            label=str(measure.label),
            unit="%",
            period=about.period,
            value=value,
            counted=counted,
            of=len(schools),
            missing=missing,
            national=about.national,
            target=about.target,
            higher_is_better=info(measure).higher_is_better,
        )

    def _gap(self, schools: Sequence[School]) -> Figure:
        counted = [self.gap_shares[s.pk] for s in schools if s.pk in self.gap_shares]
        every = weighted(a for a, _ in counted)
        dis = weighted(d for _, d in counted)
        return Figure(
            key=GAP,
            label=GAP_LABEL,
            unit="percentage points",
            period=self.context[GAP].period,
            value=_round(every - dis) if every is not None and dis is not None else None,
            counted=len(counted),
            of=len(schools),
            missing=tuple(s.name for s in schools if s.pk not in self.gap_shares),
            higher_is_better=False,
        )


def weighted(parts: Iterable[tuple[float, int]]) -> float | None:
    """sum(value x weight) / sum(weight), unrounded; None when no weight."""
    items = list(parts)
    total = sum(w for _, w in items)
    if total <= 0:
        return None
    return sum(v * w for v, w in items) / total


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def combine(
    key: str, schools: Sequence[School], by_school: dict[int, dict[str, SchoolFigure]]
) -> tuple[float | None, int, tuple[str, ...]]:
    """The pupil-weighted figure of `key` over the schools that have it, how many they are and
    the names of the others."""
    parts, missing = [], []
    for school in schools:
        found = by_school.get(school.pk, {}).get(key)
        if found is None or not found.counted or found.value is None or not found.weight:
            missing.append(school.name)
            continue
        parts.append((found.value, found.weight))
    return _round(weighted(parts)), len(parts), tuple(missing)


# --- reads (one query each) ------------------------------------------------------------------------


def _latest_half_term(school_ids: list[int], as_of: dt.date) -> HalfTerm | None:
    found = (
        DataReturn.objects.filter(school_id__in=school_ids, half_term__starts_on__lte=as_of)
        .select_related("half_term__academic_year")
        .order_by("-half_term__starts_on")
        .first()
    )
    return found.half_term if found else None


def _latest_statutory_year(school_ids: list[int], as_of: dt.date) -> AcademicYear | None:
    found = (
        StatutoryResult.objects.filter(
            school_id__in=school_ids, academic_year__starts_in__lte=_year_started(as_of)
        )
        .select_related("academic_year")
        .order_by("-academic_year__starts_in")
        .first()
    )
    return found.academic_year if found else None


def _year_started(day: dt.date) -> int:
    """The calendar year the academic year holding `day` began in (September to August)."""
    return day.year if day.month >= 9 else day.year - 1


def _by_measure(rows: Iterable[tuple[int, str, Decimal]]) -> dict[tuple[int, str], float]:
    return {(year_id, measure): float(value) for year_id, measure, value in rows}


# --- per school ---------------------------------------------------------------------------------


def _termly(
    schools: Sequence[School], returns: dict[int, DataReturn], label: str
) -> dict[int, dict[str, SchoolFigure]]:
    out: dict[int, dict[str, SchoolFigure]] = defaultdict(dict)
    for school in schools:
        found = returns.get(school.pk)
        for measure in TERMLY:
            if found is None:
                out[school.pk][measure.value] = SchoolFigure(None, None, f"No return for {label}")
                continue
            value = float(getattr(found, measure.value))
            if not school.pupils_on_roll:
                out[school.pk][measure.value] = SchoolFigure(value, None, "No pupils on roll held")
                continue
            out[school.pk][measure.value] = SchoolFigure(value, school.pupils_on_roll)
    return out


def _group_share(rows: list[AttainmentRow], group: str) -> Share | None:
    """The share on track (combined) of one pupil group over the year groups, and its pupils."""
    parts = [
        (float(r.combined), r.pupils)
        for r in rows
        if r.pupil_group == group and r.combined is not None and r.pupils
    ]
    share = weighted(parts)
    return None if share is None else (share, sum(w for _, w in parts))


def _gaps(
    schools: Sequence[School], rows: dict[int, list[AttainmentRow]], has_return: set[int]
) -> tuple[dict[int, SchoolFigure], dict[int, tuple[Share, Share]]]:
    """Each school's gap (weighted by its disadvantaged pupils), and both shares where known."""
    figures: dict[int, SchoolFigure] = {}
    shares: dict[int, tuple[Share, Share]] = {}
    for school in schools:
        if school.pk not in has_return:
            figures[school.pk] = SchoolFigure(None, None, "No return")
            continue
        every = _group_share(rows.get(school.pk, []), AttainmentRow.PupilGroup.ALL)
        dis = _group_share(rows.get(school.pk, []), AttainmentRow.PupilGroup.DISADVANTAGED)
        if every is None or dis is None:
            figures[school.pk] = SchoolFigure(None, None, "No disadvantaged figures")
            continue
        figures[school.pk] = SchoolFigure(_round(every[0] - dis[0]), dis[1])
        shares[school.pk] = (every, dis)
    return figures, shares


def _statutory(
    schools: Sequence[School], results: dict[tuple[int, str], StatutoryResult], label: str
) -> dict[int, dict[str, SchoolFigure]]:
    out: dict[int, dict[str, SchoolFigure]] = defaultdict(dict)
    for school in schools:
        for measure in STATUTORY:
            found = results.get((school.pk, measure.value))
            if found is None:
                figure = SchoolFigure(None, None, f"No result for {label}")
            elif found.value is None:
                figure = SchoolFigure(None, found.cohort, found.not_published or "Not published")
            elif not found.cohort:
                figure = SchoolFigure(float(found.value), None, "No cohort held")
            else:
                figure = SchoolFigure(float(found.value), found.cohort)
            out[school.pk][measure.value] = figure
    return out


# --- the whole -------------------------------------------------------------------------------------


def _read_returns(
    ids: list[int], half_term: HalfTerm | None
) -> tuple[dict[int, DataReturn], dict[int, list[AttainmentRow]]]:
    """The half-term's returns of the schools and their all-pupils and disadvantaged rows (two
    queries)."""
    rows: dict[int, list[AttainmentRow]] = defaultdict(list)
    if half_term is None:
        return {}, rows
    returns = {
        r.school_id: r
        for r in DataReturn.objects.filter(school_id__in=ids, half_term=half_term).only(
            "pk", "school_id", "attendance", "persistent_absence"
        )
    }
    school_of = {r.pk: school_id for school_id, r in returns.items()}
    groups = [AttainmentRow.PupilGroup.ALL, AttainmentRow.PupilGroup.DISADVANTAGED]
    for row in AttainmentRow.objects.filter(
        data_return_id__in=list(school_of), pupil_group__in=groups
    ):
        rows[school_of[row.data_return_id]].append(row)
    return returns, rows


def _context(
    trust_id: int, half_term: HalfTerm | None, year: AcademicYear | None
) -> dict[str, Context]:
    """Each key measure's period, national figure and trust target (two queries)."""
    term_year = half_term.academic_year if half_term else None
    year_ids = {y.pk for y in (term_year, year) if y is not None}
    values = ("academic_year_id", "measure", "value")
    national = _by_measure(
        NationalBenchmark.objects.filter(
            trust_id=trust_id, academic_year_id__in=year_ids
        ).values_list(*values)
    )
    targets = _by_measure(
        TrustTarget.objects.filter(trust_id=trust_id, academic_year_id__in=year_ids).values_list(
            *values
        )
    )
    term_label = str(half_term) if half_term else "no return yet"
    year_label = str(year) if year else "no results yet"
    out = {}
    for measures, label, of in ((TERMLY, term_label, term_year), (STATUTORY, year_label, year)):
        for measure in measures:
            key = (of.pk if of else 0, measure.value)
            out[measure.value] = Context(label, national.get(key), targets.get(key))
    out[GAP] = Context(term_label, None, None)
    return out


def key_measures(*, trust_id: int, schools: Sequence[School], as_of: dt.date) -> KeyMeasures:
    """The key measures of these schools (one trust's), each school's and together (seven queries
    at most, whatever the number of schools)."""
    ids = [s.pk for s in schools]
    half_term = _latest_half_term(ids, as_of) if ids else None
    year = _latest_statutory_year(ids, as_of) if ids else None
    returns, rows = _read_returns(ids, half_term)
    results: dict[tuple[int, str], StatutoryResult] = {}
    if year is not None:
        results = {
            (r.school_id, r.measure): r
            for r in StatutoryResult.objects.filter(
                school_id__in=ids, academic_year=year, measure__in=[m.value for m in STATUTORY]
            )
        }
    context = _context(trust_id, half_term, year)
    by_school: dict[int, dict[str, SchoolFigure]] = defaultdict(dict)
    termly = _termly(schools, returns, context[Measure.ATTENDANCE].period)
    statutory = _statutory(schools, results, context[Measure.EYFS_GLD].period)
    gaps, shares = _gaps(schools, rows, set(returns))
    for school in schools:
        by_school[school.pk] = {**termly[school.pk], **statutory[school.pk], GAP: gaps[school.pk]}
    return KeyMeasures(
        schools=list(schools),
        by_school=dict(by_school),
        gap_shares=shares,
        context=context,
        half_term=half_term,
        year=year,
    )
