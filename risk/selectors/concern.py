"""Reads of the schools-causing-concern procedure: who reads a case, the one road from an id to a
case, the steps a case still lacks, its dated log, the trust's list of cases, and what the rest of
risk reads (`open_levels`)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from fht.access import Access, access_for
from fht.models import User
from fht.roles import SchoolPerm
from fht.tenancy import trust_id_of
from isap.models import Action, Priority, Source
from risk.access import owns_escalation
from risk.models import (
    REQUIRED_STEPS,
    CaseStep,
    ConcernCase,
    ConcernIsapLink,
    ConcernLetter,
    LevelDecision,
    StepKind,
)
from schools.models import School
from schools.years import academic_year_for

# Steps only those who own escalation record: the letters' sending and the level-4 action.
OWNER_STEPS = frozenset(
    {StepKind.CHAIR_LETTER_SENT, StepKind.LGB_LETTER_SENT, StepKind.ACTION_TAKEN}
)


def open_levels(school_ids: Iterable[int]) -> dict[int, int]:
    """Each given school's open concern case level (1-4); schools with no open case are left out.
    One query whatever the number of schools."""
    rows = ConcernCase.objects.filter(
        school_id__in=list(school_ids), status=ConcernCase.Status.OPEN
    ).values_list("school_id", "level")
    return dict(rows)


# --- who ---------------------------------------------------------------------------------------


def reads_case(access: Access, school_id: int) -> bool:
    """The CEO and deputy (who own escalation) and the school's Director of QA read the case and
    record its steps; heads, governors and everyone else do not (they receive its letters)."""
    return owns_escalation(access) or access.has_school_perm(
        school_id, SchoolPerm.MANAGE_IMPROVEMENT
    )


def reads_any_case(access: Access) -> bool:
    return owns_escalation(access) or access.can_plan_visits


def access_case(user: User, case_id: int, *, own: bool = False) -> ConcernCase:
    """A case of the person's trust that they read (with `own`: that they may step, close and
    send letters for); 404 for 'missing' and 'not yours' alike."""
    case = (
        ConcernCase.objects.select_related("school__cluster", "trust", "opened_by")
        .filter(pk=case_id, trust_id=trust_id_of(user))
        .first()
    )
    access = access_for(user)
    if case is None or not reads_case(access, case.school_id):
        raise Http404("No such case")
    if own and not owns_escalation(access):
        raise Http404("No such case")
    return case


# --- steps -------------------------------------------------------------------------------------


def required_steps(level: int) -> list[StepKind]:
    """The steps a case at `level` requires: those of levels 1 to `level`, in order."""
    return [kind for n in range(1, level + 1) for kind in REQUIRED_STEPS.get(n, ())]


def recordable_steps(level: int) -> list[StepKind]:
    """The steps a person records on a case at `level` ('ISAP amended' is met by a link)."""
    return [kind for kind in required_steps(level) if kind != StepKind.ISAP_AMENDED]


def _isap_amended(case_ids: list[int]) -> set[int]:
    return set(
        ConcernIsapLink.objects.filter(
            case_id__in=case_ids, priority__source=Source.CONCERN_CASE
        ).values_list("case_id", flat=True)
    )


def missing_by_case(cases: Iterable[ConcernCase]) -> dict[int, list[StepKind]]:
    """Each case's required steps not done yet (two queries, whatever the number of cases)."""
    cases = list(cases)
    ids = [c.pk for c in cases]
    done: dict[int, set[str]] = {pk: set() for pk in ids}
    for case_id, kind in CaseStep.objects.filter(case_id__in=ids).values_list("case_id", "kind"):
        done[case_id].add(kind)
    for case_id in _isap_amended(ids):
        done[case_id].add(StepKind.ISAP_AMENDED)
    return {c.pk: [k for k in required_steps(c.level) if k not in done[c.pk]] for c in cases}


def missing_steps(case: ConcernCase) -> list[StepKind]:
    """The steps the case's level requires that are not done yet (a closed case lacks none)."""
    if not case.is_open:
        return []
    return missing_by_case([case])[case.pk]


# --- the case page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    on: dt.date
    what: str
    detail: str
    who: str
    kind: str  # "decision", "step" or "isap"


def _name(user: Any) -> str:
    return user.full_name if user is not None else "Someone no longer in the trust"


def case_log(case: ConcernCase) -> list[LogEntry]:
    """The case's dated log: its level decisions, the steps recorded and the ISAP's amendments,
    oldest first (three queries)."""
    entries: list[tuple[dt.date, int, int, LogEntry]] = []
    for d in LevelDecision.objects.filter(case=case).select_related("decided_by"):
        entries.append(
            (
                d.decided_on,
                0,
                d.pk,
                LogEntry(d.decided_on, d.what, d.reason, _name(d.decided_by), "decision"),
            )
        )
    for s in CaseStep.objects.filter(case=case).select_related("recorded_by"):
        detail = s.note
        if s.taken_action:
            detail = f"{s.get_taken_action_display()}. {s.note}"
        title = f"{s.get_kind_display()} (at level {s.level})"
        entries.append(
            (s.done_on, 1, s.pk, LogEntry(s.done_on, title, detail, _name(s.recorded_by), "step"))
        )
    links = ConcernIsapLink.objects.filter(case=case).select_related(
        "priority__plan__academic_year", "action", "linked_by"
    )
    for link in links:
        entries.append(
            (
                link.linked_on,
                2,
                link.pk,
                LogEntry(
                    link.linked_on, "ISAP amended", isap_label(link), _name(link.linked_by), "isap"
                ),
            )
        )
    return [e for *_, e in sorted(entries, key=lambda row: row[:3])]


def isap_label(link: ConcernIsapLink) -> str:
    p = link.priority
    text = f"Priority {p.number}: {p.title} (action plan {p.plan.academic_year})"
    if link.action is not None:
        text += f"; action: {link.action.what[:120]}"
    return text


def isap_choices(
    case: ConcernCase, *, today: dt.date
) -> tuple[QuerySet[Priority], QuerySet[Action]]:
    """The priorities of the school's plan for this year whose source is the case, and their
    actions: what may be linked to the case."""
    year = academic_year_for(trust_id=case.trust_id, on=today)
    priorities = Priority.objects.filter(
        plan__school_id=case.school_id,
        plan__academic_year=year,
        source=Source.CONCERN_CASE,
        trust_id=case.trust_id,
    ).select_related("plan")
    linked = ConcernIsapLink.objects.filter(case=case)
    actions = (
        Action.objects.filter(priority__in=priorities)
        .exclude(pk__in=linked.filter(action__isnull=False).values("action_id"))
        .select_related("priority")
    )
    return priorities, actions


def letters_of(case: ConcernCase) -> dict[str, ConcernLetter]:
    return {
        letter.kind: letter
        for letter in ConcernLetter.objects.filter(case=case).select_related("job")
    }


# --- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    case: ConcernCase
    missing: list[StepKind]

    @property
    def missing_words(self) -> str:
        return "; ".join(str(kind.label) for kind in self.missing)


def cases_for(
    *, user: User, status: str = "", level: int | None = None, cluster_id: int | None = None
) -> QuerySet[ConcernCase]:
    """The cases the person reads (all of the trust's for those who own escalation, their
    schools' for a Director of QA), filtered by status, level and cluster."""
    access = access_for(user)
    cases = ConcernCase.objects.filter(trust_id=trust_id_of(user)).select_related("school__cluster")
    if not owns_escalation(access):
        cases = cases.filter(school_id__in=access.school_ids(SchoolPerm.MANAGE_IMPROVEMENT))
    if status:
        cases = cases.filter(status=status)
    if level is not None:
        cases = cases.filter(level=level)
    if cluster_id is not None:
        cases = cases.filter(school__cluster_id=cluster_id)
    return cases


def case_rows(cases: Iterable[ConcernCase]) -> list[CaseRow]:
    """Each case with the steps it still lacks (two queries whatever the number of cases)."""
    cases = list(cases)
    missing = missing_by_case([c for c in cases if c.is_open])
    return [CaseRow(c, missing.get(c.pk, [])) for c in cases]


def schools_without_open_case(*, trust_id: int) -> QuerySet[School]:
    """The trust's open schools that have no open case: those a case may be opened for."""
    return (
        School.objects.filter(trust_id=trust_id, closed_on__isnull=True)
        .exclude(concern_cases__status=ConcernCase.Status.OPEN)
        .order_by("name")
    )


def open_case_of(school: School) -> ConcernCase | None:
    """The school's open case, if it has one (one query)."""
    return ConcernCase.objects.filter(school=school, status=ConcernCase.Status.OPEN).first()


def letter_of(case: ConcernCase, kind: str) -> ConcernLetter | None:
    """The case's letter of this kind as last made, with its job."""
    return ConcernLetter.objects.filter(case=case, kind=kind).select_related("job").first()
