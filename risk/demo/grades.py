"""A demo school's standing from its inspection history, on the legacy 1-4 reading the demo's
first categories start from (never stored, never shown: only to pick plausible demo categories)."""

from schools.inspections import good_or_better, is_strong, last_judged_inspection
from schools.models import School


def demo_grade(school: School) -> int:
    """1 strong, 2 good or better, 3 below good, 4 a category of concern; 0 never judged."""
    latest = last_judged_inspection(school.pk)
    if latest is None:
        return 0
    if latest.concern:
        return 4
    if is_strong(latest):
        return 1
    return 2 if good_or_better(latest) else 3
