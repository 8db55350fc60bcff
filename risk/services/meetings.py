"""The meetings' writes: a meeting for a half-term with a row per open school, saving a row with
its version check, remedial actions and their reviews, and closing (which applies the agreed
categories, freezes the evidence and locks the record)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from fht.models import Trust, User
from risk.models import (
    CRITERIA,
    ActionReview,
    CategoryDecision,
    Concern,
    Judgement,
    Meeting,
    MeetingItem,
    RemedialAction,
)
from risk.selectors.meetings import live_evidence
from risk.services.categories import category_set
from schools.categories import Category
from schools.models import HalfTerm, School

LOCKED = "This meeting has been closed: its record can no longer be changed."
STALE = (
    "Someone else saved this school's row while you were editing it. Your changes have not been "
    "saved: the page now shows their version with what you typed; check it and save again."
)


class MeetingLocked(ValidationError):
    """A change to a closed meeting."""


class StaleEdit(ValidationError):
    """A save sent with a version older than the row's."""


# --- the meeting and its agenda -------------------------------------------------------------------


def _open_schools(trust_id: int, on: dt.date) -> list[School]:
    """The schools of the trust open on the day (joined by then, not closed)."""
    return list(
        School.objects.filter(trust_id=trust_id, closed_on__isnull=True).exclude(
            joined_trust_on__gt=on
        )
    )


def meeting_items_sync(*, meeting: Meeting) -> int:
    """Give an open meeting a row for every open school that has none (a school that joined since
    it was created). Returns how many rows were added."""
    if meeting.is_closed:
        return 0
    have = set(MeetingItem.objects.filter(meeting=meeting).values_list("school_id", flat=True))
    missing = [
        s for s in _open_schools(meeting.trust_id, meeting.half_term.ends_on) if s.pk not in have
    ]
    MeetingItem.objects.bulk_create(
        [MeetingItem(trust_id=meeting.trust_id, meeting=meeting, school=s) for s in missing],
        ignore_conflicts=True,
    )
    return len(missing)


def meeting_for_half_term(
    *, trust: Trust, half_term: HalfTerm, kind: str = Meeting.Kind.RISK
) -> Meeting:
    """The trust's meeting of this kind for the half-term, created with its agenda if it is not
    there yet (one a half-term: two requests at once find the same one)."""
    if half_term.trust_id != trust.pk:
        raise ValidationError({"half_term": "Choose one of the trust's half-terms."})
    meeting = Meeting.objects.filter(trust=trust, kind=kind, half_term=half_term).first()
    if meeting is None:
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(trust=trust, kind=kind, half_term=half_term)
        except IntegrityError:
            meeting = Meeting.objects.get(trust=trust, kind=kind, half_term=half_term)
    meeting.half_term = half_term
    meeting_items_sync(meeting=meeting)
    return meeting


def current_half_term(*, trust_id: int, today: dt.date) -> HalfTerm | None:
    """The half-term the day falls in; in a holiday, the one that ended last."""
    return (
        HalfTerm.objects.filter(trust_id=trust_id, starts_on__lte=today)
        .select_related("academic_year")
        .order_by("-starts_on")
        .first()
    )


def current_meeting(*, trust: Trust, today: dt.date) -> Meeting | None:
    """This half-term's risk meeting, created if needed; None while the calendar has no
    half-term started."""
    half_term = current_half_term(trust_id=trust.pk, today=today)
    if half_term is None:
        return None
    return meeting_for_half_term(trust=trust, half_term=half_term)


def next_half_term(*, after: HalfTerm) -> HalfTerm | None:
    """The trust's half-term that follows this one in its calendar (None until the next academic
    year is added)."""
    return (
        HalfTerm.objects.filter(trust_id=after.trust_id, starts_on__gt=after.starts_on)
        .select_related("academic_year")
        .order_by("starts_on")
        .first()
    )


def next_meeting_prepare(*, trust: Trust, today: dt.date) -> Meeting:
    """Next half-term's meeting, made ready once this half-term's is closed, so its agenda (with
    the actions carried forward) can be read before it is held."""
    current = current_meeting(trust=trust, today=today)
    if current is None or not current.is_closed:
        raise ValidationError("Close this half-term's meeting before preparing the next one.")
    following = next_half_term(after=current.half_term)
    if following is None:
        raise ValidationError(
            "The calendar has no next half-term yet: add the next academic year first."
        )
    return meeting_for_half_term(trust=trust, half_term=following)


# --- saving a row ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    proposed_category: str
    agreed_category: str
    category_reason: str
    discussion: str
    # criterion key -> (level, note); only the criteria the person may edit.
    judgements: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class ActionData:
    what: str
    owner: User
    due_on: dt.date


@dataclass(frozen=True)
class ReviewData:
    action: RemedialAction
    progress: str
    outcome: str


def _lock_open(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_closed:
        raise MeetingLocked(LOCKED)
    return locked


def _check_item(item: MeetingItem, data: ItemData) -> None:
    errors: dict[str, str] = {}
    for name in ("proposed_category", "agreed_category"):
        value = getattr(data, name)
        if value and value not in Category.values:
            errors[name] = "Choose a category from A to D."
    if data.agreed_category and not data.category_reason.strip():
        errors["category_reason"] = "Enter the reason for the agreed category."
    keys = {c.key for c in CRITERIA[item.meeting.kind]}
    for key, (level, _note) in data.judgements.items():
        if key not in keys:
            errors["__all__"] = "Judge only the meeting's criteria."
        elif level and level not in Concern.values:
            errors[f"{key}_level"] = "Choose low, medium or high concern."
    if errors:
        raise ValidationError(errors)


def _save_judgements(item: MeetingItem, judgements: dict[str, tuple[str, str]]) -> None:
    for key, (level, note) in judgements.items():
        Judgement.objects.update_or_create(
            item=item,
            criterion=key,
            defaults={"trust_id": item.trust_id, "level": level, "note": note.strip()},
        )


def meeting_item_save(
    *,
    item: MeetingItem,
    version: int,
    data: ItemData,
    acting_user: User,
    new_action: ActionData | None = None,
    reviews: tuple[ReviewData, ...] = (),
) -> MeetingItem:
    """Save one school's row: its judgements, categories and reason, a new remedial action and the
    reviews of earlier actions, all or nothing. Refused when the meeting is closed, and when the
    row was saved by someone else since `version` was read (no silent overwrite)."""
    _check_item(item, data)
    if any(r.action.school_id != item.school_id for r in reviews):
        raise ValidationError("Review only this school's actions.")
    with transaction.atomic(durable=True):
        meeting = _lock_open(item.meeting)
        updated = MeetingItem.objects.filter(pk=item.pk, version=version).update(
            version=F("version") + 1,
            proposed_category=data.proposed_category,
            agreed_category=data.agreed_category,
            category_reason=data.category_reason.strip(),
            discussion=data.discussion.strip(),
            updated_at=timezone.now(),
            updated_by=acting_user,
        )
        if updated != 1:
            raise StaleEdit(STALE)
        _save_judgements(item, data.judgements)
        if new_action is not None:
            remedial_action_add(
                meeting=meeting, school=item.school, data=new_action, acting_user=acting_user
            )
        for review in reviews:
            action_review_save(meeting=meeting, review=review, acting_user=acting_user)
    item.refresh_from_db()
    return item


def remedial_action_add(
    *, meeting: Meeting, school: School, data: ActionData, acting_user: User | None
) -> RemedialAction:
    """A remedial action raised at the meeting (inside the caller's transaction)."""
    if not data.what.strip():
        raise ValidationError({"action_what": "Enter what will be done."})
    if data.owner.trust_id != meeting.trust_id or not data.owner.is_active:
        raise ValidationError({"action_owner": "Choose a person of the trust."})
    if data.due_on < meeting.half_term.starts_on:
        raise ValidationError({"action_due_on": "The due date must be in this half-term or later."})
    action = RemedialAction(
        trust_id=meeting.trust_id,
        school=school,
        raised_at=meeting,
        what=data.what.strip(),
        owner=data.owner,
        due_on=data.due_on,
        created_by=acting_user,
    )
    action.full_clean()
    action._history_user = acting_user  # type: ignore[attr-defined]
    action.save()
    return action


def action_review_save(
    *, meeting: Meeting, review: ReviewData, acting_user: User | None
) -> ActionReview:
    """Record the meeting's review of an earlier action: closed, or carried to the next meeting
    (inside the caller's transaction). Saving again at the same meeting replaces the review."""
    action = review.action
    if action.raised_at_id == meeting.pk or action.trust_id != meeting.trust_id:
        raise ValidationError("Review only actions raised at earlier meetings.")
    if review.outcome not in ActionReview.Outcome.values:
        raise ValidationError({f"review_{action.pk}_outcome": "Choose closed or carried."})
    if not review.progress.strip():
        raise ValidationError({f"review_{action.pk}_progress": "Enter the progress made."})
    saved, _ = ActionReview.objects.update_or_create(
        action=action,
        meeting=meeting,
        defaults={
            "trust_id": meeting.trust_id,
            "progress": review.progress.strip(),
            "outcome": review.outcome,
            "reviewed_by": acting_user,
        },
    )
    closing = review.outcome == ActionReview.Outcome.CLOSED
    action.status = RemedialAction.Status.CLOSED if closing else RemedialAction.Status.OPEN
    action.closed_at = meeting if closing else None
    action._history_user = acting_user  # type: ignore[attr-defined]
    action.save(update_fields=["status", "closed_at"])
    return saved


# --- closing ----------------------------------------------------------------------------------------


def meeting_close(
    *, meeting: Meeting, acting_user: User | None, held_on: dt.date | None = None
) -> Meeting:
    """Close the meeting: every agreed category is applied (a decision of the meeting, dated the
    day it was held), each row's evidence is frozen as the meeting saw it, and the record is
    locked. All or nothing."""
    with transaction.atomic(durable=True):
        locked = _lock_open(meeting)
        day = held_on or locked.held_on or timezone.localdate()
        items = list(MeetingItem.objects.filter(meeting=locked).select_related("school"))
        unreasoned = [i.school.name for i in items if i.agreed_category and not i.category_reason]
        if unreasoned:
            raise ValidationError(
                f"Enter the reason for the agreed category of {', '.join(unreasoned)}."
            )
        evidence = live_evidence(locked, [i.school for i in items], day)
        for item in items:
            item.category_before = item.school.category or ""
            item.evidence = evidence.get(item.school_id, {})
            item.save(update_fields=["category_before", "evidence"])
            if item.agreed_category:
                category_set(
                    school=item.school,
                    category=item.agreed_category,
                    decided_on=day,
                    reason=item.category_reason,
                    acting_user=acting_user,
                    source=CategoryDecision.Source.MEETING,
                    meeting=locked,
                )
        locked.status = Meeting.Status.CLOSED
        locked.held_on = day
        locked.closed_at = timezone.now()
        locked.closed_by = acting_user
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    meeting.refresh_from_db()
    return meeting
