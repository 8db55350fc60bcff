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
    """The latest inspection of each given school that has one; one query whatever the number."""
    return {}
