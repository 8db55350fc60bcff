"""Writes of the growth part: the trust's growth settings, the due-diligence records of joining
schools, and a record's school joining the trust with its first category.

Each service is the transaction boundary, validates with `full_clean`, refuses a save over a newer
version (EditConflict) and writes nothing when it refuses."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fht.models import Trust, User
from risk.models import CategoryDecision, DueDiligence, GrowthSettings
from risk.services.categories import category_set
from schools.models import School


class EditConflict(Exception):
    """Someone saved the record after this person opened it: their save is refused."""

    def __init__(self, current: Any, changes: list[str]) -> None:
        super().__init__("The record was changed by someone else.")
        self.current = current
        self.changes = changes


SETTINGS_FIELDS = {
    "report_card_below_from": "report card outcomes below good",
    "safeguarding_not_met_below": "safeguarding not met",
    "sub_judgement_below_from": "2024 framework outcomes below good",
}
DUE_DILIGENCE_FIELDS = {
    "name": "school name",
    "urn": "URN",
    "status": "status",
    "started_on": "start date",
    "practice_observed": "practice observed",
    "previous_ofsted": "previous Ofsted judgement",
    "ofsted_outcome": "Ofsted outcome for the golden rule",
    "data_summary": "data",
    "leadership_capacity": "leadership capacity",
    "proposed_category": "proposed category",
}


def _as(obj: Any, user: User | None) -> Any:
    obj._history_user = user
    return obj


def _check_version(locked: Any, version: int | None, fields: dict[str, str]) -> None:
    """Refuse a save made over an older version, naming what changed since."""
    if version is None or version == locked.version:
        return
    opened = locked.history.filter(version=version).order_by("-history_id").first()
    changes = [
        label
        for name, label in fields.items()
        if opened is None or getattr(opened, name) != getattr(locked, name)
    ]
    raise EditConflict(locked, changes)


# --- settings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsData:
    report_card_below_from: int
    safeguarding_not_met_below: bool
    sub_judgement_below_from: int


def growth_settings_save(
    *, trust: Trust, data: SettingsData, version: int | None, acting_user: User
) -> GrowthSettings:
    """Save the trust's growth settings (the row is made on the first save)."""
    with transaction.atomic(durable=True):
        locked = GrowthSettings.objects.select_for_update().filter(trust=trust).first()
        if locked is None:
            locked = GrowthSettings(trust=trust)
        else:
            _check_version(locked, version, SETTINGS_FIELDS)
            locked.version += 1
        for name, value in vars(data).items():
            setattr(locked, name, value)
        locked.updated_by = acting_user
        locked.full_clean()
        _as(locked, acting_user).save()
    return locked


# --- due diligence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueDiligenceData:
    name: str
    urn: str
    status: str
    started_on: dt.date
    practice_observed: str
    previous_ofsted: str
    ofsted_outcome: str
    data_summary: str
    leadership_capacity: str
    proposed_category: str


def due_diligence_save(
    *,
    trust: Trust,
    data: DueDiligenceData,
    acting_user: User,
    record: DueDiligence | None = None,
    version: int | None = None,
) -> DueDiligence:
    """Create or edit a due-diligence record. 'Joined' is set only by `due_diligence_join`, and
    a joined record keeps that status."""
    with transaction.atomic(durable=True):
        if record is None:
            locked = DueDiligence(trust=trust, created_by=acting_user)
            was = None
        else:
            locked = DueDiligence.objects.select_for_update().get(pk=record.pk, trust=trust)
            _check_version(locked, version, DUE_DILIGENCE_FIELDS)
            locked.version += 1
            was = locked.status
        joined = DueDiligence.Status.JOINED
        if (data.status == joined) != (was == joined):
            raise ValidationError(
                {
                    "status": "A school joins the trust with 'Record the school joining'."
                    if data.status == joined
                    else "The school has joined the trust: its record stays 'joined'."
                }
            )
        for name, value in vars(data).items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.full_clean()
        _as(locked, acting_user).save()
    return locked


def due_diligence_join(
    *,
    record: DueDiligence,
    school: School,
    decided_on: dt.date,
    reason: str,
    acting_user: User,
    version: int | None = None,
) -> CategoryDecision:
    """The school of the record has joined the trust: link them, and set the school's first
    category from the record (its proposed category, source 'due diligence'). Refused when the
    school already has a category decision, or belongs to another trust."""
    if school.trust_id != record.trust_id:
        raise ValidationError({"school": "Choose one of the trust's schools."})
    if decided_on > timezone.localdate():
        raise ValidationError(
            {"decided_on": "The date of the first category must be today or earlier."}
        )
    if decided_on < record.started_on:
        raise ValidationError(
            {"decided_on": "The first category cannot be dated before due diligence started."}
        )
    with transaction.atomic(durable=True):
        locked = DueDiligence.objects.select_for_update().get(pk=record.pk)
        _check_version(locked, version, DUE_DILIGENCE_FIELDS)
        if locked.status == DueDiligence.Status.JOINED or locked.school_id is not None:
            raise ValidationError("This school has already joined the trust.")
        if DueDiligence.objects.filter(school=school).exists():
            raise ValidationError(
                {"school": "That school is already linked to another due-diligence record."}
            )
        if CategoryDecision.objects.filter(school=school).exists():
            raise ValidationError(
                {
                    "school": "That school already has a category: its first category cannot "
                    "come from due diligence."
                }
            )
        locked.school = school
        locked.status = DueDiligence.Status.JOINED
        locked.version += 1
        locked.full_clean()
        _as(locked, acting_user).save()
        return category_set(
            school=school,
            category=locked.proposed_category,
            decided_on=decided_on,
            reason=reason,
            acting_user=acting_user,
            source=CategoryDecision.Source.DUE_DILIGENCE,
            due_diligence=locked,
        )
