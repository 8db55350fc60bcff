"""Writes of a plan's priorities and their targets."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from fht.models import User
from isap.models import (
    Plan,
    Priority,
    Source,
    Target,
)
from isap.services.plans import _as
from qa_visits.models import Visit

# --- priorities and targets -----------------------------------------------------------------------


@dataclass
class PriorityData:
    title: str
    description: str
    source: str
    source_visit: Visit | None
    source_reference: str
    status: str = Priority.Status.OPEN


def _check_source(plan: Plan, data: PriorityData) -> None:
    if data.source_visit is not None:
        if data.source_visit.school_id != plan.school_id or not data.source_visit.is_submitted:
            raise ValidationError({"source_visit": "Choose a submitted visit to this school."})
        if data.source != Source.QA_VISIT:
            raise ValidationError(
                {"source_visit": "Choose a visit only for a priority whose source is a QA visit."}
            )


def priority_save(
    *, plan: Plan, data: PriorityData, acting_user: User, priority: Priority | None = None
) -> Priority:
    _check_source(plan, data)
    with transaction.atomic():
        if priority is None:
            Plan.objects.select_for_update().get(pk=plan.pk)  # one number per new priority
            top = Priority.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
            priority = Priority(trust_id=plan.trust_id, plan=plan, number=top + 1)
        for name, value in vars(data).items():
            setattr(priority, name, value)
        priority.full_clean(exclude=["plan", "trust", "carried_from"])
        _as(priority, acting_user).save()
    return priority


@dataclass
class TargetData:
    measure: str
    description: str
    baseline: Any
    target: Any
    by_when: dt.date


def target_save(
    *, priority: Priority, data: TargetData, acting_user: User, target: Target | None = None
) -> Target:
    if not data.measure and not data.description.strip():
        raise ValidationError(
            {"measure": "Choose a measure from the data returns, or describe the measure in words."}
        )
    target = target or Target(trust_id=priority.trust_id, priority=priority)
    for name, value in vars(data).items():
        setattr(target, name, value)
    target.full_clean(exclude=["priority", "trust"])
    with transaction.atomic():
        _as(target, acting_user).save()
    return target


def target_delete(*, target: Target, acting_user: User) -> None:
    with transaction.atomic():
        _as(target, acting_user).delete()
