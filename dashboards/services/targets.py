"""Writing the trust's targets: the whole year's form at once, in one transaction, each change in
the history with who made it."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from dashboards.models import TrustTarget
from fht.models import Trust, User
from returns.measures import Measure, Unit, info
from schools.models import AcademicYear

PERCENT_BOUNDS = (Decimal(0), Decimal(100))
SCORE_BOUNDS = (Decimal(-30), Decimal(30))


def target_problem(measure: Measure, value: Decimal) -> str | None:
    """Why a target cannot be right for its measure, or None: a percentage is 0 to 100, a
    progress score -30 to 30."""
    if not value.is_finite():
        return f"{measure.label} must be a number"
    low, high = SCORE_BOUNDS if info(measure).unit == Unit.SCORE else PERCENT_BOUNDS
    if not low <= value <= high:
        return f"{measure.label} must be between {low} and {high}"
    return None


def trust_targets_save(
    *,
    trust: Trust,
    academic_year: AcademicYear,
    targets: Mapping[Measure, Decimal | None],
    acting_user: User | None,
) -> int:
    """Set the trust's targets for a year (None removes one); returns how many changed. Nothing is
    written if any value is refused."""
    if academic_year.trust_id != trust.pk:
        raise ValidationError("That academic year belongs to another trust.")
    errors = {
        m.value: [problem]
        for m, v in targets.items()
        if v is not None and (problem := target_problem(m, v))
    }
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic(durable=True):
        existing = {
            t.measure: t
            for t in TrustTarget.objects.filter(trust=trust, academic_year=academic_year)
        }
        for measure, value in targets.items():
            row = existing.get(measure.value)
            if value is None:
                if row is not None:
                    row._history_user = acting_user  # type: ignore[attr-defined]
                    row.delete()
                    changed += 1
                continue
            if row is not None and row.value == value:
                continue
            row = row or TrustTarget(trust=trust, academic_year=academic_year, measure=measure)
            row.value = value
            row.updated_by = acting_user
            row._history_user = acting_user  # type: ignore[attr-defined]
            row.full_clean()
            row.save()
            changed += 1
    return changed
