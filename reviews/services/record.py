"""Writing a review's record and moving it through its workflow.

The record (areas, impact of the trust) and its findings (strengths, challenges) are written while
the review is in draft, by its team and those who plan it. Once sent for checking it is read-only;
a check sends it on, or back to draft with a note. Once shared it is locked for good: the head
acknowledges it and records when its key findings were shared, and nothing else changes (history
keeps every change, before and after sharing).

Two reviewers never silently overwrite each other. Every save carries the review's `version` as
the person opened it and the fingerprints of the values they saw (`selectors.record.token`):
- each field they changed is saved if nobody else changed that field since they saw it; a field
  others changed and they left as they saw it keeps the others' words; a field both changed is a
  conflict, and nothing is saved (`RecordConflict` names the fields). A field sent without its
  fingerprint is saved only when the version is the current one.
Strengths and challenges carry their own row's fingerprint, so edits of different rows never clash.
Each workflow step locks the review's row and checks its state (and the version the person saw):
two people pressing at once get a clear refusal (`StaleReview`), never a second transition.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fht.access import access_for
from fht.models import User
from reviews import access as rules
from reviews import hooks
from reviews.models import Area, AreaRecord, Challenge, Review, Strength
from reviews.selectors.access import is_on_team
from reviews.selectors.record import missing_for_check, record_values, row_token, token

Status = Review.Status


class StaleReview(ValidationError):
    """The review moved on (another person's save or step) since the person opened the page."""


@dataclass
class Conflict:
    name: str  # the form field
    theirs: str  # what is saved now


class RecordConflict(StaleReview):
    def __init__(self, conflicts: list[Conflict], *, version: int, saved: dict[str, str]) -> None:
        super().__init__(
            "Someone else changed the same parts of the record after you opened it. Nothing has "
            "been saved: what you typed is still in the form, and what is saved now is shown "
            "beside each part. Check them, then save again to keep yours."
        )
        self.conflicts = conflicts
        self.version = version
        self.saved = saved


@dataclass
class RecordDraft:
    """What a record form sends: the version and fingerprints it was opened with, and the values
    typed (only the fields the form holds and the person may write)."""

    version: int | None
    base: dict[str, str]
    values: dict[str, str]


@dataclass
class SaveResult:
    review: Review
    saved: list[str] = field(default_factory=list)  # fields written
    theirs: list[str] = field(default_factory=list)  # fields others changed meanwhile, kept
    # The fingerprints of what the person's form now shows, for their next save.
    base: dict[str, str] = field(default_factory=dict)


def _lock(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("school").get(pk=review.pk)


def _expect(locked: Review, statuses: set[str], doing: str, version: int | None = None) -> None:
    if locked.status not in statuses:
        raise StaleReview(
            f"This review is now '{locked.get_status_display()}', so it can no longer be {doing}. "
            "The page shows where it stands now."
        )
    if version is not None and version != locked.version:
        raise StaleReview(
            "Someone else changed this review after you opened the page. Check it as it is now, "
            "then try again."
        )


def _move_on(locked: Review, acting_user: User, reason: str | None = None) -> None:
    """Save the review's own fields (kept in its history) with its version moved on."""
    locked.version += 1
    locked._history_user = acting_user  # type: ignore[attr-defined]
    if reason:
        locked._change_reason = reason[:100]  # type: ignore[attr-defined]
    locked.save()


def _bump(locked: Review, *, saved: bool) -> None:
    """Move the version on (or only stamp the draft's time) without a history line of its own."""
    now = timezone.now()
    if saved:
        Review.objects.filter(pk=locked.pk).update(version=F("version") + 1, draft_saved_at=now)
        locked.version += 1
    else:
        Review.objects.filter(pk=locked.pk).update(draft_saved_at=now)
    locked.draft_saved_at = now


def _require_writer(locked: Review, acting_user: User) -> None:
    if not (
        is_on_team(locked, acting_user)
        or rules.plans_reviews(access_for(acting_user), locked.school_id)
    ):
        raise ValidationError("Only the review's team and those who plan it write its record.")


# --- the record ---------------------------------------------------------------------------------


def record_save(
    *, review: Review, draft: RecordDraft, areas: list[Area], acting_user: User
) -> SaveResult:
    """Save the typed areas and impact of the trust (see the module's note on versions)."""
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.DRAFT}, "changed")
        _require_writer(locked, acting_user)
        current = record_values(locked, areas)
        stale = draft.version != locked.version
        conflicts: list[Conflict] = []
        writes: dict[str, str] = {}
        untouched: set[str] = set()
        for name, typed in draft.values.items():
            if name not in current or typed == current[name]:
                continue
            seen = draft.base.get(name)
            if seen is None:  # no fingerprint: the version alone decides
                if stale:
                    conflicts.append(Conflict(name, current[name]))
                    continue
            elif seen == token(typed):  # the person left it as they saw it: theirs stays
                untouched.add(name)
                continue
            elif seen != token(current[name]):  # both changed it
                conflicts.append(Conflict(name, current[name]))
                continue
            writes[name] = typed
        if conflicts:
            raise RecordConflict(conflicts, version=locked.version, saved=current)
        theirs = [
            name
            for name, now in current.items()
            if name not in writes
            and draft.base.get(name) is not None
            and draft.base[name] != token(now)
        ]
        _write(locked, areas, writes, acting_user)
        _bump(locked, saved=bool(writes))
        base = dict(draft.base)
        for name, typed in draft.values.items():
            if name in current and name not in untouched:
                base[name] = token(typed)
    return SaveResult(review=locked, saved=list(writes), theirs=theirs, base=base)


def _write(locked: Review, areas: list[Area], writes: dict[str, str], acting_user: User) -> None:
    if "trust_impact" in writes:
        locked.trust_impact = writes["trust_impact"]
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save(update_fields=["trust_impact"])
    records = {r.key: r for r in AreaRecord.objects.select_for_update().filter(review=locked)}
    for area in areas:
        judgement = writes.get(f"{area.key}_judgement")
        notes = writes.get(f"{area.key}_notes")
        if judgement is None and notes is None:
            continue
        record = records.get(area.key) or AreaRecord(
            trust_id=locked.trust_id, review=locked, key=area.key
        )
        if judgement is not None:
            record.judgement = judgement
        if notes is not None:
            record.notes = notes
        record._history_user = acting_user  # type: ignore[attr-defined]
        record.save()


# --- strengths and challenges -------------------------------------------------------------------


class RowConflict(StaleReview):
    def __init__(self, message: str, row: Strength | Challenge | None) -> None:
        super().__init__(message)
        self.row = row


def _row(
    locked: Review, model: type[Strength] | type[Challenge], row_id: int, base: str
) -> Strength | Challenge:
    row: Strength | Challenge | None = (
        model.objects.select_for_update().filter(review=locked, pk=row_id).first()
    )
    noun = "strength" if model is Strength else "challenge"
    if row is None:
        raise RowConflict(f"This {noun} was removed meanwhile by someone else.", None)
    if base != row_token(row):
        raise RowConflict(
            f"Someone else changed this {noun} after you opened it. Nothing has been saved: what "
            "you typed is still in the form, and what is saved now is shown above it. Save again "
            "to keep yours.",
            row,
        )
    return row


def finding_save(
    *,
    review: Review,
    model: type[Strength] | type[Challenge],
    row_id: int | None,
    base: str,
    values: dict[str, object],
    acting_user: User,
) -> Strength | Challenge:
    """Add (no `row_id`) or change a strength or a challenge of a review in draft."""
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.DRAFT}, "changed")
        _require_writer(locked, acting_user)
        if row_id is None:
            row = model(trust_id=locked.trust_id, review=locked)
        else:
            row = _row(locked, model, row_id, base)
        for name, value in values.items():
            setattr(row, name, value)
        row._history_user = acting_user  # type: ignore[union-attr]
        row.save()
        _bump(locked, saved=True)
    return row


def finding_remove(
    *,
    review: Review,
    model: type[Strength] | type[Challenge],
    row_id: int,
    base: str,
    acting_user: User,
) -> None:
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.DRAFT}, "changed")
        _require_writer(locked, acting_user)
        row = _row(locked, model, row_id, base)
        row._history_user = acting_user  # type: ignore[union-attr]
        row.delete()
        _bump(locked, saved=True)


# --- the workflow ------------------------------------------------------------------------------


def review_send_for_check(
    *, review: Review, acting_user: User, version: int | None = None
) -> Review:
    """A team member sends a complete record for a second reviewer's check."""
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.DRAFT}, "sent for checking", version)
        if not is_on_team(locked, acting_user):
            raise ValidationError("Only a member of the review's team can send it for checking.")
        missing = missing_for_check(locked)
        if missing:
            raise ValidationError(
                "The record cannot be sent for checking yet. It still needs: "
                + "; ".join(missing)
                + "."
            )
        locked.status = Status.CHECKING
        locked.sent_for_check_by = acting_user
        _move_on(locked, acting_user)
    return locked


def review_check(*, review: Review, acting_user: User, version: int | None = None) -> Review:
    """A second reviewer (a team member other than the one who sent it) checks the record."""
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.CHECKING}, "checked", version)
        if not is_on_team(locked, acting_user):
            raise ValidationError("Only a member of the review's team can check it.")
        if locked.sent_for_check_by_id == acting_user.pk:
            raise ValidationError(
                "You sent this record for checking: a second reviewer from the team checks it."
            )
        locked.status = Status.CHECKED
        locked.checked_by = acting_user
        locked.checked_at = timezone.now()
        _move_on(locked, acting_user)
    return locked


def review_send_back(
    *, review: Review, acting_user: User, note: str, version: int | None = None
) -> Review:
    """A team member sends the record back to draft (the sender may take it back), with a note
    the team reads on the review's page (kept as the history's reason, up to 100 characters)."""
    note = " ".join(note.split())
    if not note:
        raise ValidationError({"note": "Say what needs changing before it is checked again."})
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.CHECKING}, "sent back", version)
        if not is_on_team(locked, acting_user):
            raise ValidationError("Only a member of the review's team can send it back.")
        locked.status = Status.DRAFT
        locked.checked_by = None
        locked.checked_at = None
        _move_on(locked, acting_user, reason=note)
    return locked


def review_share(
    *,
    review: Review,
    acting_user: User,
    version: int | None = None,
    listeners: bool = True,
) -> Review:
    """Those who plan the review share the checked record with the head. The shared listeners
    (documents, library) run inside the transaction; `listeners=False` (the demo) skips them."""
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.CHECKED}, "shared", version)
        if not rules.plans_reviews(access_for(acting_user), locked.school_id):
            raise ValidationError("Only those who plan the review share it with the head.")
        locked.status = Status.SHARED
        locked.shared_by = acting_user
        locked.shared_at = timezone.now()
        _move_on(locked, acting_user)
        if listeners:
            hooks.review_shared(review=locked, acting_user=acting_user)
    return locked


def review_acknowledge(*, review: Review, acting_user: User, version: int | None = None) -> Review:
    """The school's head acknowledges the shared review."""
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.SHARED}, "acknowledged", version)
        if not rules.acknowledges(access_for(acting_user), locked.school_id):
            raise ValidationError("Only the school's head teacher acknowledges its review.")
        locked.status = Status.ACKNOWLEDGED
        locked.acknowledged_by = acting_user
        locked.acknowledged_at = timezone.now()
        _move_on(locked, acting_user)
    return locked


SHARED_WITH = {
    "shared_with_staff_on": "staff",
    "shared_with_children_on": "children",
    "shared_with_governors_on": "governors",
}


def review_record_shared_with(
    *,
    review: Review,
    acting_user: User,
    dates: dict[str, dt.date | None],
    today: dt.date,
    version: int | None = None,
) -> Review:
    """The head records when the key findings were shared with staff, children and governors:
    not in the future, not before the review began."""
    errors: dict[str, str] = {}
    for name, on in dates.items():
        if name not in SHARED_WITH or on is None:
            continue
        if on > today:
            errors[name] = f"The date shared with {SHARED_WITH[name]} must be today or earlier."
        elif on < review.starts_on:
            errors[name] = (
                f"The date shared with {SHARED_WITH[name]} must be on or after the review began "
                f"({review.starts_on:%-d %B %Y})."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(review)
        _expect(locked, {Status.SHARED, Status.ACKNOWLEDGED}, "updated", version)
        if not rules.acknowledges(access_for(acting_user), locked.school_id):
            raise ValidationError("Only the school's head teacher records when it was shared.")
        for name, on in dates.items():
            if name in SHARED_WITH:
                setattr(locked, name, on)
        _move_on(locked, acting_user)
    return locked
