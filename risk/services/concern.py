"""Writes of the schools-causing-concern procedure: opening a case, stepping its level up or back,
recording a step, linking the ISAP's amendment, the letters' text, and closing it.

Each is the transaction boundary, validates before writing (a refusal writes nothing) and takes the
acting person. Changes of level, the letters' text and closing carry the version the person
opened the case at: a stale one is refused with `CaseChanged`, never applied over a newer change.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fht.models import User
from isap.models import Action, Priority, Source
from risk.models import (
    CaseStep,
    ConcernCase,
    ConcernIsapLink,
    ConcernLetter,
    LevelDecision,
    StepKind,
    TakenAction,
)
from risk.selectors.concern import recordable_steps
from schools.models import School
from schools.years import academic_year_for

LEVELS = range(1, 5)
TEXT_LIMIT = 5000


class CaseChanged(Exception):
    """The case changed after this person opened it: their change is refused."""

    def __init__(self, case: ConcernCase) -> None:
        super().__init__("The case was changed by someone else.")
        self.case = case


def _as(row: Any, user: User | None) -> Any:
    row._history_user = user
    return row


def _reason(reason: str, field: str = "reason", what: str = "the reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({field: f"Enter {what}."})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: f"Keep it to {TEXT_LIMIT} characters or fewer."})
    return text


def _date(on: dt.date, *, field: str, not_before: dt.date | None = None) -> dt.date:
    if on > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future."})
    if not_before is not None and on < not_before:
        raise ValidationError(
            {field: f"The date cannot be before the case was opened ({not_before:%d %B %Y})."}
        )
    return on


def _level(level: Any, field: str = "level") -> int:
    if level not in LEVELS:
        raise ValidationError({field: "Choose a level from 1 to 4."})
    return int(level)


def _after_last_decision(locked: ConcernCase, on: dt.date, field: str) -> None:
    """A decision is dated on or after the case's latest one, so the log reads in order."""
    last = (
        LevelDecision.objects.filter(case=locked)
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    if last is not None and on < last:
        raise ValidationError(
            {field: f"The date cannot be before the case's last decision ({last:%d %B %Y})."}
        )


def _locked(case: ConcernCase, version: int | None) -> ConcernCase:
    """The case, locked for this change, if it is still the version the person opened."""
    locked = ConcernCase.objects.select_for_update().select_related("school").get(pk=case.pk)
    if version is None or version != locked.version:
        raise CaseChanged(locked)
    if not locked.is_open:
        raise ValidationError("The case is closed: nothing more can be changed in it.")
    return locked


def _bump(locked: ConcernCase, case: ConcernCase, user: User | None, **values: Any) -> None:
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    _as(locked, user).save(update_fields=[*values, "version"])
    for name, value in values.items():
        setattr(case, name, value)
    case.version = locked.version


def concern_case_open(
    *, school: School, level: int, reason: str, opened_on: dt.date, issues: str, acting_user: User
) -> ConcernCase:
    """Open the school's case at a level (usually 1; an Ofsted category may bring a school in
    higher), with the reason: the first level decision. A school has one open case at most."""
    level = _level(level)
    reason = _reason(reason)
    _date(opened_on, field="opened_on")
    if school.trust_id != acting_user.trust_id:
        raise ValidationError({"school": "Choose one of the trust's schools."})
    issues = issues.strip()
    if len(issues) > TEXT_LIMIT:
        raise ValidationError({"issues": f"Keep it to {TEXT_LIMIT} characters or fewer."})
    taken = "This school already has an open concern case."
    try:
        with transaction.atomic(durable=True):
            if ConcernCase.objects.filter(school=school, status=ConcernCase.Status.OPEN).exists():
                raise ValidationError({"school": taken})
            case = ConcernCase(
                trust_id=school.trust_id,
                school=school,
                opened_on=opened_on,
                opened_by=acting_user,
                level=level,
                issues=issues,
            )
            _as(case, acting_user).save()
            _as(
                LevelDecision(
                    trust_id=school.trust_id,
                    case=case,
                    from_level=None,
                    to_level=level,
                    reason=reason,
                    decided_on=opened_on,
                    decided_by=acting_user,
                ),
                acting_user,
            ).save()
    except IntegrityError:  # another person opened one at the same moment
        raise ValidationError({"school": taken}) from None
    return case


def concern_level_set(
    *,
    case: ConcernCase,
    to_level: int,
    reason: str,
    decided_on: dt.date,
    version: int | None,
    acting_user: User,
) -> LevelDecision:
    """Step the case up or back to `to_level`, with the reason and the date of the decision."""
    to_level = _level(to_level, "to_level")
    reason = _reason(reason)
    _date(decided_on, field="decided_on", not_before=case.opened_on)
    with transaction.atomic(durable=True):
        locked = _locked(case, version)
        _after_last_decision(locked, decided_on, "decided_on")
        if to_level == locked.level:
            raise ValidationError({"to_level": f"The case is already at level {to_level}."})
        decision = LevelDecision(
            trust_id=locked.trust_id,
            case=locked,
            from_level=locked.level,
            to_level=to_level,
            reason=reason,
            decided_on=decided_on,
            decided_by=acting_user,
        )
        _as(decision, acting_user).save()
        _bump(locked, case, acting_user, level=to_level)
    return decision


def concern_case_close(
    *,
    case: ConcernCase,
    reason: str,
    closed_on: dt.date,
    version: int | None,
    acting_user: User,
) -> LevelDecision:
    """The school leaves the procedure: the last level decision, and the case is closed."""
    reason = _reason(reason)
    _date(closed_on, field="closed_on", not_before=case.opened_on)
    with transaction.atomic(durable=True):
        locked = _locked(case, version)
        _after_last_decision(locked, closed_on, "closed_on")
        decision = LevelDecision(
            trust_id=locked.trust_id,
            case=locked,
            from_level=locked.level,
            to_level=None,
            reason=reason,
            decided_on=closed_on,
            decided_by=acting_user,
        )
        _as(decision, acting_user).save()
        _bump(locked, case, acting_user, status=ConcernCase.Status.CLOSED, closed_on=closed_on)
    return decision


def concern_letter_text_set(
    *,
    case: ConcernCase,
    issues: str,
    actions_to_follow: str,
    performance_management: str | None,
    version: int | None,
    acting_user: User,
) -> None:
    """What the letters say. `performance_management` is None for a person who may not read the
    restricted text: it is then left as it is."""
    values = {"issues": issues.strip(), "actions_to_follow": actions_to_follow.strip()}
    if performance_management is not None:
        values["performance_management"] = performance_management.strip()
    for field, text in values.items():
        if len(text) > TEXT_LIMIT:
            raise ValidationError({field: f"Keep it to {TEXT_LIMIT} characters or fewer."})
    with transaction.atomic(durable=True):
        locked = _locked(case, version)
        _bump(locked, case, acting_user, **values)


def concern_step_record(
    *,
    case: ConcernCase,
    kind: str,
    done_on: dt.date,
    note: str,
    acting_user: User,
    taken_action: str = "",
) -> CaseStep:
    """Record a step the case's level requires (the level's own or a lower one's), dated and
    with a note of what was done. A letter's sending is recorded once the letter has been made."""
    if kind not in recordable_steps(case.level):
        raise ValidationError({"kind": "Choose a step the case's level requires."})
    note = _reason(note, "note", "what was done")
    _date(done_on, field="done_on", not_before=case.opened_on)
    if kind == StepKind.ACTION_TAKEN and taken_action not in TakenAction.values:
        raise ValidationError({"taken_action": "Choose the action taken."})
    if kind != StepKind.ACTION_TAKEN:
        taken_action = ""
    letter = {
        StepKind.CHAIR_LETTER_SENT: ConcernLetter.Kind.CHAIR,
        StepKind.LGB_LETTER_SENT: ConcernLetter.Kind.LGB,
    }.get(StepKind(kind))
    with transaction.atomic(durable=True):
        locked = ConcernCase.objects.select_for_update().get(pk=case.pk)
        if not locked.is_open:
            raise ValidationError("The case is closed: nothing more can be changed in it.")
        if kind not in recordable_steps(locked.level):
            raise ValidationError({"kind": "Choose a step the case's level requires."})
        made = ConcernLetter.objects.filter(case=locked, kind=letter, rendered_at__isnull=False)
        if letter is not None and not made.exists():
            raise ValidationError({"kind": "Make the letter before recording that it was sent."})
        step = CaseStep(
            trust_id=locked.trust_id,
            case=locked,
            level=locked.level,
            kind=kind,
            done_on=done_on,
            note=note,
            taken_action=taken_action,
            recorded_by=acting_user,
        )
        _as(step, acting_user).save()
    return step


def concern_isap_link(
    *,
    case: ConcernCase,
    priority: Priority,
    action: Action | None,
    acting_user: User,
    today: dt.date | None = None,
) -> ConcernIsapLink:
    """Link a priority of the school's current plan whose source is the case (or an action under
    one) to the case: the ISAP has been amended for it."""
    today = today or timezone.localdate()
    plan = priority.plan
    if priority.trust_id != case.trust_id or plan.school_id != case.school_id:
        raise ValidationError({"priority": "Choose a priority of this school's plan."})
    year = academic_year_for(trust_id=case.trust_id, on=today)
    if year is None or plan.academic_year_id != year.pk:
        raise ValidationError({"priority": "Choose a priority of this year's plan."})
    if priority.source != Source.CONCERN_CASE:
        raise ValidationError(
            {"priority": "Choose a priority whose source is the schools-causing-concern case."}
        )
    if action is not None and action.priority_id != priority.pk:
        raise ValidationError({"action": "Choose an action of that priority."})
    with transaction.atomic(durable=True):
        locked = ConcernCase.objects.select_for_update().get(pk=case.pk)
        if not locked.is_open:
            raise ValidationError("The case is closed: nothing more can be changed in it.")
        exists = ConcernIsapLink.objects.filter(case=locked, priority=priority, action=action)
        if exists.exists():
            raise ValidationError({"priority": "That is already linked to the case."})
        link = ConcernIsapLink(
            trust_id=case.trust_id,
            case=locked,
            priority=priority,
            action=action,
            linked_on=today,
            linked_by=acting_user,
        )
        _as(link, acting_user).save()
    return link
