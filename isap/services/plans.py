"""Writes of a school's action plan as a whole: starting a year's plan (carrying the last year's open
work forward) and signing it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fht.models import User
from isap.models import (
    Action,
    Plan,
    Priority,
    Signature,
    Target,
)
from schools.models import AcademicYear, School

# --- starting a plan ----------------------------------------------------------------------------


def _as(obj: Any, user: User | None) -> Any:
    obj._history_user = user
    return obj


def plan_start(*, school: School, year: AcademicYear, acting_user: User | None) -> Plan:
    """Start the school's plan for a year. If it had a plan the year before, its open priorities
    (with their targets) and their open actions come forward, each linked to where it came from."""
    if school.closed_on is not None:
        raise ValidationError("A closed school has no new action plans.")
    if Plan.objects.filter(school=school, academic_year=year).exists():
        raise ValidationError({"academic_year": f"{school.name} already has a plan for {year}."})
    previous = (
        Plan.objects.filter(school=school, academic_year__starts_in__lt=year.starts_in)
        .order_by("-academic_year__starts_in")
        .first()
    )
    try:
        with transaction.atomic():
            plan = _as(
                Plan(
                    trust_id=school.trust_id,
                    school=school,
                    academic_year=year,
                    carried_from=previous,
                    created_by=acting_user,
                ),
                acting_user,
            )
            plan.save()
            if previous is not None:
                _carry_forward(previous=previous, plan=plan, acting_user=acting_user)
    except IntegrityError:  # two people started it at once: the other got there first
        raise ValidationError(
            {"academic_year": f"{school.name} already has a plan for {year}."}
        ) from None
    return plan


def _carry_forward(*, previous: Plan, plan: Plan, acting_user: User | None) -> None:
    priorities = (
        Priority.objects.filter(plan=previous, status=Priority.Status.OPEN)
        .prefetch_related("targets")
        .order_by("number", "pk")
    )
    for number, old in enumerate(priorities, start=1):
        new = _as(
            Priority(
                trust_id=plan.trust_id,
                plan=plan,
                number=number,
                title=old.title,
                description=old.description,
                source=old.source,
                source_visit=old.source_visit,
                source_reference=old.source_reference,
                carried_from=old,
            ),
            acting_user,
        )
        new.save()
        for target in old.targets.all():
            _as(
                Target(
                    trust_id=plan.trust_id,
                    priority=new,
                    measure=target.measure,
                    description=target.description,
                    baseline=target.baseline,
                    target=target.target,
                    by_when=target.by_when,
                ),
                acting_user,
            ).save()
        # Locked as they are read: a save racing the new year's start either lands first (and
        # is carried) or waits and then finds the action carried forward (a version conflict).
        still_open = (
            Action.objects.select_for_update(of=("self",))
            .filter(priority=old, status__in=Action.OPEN_STATUSES)
            .order_by("due_on", "pk")
        )
        for action in still_open:
            _as(
                Action(
                    trust_id=plan.trust_id,
                    priority=new,
                    what=action.what,
                    owner_id=action.owner_id,
                    owner_role=action.owner_role,
                    starts_on=action.starts_on,
                    due_on=action.due_on,
                    status=action.status,
                    rag=action.rag,
                    school_impact=action.school_impact,
                    director_impact=action.director_impact,
                    source_visit_id=action.source_visit_id,
                    carried_from=action,
                    updated_by=acting_user,
                ),
                acting_user,
            ).save()
            # Last year's plan says where the work went, and no longer counts it as overdue.
            action.status = Action.Status.CARRIED
            action.version += 1
            action.updated_by = acting_user
            _as(action, acting_user).save(
                update_fields=["status", "version", "updated_by", "updated_at"]
            )
        old.status = Priority.Status.CARRIED
        _as(old, acting_user).save(update_fields=["status"])


# --- agreement ------------------------------------------------------------------------------------


def plan_sign(*, plan: Plan, signatory: str, acting_user: User) -> Signature:
    """Sign the plan as one of its three signatories; the third signature agrees it."""
    from isap.selectors import signatories_for

    if signatory not in signatories_for(acting_user, plan.school_id):
        raise ValidationError({"signatory": "You cannot sign the plan as this signatory."})
    label = Signature.Signatory(signatory).label
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if Signature.objects.filter(plan=locked, signatory=signatory).exists():
            raise ValidationError(
                {"signatory": f"The plan has already been signed by the {label}."}
            )
        signature = _as(
            Signature(
                trust_id=locked.trust_id,
                plan=locked,
                signatory=signatory,
                person=acting_user,
                signed_at=timezone.now(),
            ),
            acting_user,
        )
        signature.save()
        if locked.agreed_at is None and Signature.objects.filter(plan=locked).count() == len(
            Signature.Signatory
        ):
            locked.agreed_at = signature.signed_at
            _as(locked, acting_user).save(update_fields=["agreed_at"])
    return signature
