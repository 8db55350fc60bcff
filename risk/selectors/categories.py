"""Reads of the category history."""

from collections.abc import Iterable

from django.db.models import QuerySet

from risk.models import CategoryDecision
from schools.models import School


def category_history(*, school: School) -> QuerySet[CategoryDecision]:
    """The school's category decisions, newest first, with who decided and where."""
    return CategoryDecision.objects.filter(school=school).select_related(
        "decided_by", "meeting__half_term__academic_year", "due_diligence"
    )


def latest_decisions(*, school_ids: Iterable[int]) -> dict[int, CategoryDecision]:
    """Each school's latest category decision (one query), for 'last changed' on lists."""
    rows = (
        CategoryDecision.objects.filter(school_id__in=list(school_ids))
        .order_by("school_id", "-decided_on", "-pk")
        .select_related("meeting__half_term__academic_year")
    )
    latest: dict[int, CategoryDecision] = {}
    for row in rows:
        latest.setdefault(row.school_id, row)
    return latest
