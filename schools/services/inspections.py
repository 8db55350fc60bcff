"""Writes of a school's Ofsted inspections: recording, correcting and deleting one. Each is one
transaction with its history; a refusal is a ValidationError with nothing written."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fht.models import User
from schools.models import Inspection, School

# What a form may set on an inspection (the school, trust and version are the service's).
INSPECTION_FIELDS = (
    "inspected_on",
    "inspection_type",
    "framework",
    "overall",
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
    "early_years",
    "sixth_form",
    "area_inclusion",
    "area_curriculum_and_teaching",
    "area_achievement",
    "area_attendance_and_behaviour",
    "area_personal_development",
    "area_leadership_and_governance",
    "area_early_years",
    "safeguarding_met",
    "concern",
    "note",
)
STALE = (
    "Someone else changed this inspection after you opened it. Reload the page to see their "
    "change, then make yours again."
)


def _fill(inspection: Inspection, details: dict[str, Any]) -> None:
    """Every field from the details: a field the form did not show is cleared, so a judgement of
    another framework never stays behind."""
    unknown = details.keys() - set(INSPECTION_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of an inspection: {sorted(unknown)}")
    for name in INSPECTION_FIELDS:
        default: Any = "" if name in ("concern", "note") else None
        setattr(inspection, name, details.get(name, default))


def _save(inspection: Inspection, acting_user: User | None) -> None:
    inspection.full_clean()
    inspection._history_user = acting_user  # type: ignore[attr-defined]
    inspection.save()


def inspection_record(
    *, school: School, details: dict[str, Any], acting_user: User | None
) -> Inspection:
    """Add an inspection to the school's history."""
    inspection = Inspection(school=school, trust_id=school.trust_id)
    _fill(inspection, details)
    with transaction.atomic(durable=True):
        _save(inspection, acting_user)
    return inspection


def inspection_update(
    *, inspection: Inspection, details: dict[str, Any], version: int, acting_user: User | None
) -> Inspection:
    """Correct an inspection; refused if someone saved it after `version` was read."""
    with transaction.atomic(durable=True):
        locked = Inspection.objects.select_for_update().get(
            pk=inspection.pk, trust_id=inspection.trust_id
        )
        if locked.version != version:
            raise ValidationError(STALE, code="stale")
        _fill(locked, details)
        locked.version += 1
        _save(locked, acting_user)
    return locked


def inspection_delete(*, inspection: Inspection, version: int, acting_user: User | None) -> None:
    """Remove an inspection entered by mistake (its history keeps a record of it)."""
    with transaction.atomic(durable=True):
        locked = Inspection.objects.select_for_update().get(
            pk=inspection.pk, trust_id=inspection.trust_id
        )
        if locked.version != version:
            raise ValidationError(STALE, code="stale")
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.delete()
