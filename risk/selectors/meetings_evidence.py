"""The evidence a meeting's agenda shows for each school, read from what the product knows: the
latest inspection, data against national and target, the latest QA visit and when the next is due,
the action plan's RAG and overdue counts, the open concern level, the last category decision, and
the latest shared partnership review's judgements (never its notes).

Every reader works on all the schools at once, so the agenda's queries do not grow with the number
of schools. The result is plain JSON-ready values (words and numbers, dates in words), so the same
dict is shown live on an open meeting and frozen on a closed one.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, Subquery

from fht.models import Trust
from fht.rag import Rag
from isap.models import Action
from qa_visits.cadence import next_visit_due
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTION_BY_KEY, Restriction, SectionKey
from returns.measures import Measure
from returns.models import AttainmentRow, DataReturn, NationalBenchmark, SchoolTarget
from returns.snapshot import on_track
from reviews.selectors.latest import latest_shared_reviews
from risk.models import CategoryDecision
from risk.selectors.categories import latest_decisions
from risk.selectors.concern import open_levels
from schools.inspections import latest_inspections
from schools.models import School

Evidence = dict[str, Any]

# The figures of a data return the agenda shows, each against national and the school's target.
DATA_MEASURES = (Measure.ATTENDANCE, Measure.PERSISTENT_ABSENCE, Measure.ON_TRACK_COMBINED)
LOWER_IS_BETTER = {Measure.PERSISTENT_ABSENCE}
OPEN_SECTIONS = [k for k, s in SECTION_BY_KEY.items() if s.restriction == Restriction.NONE]


def in_words(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


def _latest_returns(school_ids: list[int]) -> dict[int, DataReturn]:
    latest_id = Subquery(
        DataReturn.objects.filter(school_id=OuterRef("school_id"))
        .order_by("-half_term__starts_on")
        .values("pk")[:1]
    )
    returns = (
        DataReturn.objects.filter(school_id__in=school_ids, pk=latest_id)
        .select_related("half_term__academic_year")
        .prefetch_related("rows")
    )
    return {r.school_id: r for r in returns}


def _figure(measure: Measure, value: float | None, national: Any, target: Any) -> dict[str, Any]:
    compare = float(national) if national is not None else None
    behind = False
    if value is not None and compare is not None:
        behind = value > compare if measure in LOWER_IS_BETTER else value < compare
    return {
        "label": str(measure.label),
        "value": _percent(value),
        "national": _percent(compare),
        "target": _percent(float(target) if target is not None else None),
        "behind_national": behind,
    }


def data_evidence(school_ids: list[int]) -> dict[int, Evidence]:
    """Each school's latest data return: attendance, persistent absence and the share on track in
    reading, writing and maths, against national and target (four queries)."""
    returns = _latest_returns(school_ids)
    year_ids = {r.half_term.academic_year_id for r in returns.values()}
    national: dict[tuple[int, str], Any] = {
        (row.academic_year_id, row.measure): row.value
        for row in NationalBenchmark.objects.filter(academic_year_id__in=year_ids)
    }
    targets: dict[tuple[int, int, str], Any] = {
        (row.school_id, row.academic_year_id, row.measure): row.value
        for row in SchoolTarget.objects.filter(
            school_id__in=school_ids, academic_year_id__in=year_ids
        )
    }
    found: dict[int, Evidence] = {}
    for school_id, data_return in returns.items():
        year_id = data_return.half_term.academic_year_id
        rows: list[AttainmentRow] = list(data_return.rows.all())
        values: dict[Measure, float | None] = {
            Measure.ATTENDANCE: _num(data_return.attendance),
            Measure.PERSISTENT_ABSENCE: _num(data_return.persistent_absence),
            Measure.ON_TRACK_COMBINED: on_track(rows).get(Measure.ON_TRACK_COMBINED),
        }
        found[school_id] = {
            "when": str(data_return.half_term),
            "figures": [
                _figure(
                    m,
                    values[m],
                    national.get((year_id, m.value)),
                    targets.get((school_id, year_id, m.value)),
                )
                for m in DATA_MEASURES
            ],
        }
    return found


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def visit_evidence(
    *, trust: Trust, schools: Iterable[School], today: dt.date
) -> dict[int, Evidence]:
    """Each school's latest submitted QA visit with its RAG judgements (restricted sections left
    out), and when the next visit is due by the school's category (two queries)."""
    school_list = list(schools)
    ids = [s.pk for s in school_list]
    last = dict(
        Visit.objects.filter(school_id__in=ids, status=Visit.Status.SUBMITTED)
        .values("school_id")
        .annotate(last=Max("visited_on"))
        .values_list("school_id", "last")
    )
    latest_visit = Subquery(
        Visit.objects.filter(school_id=OuterRef("visit__school_id"), status="submitted")
        .order_by("-visited_on", "-pk")
        .values("pk")[:1]
    )
    rags: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        VisitSection.objects.filter(
            visit__school_id__in=ids, visit_id=latest_visit, key__in=OPEN_SECTIONS
        )
        .exclude(rag="")
        .values("visit__school_id", "rag")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rags[row["visit__school_id"]][row["rag"]] = row["n"]
    restricted = _head_performance(ids, latest_visit)
    found: dict[int, Evidence] = {}
    for school in school_list:
        last_on = last.get(school.pk)
        due = next_visit_due(
            trust=trust, last_visited_on=last_on, today=today, category=school.category
        )
        counts = rags.get(school.pk, {})
        found[school.pk] = {
            "last_on": in_words(last_on),
            "red": counts.get(Rag.RED, 0),
            "amber": counts.get(Rag.AMBER, 0),
            "green": counts.get(Rag.GREEN, 0),
            "due_on": in_words(due),
            "overdue": due < today,
            # Shown only to readers of the school's restricted parts (and in the full edition).
            "head_performance": restricted.get(school.pk),
        }
    return found


def _head_performance(ids: list[int], latest_visit: Subquery) -> dict[int, Evidence]:
    """The latest visit's head teacher performance-management section (restricted), one query."""
    rows = VisitSection.objects.filter(
        visit__school_id__in=ids, visit_id=latest_visit, key=SectionKey.HEAD_PERFORMANCE
    ).values_list("visit__school_id", "rag", "notes")
    return {school_id: {"rag": rag, "notes": notes} for school_id, rag, notes in rows}


def plan_evidence(school_ids: list[int], today: dt.date) -> dict[int, Evidence]:
    """Each school's open action-plan actions by RAG, and how many are overdue (one query)."""
    rows = (
        Action.objects.filter(
            priority__plan__school_id__in=school_ids, status__in=Action.OPEN_STATUSES
        )
        .values("priority__plan__school_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            red=Count("pk", filter=Q(rag=Rag.RED)),
            amber=Count("pk", filter=Q(rag=Rag.AMBER)),
            green=Count("pk", filter=Q(rag=Rag.GREEN)),
        )
        .order_by()
    )
    keys = ("open", "overdue", "red", "amber", "green")
    found: dict[int, Evidence] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        found[values["priority__plan__school_id"]] = {k: values[k] for k in keys}
    return found


def last_changes(school_ids: list[int]) -> dict[int, dt.date]:
    """When each school's category last changed (or was first set), in one query."""
    found: dict[int, dt.date] = {}
    rows = (
        CategoryDecision.objects.filter(school_id__in=school_ids)
        .exclude(category=F("previous_category"))
        .order_by("school_id", "-decided_on", "-pk")
        .values_list("school_id", "decided_on")
    )
    for school_id, decided_on in rows:
        found.setdefault(school_id, decided_on)
    return found


def category_evidence(decision: CategoryDecision | None, changed_on: dt.date | None) -> Evidence:
    if decision is None:
        return {"decided_on": "", "source": "", "changed_on": ""}
    where = decision.get_source_display()
    if decision.meeting is not None:
        where = f"{where}, {decision.meeting.half_term}"
    return {
        "decided_on": in_words(decision.decided_on),
        "source": where,
        "changed_on": in_words(changed_on),
    }


def review_evidence(school_ids: list[int]) -> dict[int, Evidence]:
    """Each school's latest shared partnership review: its dates and each area's judgement in
    words, safeguarding met or not met; no notes, restricted or not (two queries)."""
    found: dict[int, Evidence] = {}
    for school_id, review in latest_shared_reviews(school_ids).items():
        found[school_id] = {
            "on": in_words(review.starts_on),
            "judgements": [{"area": j.label, "judgement": j.judgement} for j in review.judgements],
        }
    return found


def school_evidence(*, trust: Trust, schools: list[School], today: dt.date) -> dict[int, Evidence]:
    """Everything the agenda shows about each school, in a fixed number of queries."""
    ids = [s.pk for s in schools]
    inspections = latest_inspections(ids)
    data = data_evidence(ids)
    visits = visit_evidence(trust=trust, schools=schools, today=today)
    plans = plan_evidence(ids, today)
    levels = open_levels(ids)
    decisions = latest_decisions(school_ids=ids)
    changes = last_changes(ids)
    reviews = review_evidence(ids)
    found: dict[int, Evidence] = {}
    for school in schools:
        inspection = inspections.get(school.pk)
        found[school.pk] = {
            "category": school.category or "",
            "category_decision": category_evidence(
                decisions.get(school.pk), changes.get(school.pk)
            ),
            "inspection": (
                {
                    "headline": inspection.headline,
                    "on": in_words(inspection.inspected_on),
                    "concern": inspection.concern,
                }
                if inspection
                else None
            ),
            "data": data.get(school.pk),
            "visit": visits[school.pk],
            "plan": plans.get(school.pk, {"open": 0, "overdue": 0, "red": 0}),
            "concern_level": levels.get(school.pk),
            "review": reviews.get(school.pk),
        }
    return found
