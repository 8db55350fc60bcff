"""What other apps read of a school's Ofsted inspections: the latest one per school, as a value.

The three frameworks keep their own scales and are never converted into each other (DOMAIN.md):
- "2019": overall effectiveness 1-4 (1 Outstanding ... 4 Inadequate) and sub-judgements 1-4;
- "2024" (September 2024 to 9 November 2025): sub-judgements 1-4, no overall grade;
- "2025" (the report card, from 10 November 2025): each area 1-5 (1 Exceptional, 2 Strong standard,
  3 Expected standard, 4 Needs attention, 5 Urgent improvement) and safeguarding met or not met.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from schools.models import Inspection


@dataclass(frozen=True)
class LatestInspection:
    school_id: int
    inspected_on: dt.date
    framework: str  # "2019", "2024" or "2025"
    headline: str  # in words, for a table cell: "Good (2019 framework)", "Report card: ..."
    overall: int | None = None  # 2019 only, 1-4
    grades: dict[str, int] = field(default_factory=dict)  # 2019 and 2024 sub-judgements, 1-4
    areas: dict[str, int] = field(default_factory=dict)  # 2025 report-card areas, 1-5
    safeguarding_met: bool | None = None
    concern: str = ""  # the category of concern in words, where one was given


def latest_inspections(school_ids: Iterable[int]) -> dict[int, LatestInspection]:
    """The latest inspection of each given school that has one; one query whatever the number.
    Asked inside the trust's scope, it reads only that trust's inspections."""
    ids = list(school_ids)
    if not ids:
        return {}
    newest = (
        Inspection.objects.filter(school_id=OuterRef("school_id"))
        .order_by("-inspected_on", "-pk")
        .values("pk")[:1]
    )
    rows = Inspection.objects.filter(school_id__in=ids, pk=Subquery(newest))
    return {row.school_id: as_latest(row) for row in rows}


def as_latest(inspection: Inspection) -> LatestInspection:
    """An inspection as the value other apps read."""
    return LatestInspection(
        school_id=inspection.school_id,
        inspected_on=inspection.inspected_on,
        framework=inspection.framework,
        headline=inspection.headline,
        overall=inspection.overall,
        grades=inspection.grades(),
        areas=inspection.areas(),
        safeguarding_met=inspection.safeguarding_met,
        concern=inspection.get_concern_display() if inspection.concern else "",
    )


def good_or_better(latest: LatestInspection) -> bool | None:
    """Whether the latest inspection found the school good or better, as far as it says.

    - 2019: the overall grade is Outstanding or Good;
    - 2024 (no overall grade): every sub-judgement is Outstanding or Good;
    - report card: no area at needs attention or urgent improvement, and safeguarding met (the
      default reading; a trust may state its own);
    and never with a category of concern. None when the inspection gave no judgement to say
    (an ungraded or monitoring inspection with no category of concern)."""
    if latest.concern:
        return False
    if latest.overall is not None:
        return latest.overall <= 2
    if latest.grades:
        return all(v <= 2 for v in latest.grades.values())
    if latest.areas:
        return latest.safeguarding_met is True and all(v <= 3 for v in latest.areas.values())
    return None


def is_strong(latest: LatestInspection) -> bool:
    """Outstanding or its like: a 2019 overall grade of Outstanding, every 2024 sub-judgement
    Outstanding, or a report card with every area at strong standard or exceptional."""
    if latest.concern:
        return False
    if latest.overall is not None:
        return latest.overall == 1
    if latest.grades:
        return all(v == 1 for v in latest.grades.values())
    if latest.areas:
        return latest.safeguarding_met is True and all(v <= 2 for v in latest.areas.values())
    return False


def last_judged_inspection(school_id: int) -> LatestInspection | None:
    """The school's latest inspection that said whether it was good or better (skipping ungraded
    and monitoring inspections with no category of concern); one query, for one school."""
    for inspection in Inspection.objects.filter(school_id=school_id).order_by(
        "-inspected_on", "-pk"
    ):
        latest = as_latest(inspection)
        if good_or_better(latest) is not None:
            return latest
    return None
