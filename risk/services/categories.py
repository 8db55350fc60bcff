"""Setting a school's category: the one road by which `School.category` changes, so the category
history and the visit cadence never disagree."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from fht.models import User
from risk.models import CategoryDecision, DueDiligence, Meeting
from schools.categories import Category
from schools.models import School


def category_set(
    *,
    school: School,
    category: str,
    decided_on: dt.date,
    reason: str,
    acting_user: User | None,
    source: str = CategoryDecision.Source.OTHER,
    meeting: Meeting | None = None,
    due_diligence: DueDiligence | None = None,
) -> CategoryDecision:
    """Record a decision on the school's category and make it the current one.

    The school row is locked, so two decisions at once are applied one after the other and each
    records the category it replaced. Runs inside the caller's transaction when there is one (a
    meeting's close applies many decisions at once)."""
    if category not in Category.values:
        raise ValidationError({"category": "Choose a category from A to D."})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the category."})
    with transaction.atomic():
        locked = School.objects.select_for_update().get(pk=school.pk)
        decision = CategoryDecision(
            trust_id=locked.trust_id,
            school=locked,
            category=category,
            previous_category=locked.category,
            decided_on=decided_on,
            decided_by=acting_user,
            source=source,
            meeting=meeting,
            due_diligence=due_diligence,
            reason=reason.strip(),
        )
        decision.full_clean()
        decision._history_user = acting_user  # type: ignore[attr-defined]
        decision.save()
        if locked.category != category:
            locked.category = category
            locked._history_user = acting_user  # type: ignore[attr-defined]
            locked.save(update_fields=["category"])
        school.category = category
    return decision
