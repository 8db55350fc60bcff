"""The reads the trust and cluster dashboards share, each in one query whatever the number of
schools: the Ofsted profile, overdue QA visits, plan actions by RAG, core-offer days used."""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from fht.models import Trust
from fht.rag import Rag
from isap.models import Action
from qa_visits.cadence import next_visit_due
from qa_visits.models import Visit
from risk.models import CategoryDecision
from schools import core_offer
from schools.categories import Category
from schools.inspections import LatestInspection
from schools.models import AcademicYear, School
from schools.ofsted import AREA_WORDS, AREAS, GRADE_WORDS, GRADES, KEY_GRADES, Framework

NOT_CATEGORISED = "Not categorised"


# --- categories now ------------------------------------------------------------------------------


def as_they_stood(schools: list[School], as_of: dt.date) -> list[School]:
    """The schools with `category` as it stood at the end of `as_of`, for a pack made with an
    earlier day's data: from the category decisions (one query), on these instances only, which
    are read for the page and never saved. Today's is the school's own (no query)."""
    if as_of >= timezone.localdate():
        return schools
    stood: dict[int, str] = {}
    decisions = (
        CategoryDecision.objects.filter(
            school_id__in=[s.pk for s in schools], decided_on__lte=as_of
        )
        .order_by("decided_on", "pk")
        .values_list("school_id", "category")
    )
    for school_id, category in decisions:
        stood[school_id] = category
    for school in schools:
        school.category = stood.get(school.pk)
    return schools


def category_counts(schools: Sequence[School]) -> list[tuple[str, int]]:
    """How many schools are in each category now ('A Sustain' ...), then those with none."""
    counts = Counter(s.category or "" for s in schools)
    rows = [(str(c.label), counts.get(c.value, 0)) for c in Category]
    return [*rows, (NOT_CATEGORISED, counts.get("", 0))]


# --- the Ofsted profile: each framework on its own scale ---------------------------------------------


@dataclass(frozen=True)
class ScaleTable:
    """Schools counted on one framework's scale: a row per judgement, a column per grade."""

    framework: str
    caption: str
    grades: list[str]  # the column headings, best first
    rows: list[tuple[str, list[int]]]  # (judgement, count per grade)
    schools: int  # how many schools' latest inspection is of this framework


@dataclass(frozen=True)
class OfstedProfile:
    tables: list[ScaleTable]
    never_inspected: list[str]
    concern: list[tuple[str, str]]  # (school, the category of concern)
    safeguarding_not_met: list[str] = field(default_factory=list)


def _grade_rows(
    latest: list[LatestInspection], names: dict[str, str], source: str, top: int
) -> list[tuple[str, list[int]]]:
    rows = []
    for key, label in names.items():
        counts = [0] * top
        for inspection in latest:
            value = getattr(inspection, source).get(key.removeprefix("area_"))
            if value is not None:
                counts[value - 1] += 1
        if any(counts):
            rows.append((label, counts))
    return rows


def ofsted_profile(
    schools: Sequence[School], inspections: dict[int, LatestInspection]
) -> OfstedProfile:
    """Each school's latest inspection counted on its own framework's scale, never converted:
    2019 (overall effectiveness and sub-judgements, 1-4), 2024 (sub-judgements only, 1-4) and the
    report card (areas, 1-5). No query: `inspections` comes from schools.inspections."""
    by_framework: dict[str, list[LatestInspection]] = {f.value: [] for f in Framework}
    for school in schools:
        found = inspections.get(school.pk)
        if found is not None:
            by_framework[found.framework].append(found)
    grade_words = [GRADE_WORDS[g] for g in range(1, 5)]
    f2019 = by_framework[Framework.F2019]
    overall = [0] * 4
    for inspection in f2019:
        if inspection.overall is not None:
            overall[inspection.overall - 1] += 1
    key_grades = {k: GRADES[k] for k in KEY_GRADES}
    tables = [
        ScaleTable(
            Framework.F2019.label,
            "Latest inspection under the 2019 framework: grades 1 to 4",
            grade_words,
            [("Overall effectiveness", overall), *_grade_rows(f2019, key_grades, "grades", 4)],
            len(f2019),
        ),
        ScaleTable(
            Framework.F2024.label,
            "Latest inspection under the 2024 framework (no overall grade): grades 1 to 4",
            grade_words,
            _grade_rows(by_framework[Framework.F2024], key_grades, "grades", 4),
            len(by_framework[Framework.F2024]),
        ),
        ScaleTable(
            Framework.F2025.label,
            "Latest report card: each area on its five-point scale",
            [AREA_WORDS[g] for g in range(1, 6)],
            _grade_rows(by_framework[Framework.F2025], AREAS, "areas", 5),
            len(by_framework[Framework.F2025]),
        ),
    ]
    names = {s.pk: s.name for s in schools}
    return OfstedProfile(
        tables=[t for t in tables if t.schools],
        never_inspected=[s.name for s in schools if s.pk not in inspections],
        concern=[(names[i.school_id], i.concern) for i in inspections.values() if i.concern],
        safeguarding_not_met=[
            names[i.school_id] for i in inspections.values() if i.safeguarding_met is False
        ],
    )


# --- overdue QA visits --------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueVisit:
    school_id: int
    name: str
    cluster: str
    category: str | None
    last_visited_on: dt.date | None
    due_on: dt.date
    days_overdue: int


def last_visits(school_ids: list[int]) -> dict[int, dt.date | None]:
    """Each school's last submitted QA visit date (one query)."""
    rows = (
        Visit.objects.filter(school_id__in=school_ids, status=Visit.Status.SUBMITTED)
        .order_by()
        .values_list("school_id")
        .annotate(last=Max("visited_on"))
    )
    return dict(rows)


def overdue_visits(
    *, trust: Trust, schools: Sequence[School], as_of: dt.date
) -> list[OverdueVisit]:
    """The open schools whose next QA visit fell due before `as_of` at their category's cadence,
    most overdue first (one query)."""
    last = last_visits([s.pk for s in schools])
    rows = []
    for school in schools:
        visited = last.get(school.pk)
        due = next_visit_due(
            trust=trust, last_visited_on=visited, today=as_of, category=school.category
        )
        if due < as_of:
            cluster = school.cluster.name if school.cluster else "No cluster"
            days = (as_of - due).days
            rows.append(
                OverdueVisit(school.pk, school.name, cluster, school.category, visited, due, days)
            )
    return sorted(rows, key=lambda r: (-r.days_overdue, r.name))


# --- plan actions: RAG and overdue ---------------------------------------------------------------


@dataclass
class ActionCounts:
    """A school's open plan actions by RAG, and how many are overdue or red."""

    open: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    not_rated: int = 0
    overdue: int = 0
    red_or_overdue: int = 0

    def add(self, other: "ActionCounts") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def action_counts(school_ids: list[int], as_of: dt.date) -> dict[int, ActionCounts]:
    """Each school's open actions on its plans (carried-forward copies count once: the originals
    are marked carried), by RAG and overdue on `as_of` (one query)."""
    late = Q(due_on__lt=as_of)
    red = Q(rag=Rag.RED)
    rows = (
        Action.objects.filter(
            priority__plan__school_id__in=school_ids, status__in=Action.OPEN_STATUSES
        )
        .order_by()
        .values_list("priority__plan__school_id")
        .annotate(
            open=Count("pk"),
            red=Count("pk", filter=red),
            amber=Count("pk", filter=Q(rag=Rag.AMBER)),
            green=Count("pk", filter=Q(rag=Rag.GREEN)),
            not_rated=Count("pk", filter=Q(rag="")),
            overdue=Count("pk", filter=late),
            red_or_overdue=Count("pk", filter=late | red),
        )
    )
    found = {pk: ActionCounts() for pk in school_ids}
    for school_id, *counts in rows:
        found[school_id] = ActionCounts(*counts)
    return found


# --- core-offer days ----------------------------------------------------------------------------------


@dataclass
class Days:
    allowance: Decimal = Decimal(0)
    used: Decimal = Decimal(0)

    @property
    def left(self) -> Decimal:
        return self.allowance - self.used

    @property
    def over(self) -> bool:
        return self.used > self.allowance


def core_offer_days(
    *, trust: Trust, school_ids: list[int], year: AcademicYear | None
) -> dict[int, Days]:
    """Each school's core-offer days used in the year against its allowance (one query per
    source of days registered in schools.core_offer, whatever the number of schools)."""
    used = core_offer.days_used(school_ids=school_ids, year=year)
    allowance = Decimal(trust.core_offer_days)
    return {pk: Days(allowance, used.get(pk, Decimal(0))) for pk in school_ids}
