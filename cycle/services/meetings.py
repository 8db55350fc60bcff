"""The meetings' writes: creating a meeting, recording decisions and actions, reviewing the actions
of earlier meetings, closing (which locks the record), and noting who opened the pack.

Each is a transaction of its own, takes the acting person, checks the rules of `cycle.access`
through its caller's `access_meeting(..., run=True)` and the data here, and refuses any change
to a closed meeting."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cycle.access import may_create, reach_of
from cycle.models import (
    CLUSTER_KINDS,
    CycleAction,
    CycleActionReview,
    CycleMeeting,
    Decision,
    Kind,
    PackOpening,
)
from fht.models import Trust, User
from schools.models import Cluster

LOCKED = "This meeting has been closed: its record can no longer be changed."
TEXT_LIMIT = 5000
# How far from today a meeting may be put in the calendar.
EARLIEST = dt.date(2000, 1, 1)
FURTHEST = dt.timedelta(days=3 * 366)


class MeetingLocked(ValidationError):
    """A change to a closed meeting."""


@dataclass(frozen=True)
class MeetingData:
    kind: str
    held_on: dt.date
    cluster: Cluster | None
    title: str = ""


def default_title(kind: str, cluster: Cluster | None) -> str:
    label = str(Kind(kind).label)
    return f"{cluster.name}: {label.lower()}" if cluster is not None else label


def _check_meeting(trust: Trust, data: MeetingData, acting_user: User) -> None:
    errors: dict[str, str] = {}
    if data.kind not in Kind.values:
        errors["kind"] = "Choose the kind of meeting."
    elif data.kind in CLUSTER_KINDS and data.cluster is None:
        errors["cluster"] = "Choose the hub (cluster) the meeting is for."
    elif data.kind not in CLUSTER_KINDS and data.cluster is not None:
        errors["cluster"] = "This kind of meeting is for the whole trust: leave the hub empty."
    if data.cluster is not None and data.cluster.trust_id != trust.pk:
        errors["cluster"] = "Choose one of the trust's hubs."
    today = timezone.localdate()
    if not EARLIEST <= data.held_on <= today + FURTHEST:
        errors["held_on"] = "Enter a date from 2000 to three years from today."
    if len(data.title) > 200:
        errors["title"] = "Give a title of 200 characters or fewer."
    if errors:
        raise ValidationError(errors)
    cluster_id = data.cluster.pk if data.cluster else None
    if not may_create(reach_of(acting_user), data.kind, cluster_id):
        raise ValidationError({"kind": "You may not create this meeting."})


def meeting_create(*, trust: Trust, data: MeetingData, acting_user: User) -> CycleMeeting:
    """A new open meeting of the kind (for the hub, for the hub kinds)."""
    _check_meeting(trust, data, acting_user)
    meeting = CycleMeeting(
        trust=trust,
        kind=data.kind,
        held_on=data.held_on,
        cluster=data.cluster,
        title=data.title.strip() or default_title(data.kind, data.cluster),
        created_by=acting_user,
    )
    meeting.full_clean()
    meeting._history_user = acting_user  # type: ignore[attr-defined]
    with transaction.atomic(durable=True):
        meeting.save()
    return meeting


def _lock_open(meeting: CycleMeeting) -> CycleMeeting:
    locked = CycleMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_closed:
        raise MeetingLocked(LOCKED)
    return locked


def _text(value: str, field: str, empty: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: f"Write {TEXT_LIMIT} characters or fewer."})
    return text


def decision_add(*, meeting: CycleMeeting, text: str, acting_user: User) -> Decision:
    """Record a decision of the meeting."""
    text = _text(text, "text", "Enter the decision.")
    with transaction.atomic(durable=True):
        _lock_open(meeting)
        decision = Decision(
            trust_id=meeting.trust_id, meeting=meeting, text=text, created_by=acting_user
        )
        decision._history_user = acting_user  # type: ignore[attr-defined]
        decision.save()
    return decision


@dataclass(frozen=True)
class ActionData:
    what: str
    owner: User
    due_on: dt.date


def action_add(*, meeting: CycleMeeting, data: ActionData, acting_user: User) -> CycleAction:
    """An action the meeting asks for: what, who owns it, by when."""
    what = _text(data.what, "what", "Enter what will be done.")
    if data.owner.trust_id != meeting.trust_id or not data.owner.is_active:
        raise ValidationError({"owner": "Choose a person of the trust."})
    if data.due_on < meeting.held_on:
        raise ValidationError({"due_on": "The due date must be on or after the meeting."})
    if data.due_on > meeting.held_on + FURTHEST:
        raise ValidationError({"due_on": "The due date must be within three years."})
    with transaction.atomic(durable=True):
        _lock_open(meeting)
        action = CycleAction(
            trust_id=meeting.trust_id,
            raised_at=meeting,
            what=what,
            owner=data.owner,
            due_on=data.due_on,
            created_by=acting_user,
        )
        action.full_clean()
        action._history_user = acting_user  # type: ignore[attr-defined]
        action.save()
    return action


def action_review_save(
    *, meeting: CycleMeeting, action: CycleAction, progress: str, outcome: str, acting_user: User
) -> CycleActionReview:
    """The meeting's review of an action of an earlier meeting of the same kind (and hub): closed,
    or carried to the next one. Saving again at the same meeting replaces the review."""
    earlier = (
        action.trust_id == meeting.trust_id
        and action.raised_at.kind == meeting.kind
        and action.raised_at.cluster_id == meeting.cluster_id
        and action.raised_at.held_on < meeting.held_on
    )
    if not earlier:
        raise ValidationError("Review only the actions of earlier meetings of this kind.")
    if outcome not in CycleActionReview.Outcome.values:
        raise ValidationError({"outcome": "Choose closed or carried forward."})
    progress = _text(progress, "progress", "Enter the progress made.")
    with transaction.atomic(durable=True):
        _lock_open(meeting)
        locked = CycleAction.objects.select_for_update().get(pk=action.pk)
        if not locked.is_open and locked.closed_at_id != meeting.pk:
            raise ValidationError("This action was closed at another meeting.")
        review, _ = CycleActionReview.objects.update_or_create(
            action=locked,
            meeting=meeting,
            defaults={
                "trust_id": meeting.trust_id,
                "progress": progress,
                "outcome": outcome,
                "reviewed_by": acting_user,
            },
        )
        closing = outcome == CycleActionReview.Outcome.CLOSED
        locked.status = CycleAction.Status.CLOSED if closing else CycleAction.Status.OPEN
        locked.closed_at = meeting if closing else None
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save(update_fields=["status", "closed_at"])
    return review


def meeting_close(*, meeting: CycleMeeting, acting_user: User) -> CycleMeeting:
    """Close the meeting: its decisions, actions and reviews are locked from now on."""
    with transaction.atomic(durable=True):
        locked = _lock_open(meeting)
        locked.status = CycleMeeting.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = acting_user
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    meeting.refresh_from_db()
    return meeting


def pack_opened(*, meeting: CycleMeeting, person: User) -> PackOpening:
    """Note that the person has downloaded the pack: a row per person, first opening kept."""
    now = timezone.now()
    updated = PackOpening.objects.filter(meeting=meeting, person=person).update(
        last_opened_at=now, times=F("times") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                return PackOpening.objects.create(
                    trust_id=meeting.trust_id,
                    meeting=meeting,
                    person=person,
                    first_opened_at=now,
                    last_opened_at=now,
                )
        except IntegrityError:  # the same person twice at once: the other request made it
            PackOpening.objects.filter(meeting=meeting, person=person).update(
                last_opened_at=now, times=F("times") + 1
            )
    return PackOpening.objects.get(meeting=meeting, person=person)
