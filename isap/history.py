"""A plan's history in words (simple-history on the plan and everything in it): what moved, by
whom, when, and whether it moved after the plan was agreed; and 'changes since the last QA visit'.

One query per history table whatever the size of the plan (eight at most). Every record of the plan
is read, so that each change can be told against the one before it, then the lines are filtered by
date and cut to the limit.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.dateformat import format as date_format
from django.utils.text import Truncator

from fht.rag import Rag
from isap.models import (
    Action,
    Deployment,
    Plan,
    Priority,
    ProgressNote,
    Signature,
    Source,
    Target,
    VisitActionReview,
)
from isap.services import ACTION_FIELDS, DEPLOYMENT_FIELDS
from qa_visits.models import Visit
from returns.measures import Measure
from schools.selectors import Change, history_who

LONDON = ZoneInfo("Europe/London")

PRIORITY_FIELDS = {
    "number": "number",
    "title": "title",
    "description": "description",
    "source": "source",
    "source_reference": "source reference",
    "status": "status",
}
TARGET_FIELDS = {
    "measure": "measure",
    "description": "measure in words",
    "baseline": "baseline",
    "target": "target",
    "by_when": "by when",
}
# An action's line names what matters most first: its RAG rating, status and dates.
ACTION_LINE_FIELDS = {
    **{f: ACTION_FIELDS[f] for f in ("rag", "status", "due_on", "starts_on")},
    **ACTION_FIELDS,
}
_CHOICES: dict[str, dict[str, str]] = {
    "status": {**dict(Action.Status.choices), **dict(Priority.Status.choices)},
    "rag": {"": "not rated", **dict(Rag.choices)},
    "source": dict(Source.choices),
    "measure": {"": "none", **dict(Measure.choices)},
    "provider": dict(Deployment.Provider.choices),
    "funder": {
        Deployment.Funder.CORE_OFFER: "the core offer",
        Deployment.Funder.SCHOOL: "the school",
    },
}
# Long text: the line says it was added, edited or removed, not what it says.
_PROSE = {"what", "description", "school_impact", "director_impact", "desired_outcome", "impact"}
_SIGNATORY = {
    Signature.Signatory.HEAD: "the head teacher",
    Signature.Signatory.DIRECTOR: "the Director of QA",
    Signature.Signatory.CPD_LEAD: "the CPD lead",
}


@dataclass(frozen=True)
class PlanChange(Change):
    """A line of the plan's history; `after_agreement`: made after all three signatures."""

    after_agreement: bool = False


@dataclass(frozen=True)
class _Line:
    when: dt.datetime
    who: str
    what: str
    agreeing: bool = False  # a signature or the agreement itself: never 'after agreement'


def _day(value: dt.date | None) -> str:
    return date_format(value, "j F Y") if value else "none"


def _short(text: str, length: int = 60) -> str:
    return Truncator(" ".join(text.split())).chars(length)


def _person(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else "nobody"


def _word(field: str, value: Any) -> str:
    """A field's value in words."""
    if field in _CHOICES:
        return _CHOICES[field].get(value or "", str(value))
    if isinstance(value, dt.date):
        return _day(value)
    if value is None or value == "":
        return "none"
    if field == "cost":
        return f"£{Decimal(value):,.2f}"
    if isinstance(value, str):
        return f"'{_short(value, 40)}'"
    return str(value)


def _field_change(field: str, label: str, before: Any, record: Any) -> str | None:
    if field.endswith("_id"):  # a person: compare ids, name them
        if getattr(before, field) == getattr(record, field):
            return None
        name = field.removesuffix("_id")
        old, new = _person(getattr(before, name)), _person(getattr(record, name))
        return f"{label} changed from {old} to {new}"
    old, new = getattr(before, field), getattr(record, field)
    if old == new:
        return None
    if field in _PROSE:
        return f"{label} " + ("added" if not old else "removed" if not new else "edited")
    return f"{label} changed from {_word(field, old)} to {_word(field, new)}"


def _changes(before: Any, record: Any, fields: dict[str, str]) -> list[str]:
    parts = (_field_change(f, label, before, record) for f, label in fields.items())
    return [p for p in parts if p]


class _Records:
    """One table's history records, oldest first, with each object's record before and its
    latest (for naming it as it is now known)."""

    def __init__(self, records: Iterable[Any]) -> None:
        self.records = list(records)
        self.latest: dict[int, Any] = {r.id: r for r in self.records}

    def with_before(self) -> Iterable[tuple[Any, Any | None]]:
        previous: dict[int, Any] = {}
        for record in self.records:
            yield record, previous.get(record.id)
            previous[record.id] = record


def _read(manager: Any, *related: str, **filters: Any) -> _Records:
    return _Records(
        manager.filter(**filters)
        .select_related("history_user", *related)
        .order_by("history_date", "history_id")
    )


class _Plan:
    """The plan's history tables, read once, and how to name what they hold."""

    def __init__(self, plan: Plan) -> None:
        trust = {"trust_id": plan.trust_id}
        self.plan = plan
        self.plans = _read(Plan.history, id=plan.pk, **trust)
        self.signatures = _read(Signature.history, plan_id=plan.pk, **trust)
        self.priorities = _read(Priority.history, plan_id=plan.pk, **trust)
        priority_ids = list(self.priorities.latest)
        self.targets = _read(Target.history, priority_id__in=priority_ids, **trust)
        self.actions = _read(Action.history, "owner", priority_id__in=priority_ids, **trust)
        self.deployments = _read(
            Deployment.history, "person", priority_id__in=priority_ids, **trust
        )
        action_ids, deployment_ids = list(self.actions.latest), list(self.deployments.latest)
        self.notes = _Records(
            ProgressNote.history.filter(
                Q(action_id__in=action_ids) | Q(deployment_id__in=deployment_ids), **trust
            )
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        self.reviews = _read(VisitActionReview.history, "visit", action_id__in=action_ids, **trust)

    def priority(self, priority_id: int) -> str:
        record = self.priorities.latest.get(priority_id)
        return f"priority {record.number}" if record is not None else "a deleted priority"

    def action(self, action_id: int | None) -> str:
        record = self.actions.latest.get(action_id or 0)
        if record is None:
            return "a deleted action"
        return f"action '{_short(record.what)}' ({self.priority(record.priority_id)})"

    def deployment(self, deployment_id: int | None) -> str:
        record = self.deployments.latest.get(deployment_id or 0)
        if record is None:
            return "deleted support"
        who = _person(record.person) if record.person_id else record.provider_name
        provider = _CHOICES["provider"].get(record.provider, record.provider)
        return f"support '{provider}: {who}' ({self.priority(record.priority_id)})"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _line(record: Any, what: str, *, agreeing: bool = False) -> _Line:
    return _Line(record.history_date, history_who(record), _cap(what), agreeing)


def _plan_lines(h: _Plan) -> Iterable[_Line]:
    for record, before in h.plans.with_before():
        if before is None:
            carried = " with open priorities carried forward from the year before"
            yield _line(record, "Plan started" + (carried if record.carried_from_id else ""))
        elif record.agreed_at and not before.agreed_at:
            yield _line(record, "Plan agreed: all three have signed", agreeing=True)
        elif before.agreed_at and not record.agreed_at:
            yield _line(record, "Agreement withdrawn")


def _signature_lines(h: _Plan) -> Iterable[_Line]:
    for record, _before in h.signatures.with_before():
        who = _SIGNATORY.get(record.signatory, record.signatory)
        if record.history_type == "+":
            yield _line(record, f"Signed by {who}", agreeing=True)
        elif record.history_type == "-":
            yield _line(record, f"Signature of {who} removed")


def _priority_lines(h: _Plan) -> Iterable[_Line]:
    for record, before in h.priorities.with_before():
        name = f"Priority {record.number} '{_short(record.title)}'"
        if record.history_type == "+":
            source = _word("source", record.source)
            how = "carried forward" if record.carried_from_id else f"added (source: {source})"
            yield _line(record, f"Priority {record.number} {how}: {_short(record.title)}")
        elif record.history_type == "-":
            yield _line(record, f"{name} deleted")
        elif before is not None and (parts := _changes(before, record, PRIORITY_FIELDS)):
            yield _line(record, f"{name}: {', '.join(parts)}")


def _target_label(record: Any) -> str:
    measure = _CHOICES["measure"].get(record.measure) if record.measure else None
    return _short(measure or record.description, 40)


def _target_lines(h: _Plan) -> Iterable[_Line]:
    for record, before in h.targets.with_before():
        where = h.priority(record.priority_id)
        if record.history_type == "+":
            baseline = f" (baseline {record.baseline})" if record.baseline is not None else ""
            yield _line(
                record,
                f"Target added to {where}: {_target_label(record)} {record.target} "
                f"by {_day(record.by_when)}{baseline}",
            )
        elif record.history_type == "-":
            yield _line(record, f"Target '{_target_label(record)}' ({where}) deleted")
        elif before is not None and (parts := _changes(before, record, TARGET_FIELDS)):
            yield _line(record, f"Target '{_target_label(record)}' ({where}): {', '.join(parts)}")


def _moved(h: _Plan, before: Any, record: Any) -> list[str]:
    if before.priority_id == record.priority_id:
        return []
    return [f"moved from {h.priority(before.priority_id)} to {h.priority(record.priority_id)}"]


def _action_lines(h: _Plan) -> Iterable[_Line]:
    for record, before in h.actions.with_before():
        name = _cap(h.action(record.id))
        if record.history_type == "+":
            how = "carried forward to" if record.carried_from_id else "added to"
            origin = " from a QA visit" if record.source_visit_id else ""
            yield _line(
                record,
                f"Action '{_short(record.what)}' {how} {h.priority(record.priority_id)}"
                f"{origin}, due {_day(record.due_on)}",
            )
        elif record.history_type == "-":
            yield _line(record, f"{name} deleted")
        elif before is not None:
            parts = _moved(h, before, record) + _changes(before, record, ACTION_LINE_FIELDS)
            if parts:
                yield _line(record, f"{name}: {', '.join(parts)}")


def _deployment_lines(h: _Plan) -> Iterable[_Line]:
    for record, before in h.deployments.with_before():
        name = _cap(h.deployment(record.id))
        if record.history_type == "+":
            funder = _word("funder", record.funder)
            yield _line(record, f"{name} added: {record.days} days, paid by {funder}")
        elif record.history_type == "-":
            yield _line(record, f"{name} deleted")
        elif before is not None:
            parts = _moved(h, before, record) + _changes(before, record, DEPLOYMENT_FIELDS)
            if parts:
                yield _line(record, f"{name}: {', '.join(parts)}")


def _note_lines(h: _Plan) -> Iterable[_Line]:
    for record, before in h.notes.with_before():
        on = h.action(record.action_id) if record.action_id else h.deployment(record.deployment_id)
        evidence = " with evidence" if record.evidence_name or record.evidence_link else ""
        if record.history_type == "+":
            yield _line(record, f"Progress note added to {on}{evidence}")
        elif record.history_type == "-":
            yield _line(record, f"Progress note of {_day(record.written_on)} on {on} removed")
        elif before is not None and (
            (record.text, record.written_on, record.evidence_name, record.evidence_link)
            != (before.text, before.written_on, before.evidence_name, before.evidence_link)
        ):
            yield _line(record, f"Progress note of {_day(record.written_on)} on {on} edited")


def _visit_day(visit: Visit | None) -> str:
    return _day(visit.visited_on or visit.planned_for) if visit is not None else "a deleted visit"


def _review_lines(h: _Plan) -> Iterable[_Line]:
    for record, before in h.reviews.with_before():
        if record.history_type == "-":
            continue
        parts = []
        if record.rag_after and (before is None or before.rag_after != record.rag_after):
            parts.append(
                f"RAG rating {_word('rag', record.rag_before)} to {_word('rag', record.rag_after)}"
            )
        if record.comment != (before.comment if before is not None else ""):
            parts.append(
                "comment " + ("edited" if before is not None and before.comment else "added")
            )
        if parts:
            yield _line(
                record,
                f"QA visit of {_visit_day(record.visit)} reviewed {h.action(record.action_id)}: "
                + ", ".join(parts),
            )


_KINDS: list[Callable[[_Plan], Iterable[_Line]]] = [
    _plan_lines,
    _signature_lines,
    _priority_lines,
    _target_lines,
    _action_lines,
    _deployment_lines,
    _note_lines,
    _review_lines,
]


def plan_history(
    *, plan: Plan, since: dt.datetime | None = None, limit: int = 200
) -> list[PlanChange]:
    """What changed on the plan and everything in it, newest first (from `since`, if given)."""
    history = _Plan(plan)
    lines = [line for kind in _KINDS for line in kind(history)]
    if since is not None:
        lines = [line for line in lines if line.when >= since]
    lines.sort(key=lambda line: line.when, reverse=True)
    agreed = plan.agreed_at
    return [
        PlanChange(
            line.when,
            line.who,
            line.what,
            after_agreement=agreed is not None and not line.agreeing and line.when > agreed,
        )
        for line in lines[:limit]
    ]


def last_visit_date(plan: Plan) -> dt.date | None:
    """The day of the school's latest submitted QA visit (one query)."""
    return (
        Visit.objects.filter(
            school_id=plan.school_id,
            trust_id=plan.trust_id,
            status=Visit.Status.SUBMITTED,
            visited_on__isnull=False,
        )
        .order_by("-visited_on")
        .values_list("visited_on", flat=True)
        .first()
    )


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day in the UK: 'since the visit' counts the whole day."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)
