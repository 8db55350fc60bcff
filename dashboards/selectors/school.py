"""The school on a page: one school's picture for its head, governors, Director of QA, lead
practitioners and the central team, on screen and in a PDF.

`school_dashboard` reads everything the page shows in a fixed number of queries whatever the number
of returns, results, visits, actions or reviews the school has. What a reader may see is asked of
each app's own rules (qa_visits' sections, reviews' and risk's access, the school permissions);
nothing here decides a role's rights by itself. Restricted parts (staffing, the head's performance
management, restricted visit sections) are never read into the dashboard: the visit's judgements are
its unrestricted sections', the review's findings leave out its restricted areas.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from dashboards.selectors.school_due import DueItem, PlanProgress, due_next, plan_progress
from fht.access import access_for
from fht.models import User
from fht.roles import SchoolPerm
from isap.selectors import Can, may
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTION_BY_KEY, SECTIONS, Restriction
from qa_visits.selectors import access_visit
from returns.measures import Measure, info
from returns.models import DataReturn, NationalBenchmark, SchoolTarget
from returns.selectors import Outcomes, access_school_data, school_data
from reviews import access as review_rules
from reviews.selectors.latest import LatestReview, latest_shared_reviews
from risk import access as risk_rules
from risk.models import CategoryDecision, RemedialAction
from risk.selectors.categories import category_history
from schools.categories import Category
from schools.inspections import LatestInspection, latest_inspections
from schools.models import HalfTerm, School
from schools.ofsted import AREA_WORDS, AREAS, GRADE_WORDS, GRADES

# How many half-terms of attendance the page shows (two academic years).
HALF_TERMS_SHOWN = 12
TERMLY = (Measure.ATTENDANCE, Measure.PERSISTENT_ABSENCE)


@dataclass(frozen=True)
class Point:
    """One figure of a series: the school's, national and target, each None when missing."""

    label: str  # the half-term or the measure, in words
    value: float | None
    national: float | None
    target: float | None
    unit: str = "%"
    missing: str = ""  # why there is no value, in words ('No return', 'Not published')
    cohort: int | None = None

    def as_figure(self) -> dict[str, Any]:
        """The shape fht.charts.figures_chart draws."""
        return {
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "national": self.national,
            "target": self.target,
        }


@dataclass(frozen=True)
class Series:
    key: str  # used by the CSV download: ?csv=<key>
    title: str
    first_column: str  # 'Half-term' or 'Measure'
    points: list[Point]
    lower_is_better: bool = False

    @property
    def missing(self) -> int:
        """How many points have no figure (the chart leaves them out; the table says why)."""
        return sum(1 for p in self.points if p.value is None)


@dataclass(frozen=True)
class VisitJudgement:
    title: str
    rag: str  # in words: 'Green'; '' when not judged


@dataclass(frozen=True)
class LatestVisit:
    visit_id: int
    date: dt.date
    focus: str
    director: str
    judgements: list[VisitJudgement]
    may_open: bool  # the visit's page (and its proforma) is the reader's to open


@dataclass
class SchoolDashboard:
    school: School
    as_of: dt.date
    category: str  # in words: 'B Improve', or 'Not yet categorised'
    termly: list[Series]
    statutory: list[Series]  # one per academic year, newest first
    categories: list[CategoryDecision]
    inspection: LatestInspection | None
    visit: LatestVisit | None
    plan: PlanProgress | None
    review: LatestReview | None
    due: list[DueItem]
    remedial_actions: list[RemedialAction]
    inspection_judgements: list[tuple[str, str]] = field(default_factory=list)
    # What the reader may open from here (each app's own rules).
    reads_plan: bool = False
    reads_review: bool = False

    def series(self, key: str) -> Series | None:
        return next((s for s in [*self.termly, *self.statutory] if s.key == key), None)


# --- measures ---------------------------------------------------------------------------------------


def _by_year(rows: Any) -> dict[int, dict[str, float]]:
    values: dict[int, dict[str, float]] = defaultdict(dict)
    for year_id, measure, value in rows.values_list("academic_year_id", "measure", "value"):
        values[year_id][measure] = float(value)
    return values


def _termly(school: School, as_of: dt.date) -> list[Series]:
    """Attendance and persistent absence at each of the last half-terms begun by `as_of`, against
    that year's national figure and the school's target (four queries)."""
    half_terms = list(
        HalfTerm.objects.filter(trust_id=school.trust_id, starts_on__lte=as_of)
        .select_related("academic_year")
        .order_by("-starts_on")[:HALF_TERMS_SHOWN]
    )[::-1]
    returns = {
        r.half_term_id: r
        for r in DataReturn.objects.filter(
            school=school, trust_id=school.trust_id, half_term__in=[h.pk for h in half_terms]
        ).only("half_term_id", "attendance", "persistent_absence")
    }
    termly = [m.value for m in TERMLY]
    national = _by_year(
        NationalBenchmark.objects.filter(trust_id=school.trust_id, measure__in=termly)
    )
    target = _by_year(
        SchoolTarget.objects.filter(school=school, trust_id=school.trust_id, measure__in=termly)
    )
    series = []
    for measure in TERMLY:
        points = []
        for half_term in half_terms:
            data_return = returns.get(half_term.pk)
            value = getattr(data_return, measure.value) if data_return else None
            year_id = half_term.academic_year_id
            points.append(
                Point(
                    label=str(half_term),
                    value=None if value is None else float(value),
                    national=national[year_id].get(measure.value),
                    target=target[year_id].get(measure.value),
                    missing="No return" if data_return is None else "Not entered",
                )
            )
        series.append(
            Series(
                key=measure.value,
                title=f"{measure.label} by half-term",
                first_column="Half-term",
                points=points,
                lower_is_better=not info(measure).higher_is_better,
            )
        )
    return series


def _statutory(school: School, as_of: dt.date) -> list[Series]:
    """Each academic year's statutory results begun by `as_of`, against national and target
    (returns' own read of them: three queries)."""
    years: list[Outcomes] = school_data(school=school, latest=None).years
    series = []
    for outcomes in years:
        if outcomes.year.starts_in > as_of.year or not outcomes.results:
            continue
        points = [
            Point(
                label=f["label"],
                value=f["value"],
                national=f["national"],
                target=f["target"],
                unit=f["unit"],
                missing=f["not_published"] or "No figure",
                cohort=f["cohort"],
            )
            for f in outcomes.results
        ]
        series.append(
            Series(
                key=f"statutory-{outcomes.year.starts_in}",
                title=f"Statutory outcomes, {outcomes.year}",
                first_column="Measure",
                points=points,
            )
        )
    return series


# --- the latest visit ---------------------------------------------------------------


def _submitted_visits(school: School, as_of: dt.date) -> Any:
    return Visit.objects.filter(
        school=school,
        trust_id=school.trust_id,
        status=Visit.Status.SUBMITTED,
        visited_on__lte=as_of,
    ).order_by("-visited_on", "-pk")


def _latest_visit(school: School, as_of: dt.date, *, may_open: bool) -> LatestVisit | None:
    """The latest submitted visit on or before `as_of`, with its unrestricted sections' judgements
    (two queries)."""
    visit = (
        _submitted_visits(school, as_of)
        .select_related("director")
        .only("pk", "visited_on", "planned_for", "purpose", "director__full_name", "status")
        .first()
    )
    if visit is None:
        return None
    open_keys = [s.key.value for s in SECTIONS if s.restriction == Restriction.NONE and s.has_rag]
    rows = {
        row.key: row.get_rag_display()
        for row in VisitSection.objects.filter(visit=visit, key__in=open_keys).only("key", "rag")
    }
    judgements = [
        VisitJudgement(SECTION_BY_KEY[key].title, rows[key]) for key in open_keys if key in rows
    ]
    return LatestVisit(
        visit_id=visit.pk,
        date=visit.date,
        focus=visit.purpose,
        director=visit.director.full_name if visit.director else "",
        judgements=judgements,
        may_open=may_open,
    )


def _may_open_visit(user: User, visit_id: int) -> bool:
    """Whether the visit's page and proforma are the reader's to open (qa_visits' rule)."""
    try:
        access_visit(user, visit_id)
    except Http404:
        return False
    return True


def _category_in_words(category: str | None) -> str:
    if category not in Category.values:
        return "Not yet categorised"
    return str(Category(category).label)


def inspection_in_words(latest: LatestInspection | None) -> list[tuple[str, str]]:
    """Each judgement of the inspection in words, on its own framework's scale."""
    if latest is None:
        return []
    rows = [("Overall effectiveness", GRADE_WORDS[latest.overall])] if latest.overall else []
    rows += [(GRADES[k], GRADE_WORDS[v]) for k, v in latest.grades.items() if k in GRADES]
    rows += [
        (AREAS[f"area_{k}"], AREA_WORDS[v]) for k, v in latest.areas.items() if f"area_{k}" in AREAS
    ]
    if latest.safeguarding_met is not None:
        rows.append(("Safeguarding", "Met" if latest.safeguarding_met else "Not met"))
    if latest.concern:
        rows.append(("Category of concern", latest.concern))
    return rows


def reads_school_dashboard(user: User, school_id: int) -> bool:
    """Whoever reads the school's improvement work (its data, visits, plan) reads its page."""
    return access_for(user).has_school_perm(school_id, SchoolPerm.VIEW_IMPROVEMENT)


def access_school_dashboard(user: User, school_id: int) -> School:
    """The school, for a reader of its improvement work (returns' rule for its data page); 404
    for 'missing', 'not yours' and another trust's."""
    return access_school_data(user, school_id)


@dataclass(frozen=True)
class Reader:
    """What of the school on a page a reader's role lets them see. Readers alike see the same page:
    the view keeps it for them (fht.cache) under these flags."""

    reads_risk: bool
    reads_plan: bool
    reads_review: bool
    opens_visit: bool  # the latest visit's page and proforma are theirs to open


def reader_of(user: User, school: School, as_of: dt.date) -> Reader:
    access = access_for(user)
    latest = _submitted_visits(school, as_of).values_list("pk", flat=True).first()
    return Reader(
        reads_risk=risk_rules.reads_school_risk(access, school.pk),
        reads_plan=may(user, school.pk, Can.READ),
        reads_review=review_rules.reads_shared(access, school.pk),
        opens_visit=latest is not None and _may_open_visit(user, latest),
    )


def school_dashboard(
    *, school: School, user: User, as_of: dt.date, reader: Reader | None = None
) -> SchoolDashboard:
    """The school on a page as `user` may read it (or as `reader` says, worked out already), with
    data as it stood on `as_of`.

    `school` comes from `access_school_dashboard` (or another access_* helper of the school) with its
    trust loaded. A fixed number of queries whatever the amount of history.
    """
    reader = reader or reader_of(user, school, as_of)
    remedial = list(
        RemedialAction.objects.filter(
            school=school, trust_id=school.trust_id, status=RemedialAction.Status.OPEN
        )
        .only("pk", "what", "due_on", "status")
        .order_by("due_on", "pk")
    )
    if not reader.reads_risk:
        remedial = []
    reads_plan, reads_review = reader.reads_plan, reader.reads_review
    plan = plan_progress(school, as_of) if reads_plan else None
    reviews = latest_shared_reviews([school.pk]) if reads_review else {}
    categories = [d for d in category_history(school=school) if d.decided_on <= as_of]
    inspection = latest_inspections([school.pk]).get(school.pk)
    return SchoolDashboard(
        school=school,
        as_of=as_of,
        category=_category_in_words(school.category),
        termly=_termly(school, as_of),
        statutory=_statutory(school, as_of),
        categories=categories,
        inspection=inspection,
        inspection_judgements=inspection_in_words(inspection),
        visit=_latest_visit(school, as_of, may_open=reader.opens_visit),
        plan=plan,
        review=reviews.get(school.pk),
        due=due_next(school, as_of, plan, remedial),
        remedial_actions=remedial,
        reads_plan=reads_plan,
        reads_review=reads_review,
    )
