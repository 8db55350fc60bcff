"""A visit's history in words, for those who write it (simple-history on Visit and VisitSection)."""

import datetime as dt
from typing import Any

from django.utils.dateformat import format as date_format

from fht.models import User
from fht.rag import Rag
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTION_BY_KEY, SECTIONS
from qa_visits.selectors import may_see
from schools.selectors import Change, history_who


def _day(value: dt.date | None) -> str:
    return date_format(value, "j F Y") if value else "none"


def _describe_visit(record: Any, before: Any | None) -> str:
    if before is None:
        return f"Planned for {_day(record.planned_for)}"
    if record.status != before.status:
        if record.status == Visit.Status.SUBMITTED and before.status != Visit.Status.SUBMITTED:
            return f"Submitted (version {record.version})"
        return f"Status changed to {Visit.Status(record.status).label.lower()}"
    if record.version != before.version:
        return f"Amended (version {record.version})"
    parts = []
    if record.planned_for != before.planned_for:
        parts.append(f"rescheduled from {_day(before.planned_for)} to {_day(record.planned_for)}")
    if record.visited_on != before.visited_on:
        parts.append(f"date of the visit set to {_day(record.visited_on)}")
    if record.days != before.days:
        parts.append(f"core-offer days changed from {before.days} to {record.days}")
    if record.purpose != before.purpose:
        parts.append("purpose changed")
    if record.director_id != before.director_id:
        parts.append("Director of QA changed")
    if record.head_response != before.head_response:
        parts.append("factual-accuracy response " + ("edited" if before.head_response else "added"))
    return (", ".join(parts) or "Saved").capitalize()


def _describe_section(record: Any, before: Any | None) -> str:
    title = SECTION_BY_KEY[record.key].title
    if before is None:
        return f"{title}: written"
    parts = []
    labels = dict(Rag.choices)
    if record.rag != before.rag:
        old, new = labels.get(before.rag, "not judged"), labels.get(record.rag, "not judged")
        parts.append(f"judgement changed from {old} to {new}")
    if record.notes != before.notes:
        parts.append("notes edited")
    if record.activities != before.activities:
        parts.append("activities changed")
    return f"{title}: {', '.join(parts) or 'saved'}"


def visit_history(*, user: User, visit: Visit, limit: int = 100) -> list[Change]:
    """What changed on the visit and its sections, newest first, for those who write it.

    Sections the person may not see are left out. Three queries.
    """
    records = list(visit.history.select_related("history_user").order_by("history_date", "pk"))
    changes = []
    before = None
    for record in records:
        changes.append(
            Change(record.history_date, history_who(record), _describe_visit(record, before))
        )
        before = record
    keys = [s.key.value for s in SECTIONS if may_see(user, visit.school_id, s)]
    section_records = list(
        VisitSection.history.filter(visit_id=visit.pk, key__in=keys)
        .select_related("history_user")
        .order_by("history_date", "pk")
    )
    previous: dict[str, Any] = {}
    for record in section_records:
        if record.history_type == "-":
            continue
        changes.append(
            Change(
                record.history_date,
                history_who(record),
                _describe_section(record, previous.get(record.key)),
            )
        )
        previous[record.key] = record
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]
