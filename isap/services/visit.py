"""What a QA visit records on the school's plan: the actions it discussed and their ratings."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fht.models import User
from isap.models import (
    Action,
    Priority,
    VisitActionReview,
)
from isap.services.actions import action_create, action_update
from isap.services.plans import _as
from qa_visits.models import Visit

# --- what a QA visit records on the plan ------------------------------------------------------------


@dataclass
class ActionReviewData:
    action: Action
    rag_after: str
    comment: str


def visit_actions_record(
    *,
    visit: Visit,
    reviews: list[ActionReviewData],
    new_actions: list[tuple[Priority, dict[str, Any]]],
    acting_user: User,
) -> None:
    """Record the actions a visit discussed (the RAG rating each now has) and the new actions its
    agreed next steps gave, in one transaction: all of it or none."""
    with transaction.atomic():
        for review in reviews:
            if review.action.priority.plan.school_id != visit.school_id:
                raise ValidationError("Choose actions of this school's plan.")
            # The rating before the visit is read from the row as it is now, locked, not from
            # the page the director opened.
            current = Action.objects.select_for_update(of=("self",)).get(pk=review.action.pk)
            row, _ = VisitActionReview.objects.get_or_create(
                trust_id=visit.trust_id,
                visit=visit,
                action=current,
                defaults={"rag_before": current.rag, "recorded_by": acting_user},
            )
            row.rag_after = review.rag_after
            row.comment = review.comment
            row.recorded_by = acting_user
            _as(row, acting_user).save()
            if review.rag_after and review.rag_after != current.rag:
                action_update(
                    action=current,
                    values={"rag": review.rag_after},
                    allowed=("rag",),
                    version=None,
                    acting_user=acting_user,
                )
        for priority, values in new_actions:
            if priority.plan.school_id != visit.school_id:
                raise ValidationError("Choose a priority of this school's plan.")
            action_create(
                priority=priority, values=values, acting_user=acting_user, source_visit=visit
            )
