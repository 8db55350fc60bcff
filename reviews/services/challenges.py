"""A shared review's key challenge becomes a priority of the school's action plan, with a first
action, through the action plan's own services: once only (a second click finds it already there),
linked both ways (`Challenge.priority`; the plan page links back through isap.sources).

A school with no plan for the review's year gets no plan made silently: starting a plan carries the
last year's open work forward, which the head or the Director of QA should choose to do from the
school's action plans page."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fht.models import User
from fht.roles import Role
from isap.models import Plan, Priority, Source
from isap.services.actions import action_create
from isap.services.priorities import PriorityData, priority_save
from people.models import RoleAssignment
from reviews.models import Challenge, Review
from reviews.selectors.library import review_dates

# The first action is due four weeks after the challenge joins the plan.
FIRST_ACTION_WEEKS = 4
HEAD_ROLES = (Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD)


class AlreadyOnPlan(Exception):
    def __init__(self, priority: Priority) -> None:
        super().__init__("This challenge is already a priority of the action plan.")
        self.priority = priority


class NoPlan(Exception):
    def __init__(self, review: Review) -> None:
        super().__init__(f"{review.school} has no action plan for {review.academic_year} yet.")
        self.review = review


def school_head(school_id: int) -> User | None:
    """The school's head teacher, else its executive head (one query)."""
    rows = RoleAssignment.objects.filter(
        school_id=school_id, role__in=HEAD_ROLES, ended_at__isnull=True
    ).select_related("person")
    ranked = sorted(rows, key=lambda r: (HEAD_ROLES.index(Role(r.role)), r.pk))
    return ranked[0].person if ranked else None


def challenge_to_plan(
    *, challenge: Challenge, acting_user: User, today: dt.date | None = None
) -> Priority:
    """Make the challenge a priority (source: the partnership review) with a first action owned by
    the head, on the school's plan for the review's year. Raises AlreadyOnPlan, NoPlan, or
    ValidationError for a review not yet shared."""
    today = today or timezone.localdate()
    with transaction.atomic(durable=True):
        locked = (
            Challenge.objects.select_for_update(of=("self",))
            .select_related("review__school", "review__academic_year", "priority__plan")
            .get(pk=challenge.pk)
        )
        if locked.priority is not None:
            raise AlreadyOnPlan(locked.priority)
        review = locked.review
        if not review.is_shared:
            raise ValidationError("Add challenges to the action plan once the review is shared.")
        plan = Plan.objects.filter(
            school_id=review.school_id, academic_year_id=review.academic_year_id
        ).first()
        if plan is None:
            raise NoPlan(review)
        priority = priority_save(
            plan=plan,
            data=PriorityData(
                title=locked.title,
                description=locked.detail,
                source=Source.PARTNERSHIP_REVIEW,
                source_visit=None,
                source_reference=f"Partnership review, {review_dates(review)}"[:200],
            ),
            acting_user=acting_user,
        )
        head = school_head(review.school_id)
        action_create(
            priority=priority,
            values={
                "what": "Agree the first steps and the measurable targets for this priority.",
                "owner": head,
                "owner_role": "" if head is not None else "Head teacher",
                "starts_on": today,
                "due_on": today + dt.timedelta(weeks=FIRST_ACTION_WEEKS),
            },
            acting_user=acting_user,
        )
        locked.priority = priority
        locked.made_priority_by = acting_user
        locked.made_priority_at = timezone.now()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save(update_fields=["priority", "made_priority_by", "made_priority_at"])
    return priority
