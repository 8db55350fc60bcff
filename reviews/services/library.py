"""Writes of the effective-practice library: entries from a shared review's strengths (idempotent),
from a QA visit's strengths, and the edits and removals of an entry by its school's planners or
head. Each is its own transaction and records who made the change in the entry's history."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from fht.models import User
from qa_visits.models import Visit
from reviews.models import AreaKey, PracticeEntry, Review, Strength


@dataclass(frozen=True)
class EntryData:
    title: str
    theme: str
    description: str
    contact: User | None


def _as(entry: PracticeEntry, user: User | None) -> PracticeEntry:
    entry._history_user = user  # type: ignore[attr-defined]
    return entry


def _check(entry: PracticeEntry) -> None:
    if entry.theme not in AreaKey.values:
        raise ValidationError({"theme": "Choose a theme from the list."})
    if entry.contact is not None and entry.contact.trust_id != entry.trust_id:
        raise ValidationError({"contact": "Choose a person of the school."})
    entry.full_clean(exclude=["trust", "school", "strength", "visit", "added_by", "contact"])


def practice_entries_from_review(*, review: Review, acting_user: User | None) -> int:
    """One library entry for each strength of the review that has none yet (sharing again adds
    nothing twice). Runs inside the caller's transaction (the sharing); returns how many it made."""
    made = 0
    with transaction.atomic():  # in the sharing's transaction; its own for the demo
        strengths = Strength.objects.filter(review=review, entry__isnull=True)
        for strength in strengths.select_related("contact").select_for_update(of=("self",)):
            entry = PracticeEntry(
                trust_id=review.trust_id,
                school_id=review.school_id,
                theme=strength.theme,
                title=strength.title,
                description=strength.detail,
                contact=strength.contact,
                source=PracticeEntry.Source.REVIEW,
                strength=strength,
                added_by=acting_user,
            )
            _check(entry)
            _as(entry, acting_user).save()
            made += 1
    return made


def practice_entry_from_visit(*, visit: Visit, data: EntryData, acting_user: User) -> PracticeEntry:
    """An entry from a submitted QA visit's strengths."""
    if not visit.is_submitted:
        raise ValidationError("Add entries only from a submitted visit.")
    entry = PracticeEntry(
        trust_id=visit.trust_id,
        school_id=visit.school_id,
        theme=data.theme,
        title=data.title,
        description=data.description,
        contact=data.contact,
        source=PracticeEntry.Source.VISIT,
        visit=visit,
        added_by=acting_user,
    )
    _check(entry)
    with transaction.atomic(durable=True):
        _as(entry, acting_user).save()
    return entry


def practice_entry_update(
    *, entry: PracticeEntry, data: EntryData, acting_user: User
) -> PracticeEntry:
    entry.title = data.title
    entry.theme = data.theme
    entry.description = data.description
    entry.contact = data.contact
    _check(entry)
    with transaction.atomic(durable=True):
        _as(entry, acting_user).save()
    return entry


def practice_entry_delete(*, entry: PracticeEntry, acting_user: User) -> None:
    with transaction.atomic(durable=True):
        _as(entry, acting_user).delete()
