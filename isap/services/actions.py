"""Writes of a plan's actions and their progress notes and evidence. Two people saving the same
action at once: the second gets EditConflict, with what the other changed."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from fht.models import User
from fht.uploads import EVIDENCE_FILE, display_name, upload_check
from isap.models import (
    Action,
    Deployment,
    Priority,
    ProgressNote,
)
from isap.services.plans import _as
from qa_visits.models import Visit

# --- actions --------------------------------------------------------------------------------------


class EditConflict(Exception):
    """Someone saved the record after this person opened it: their save is refused."""

    def __init__(self, current: Any, changes: list[str]) -> None:
        super().__init__("The record was changed by someone else.")
        self.current = current
        self.changes = changes


# What each field is called when a conflict or the history names it.
ACTION_FIELDS = {
    "what": "what will be done",
    "owner_id": "who is responsible",
    "owner_role": "responsible role",
    "starts_on": "start date",
    "due_on": "due date",
    "status": "status",
    "rag": "RAG rating",
    "school_impact": "the school's judgement of impact",
    "director_impact": "the director's judgement of impact",
}
DEPLOYMENT_FIELDS = {
    "provider": "provider role",
    "person_id": "person",
    "provider_name": "provider's name",
    "days": "days",
    "cost": "cost",
    "funder": "who pays",
    "starts_on": "start date",
    "desired_outcome": "desired outcome",
    "impact": "impact",
}

# Who may change what on an action: heads their progress; those who manage the plan, all of it.
HEAD_ACTION_FIELDS = ("status", "school_impact")
ALL_ACTION_FIELDS = tuple(f.removesuffix("_id") for f in ACTION_FIELDS)


def _changes_since(record: Any, version: int, fields: dict[str, str]) -> list[str]:
    """What changed in a record since the version a person opened (from its history)."""
    opened = record.history.filter(version=version).order_by("-history_id").first()
    if opened is None:
        return []
    return [label for f, label in fields.items() if getattr(opened, f) != getattr(record, f)]


def _check_version(locked: Any, version: int | None, fields: dict[str, str]) -> None:
    if version is not None and version != locked.version:
        raise EditConflict(locked, _changes_since(locked, version, fields))


def _check_dates(starts_on: dt.date | None, due_on: dt.date | None) -> None:
    if starts_on and due_on and due_on < starts_on:
        raise ValidationError({"due_on": "The due date must be on or after the start date."})


def _check_owner(owner: User | None, owner_role: str, trust_id: int) -> None:
    if owner is None and not owner_role.strip():
        raise ValidationError(
            {"owner": "Choose the person responsible, or name the role responsible."}
        )
    if owner is not None and owner.trust_id != trust_id:
        raise ValidationError({"owner": "Choose a person of the trust."})


def action_create(
    *,
    priority: Priority,
    values: dict[str, Any],
    acting_user: User,
    source_visit: Visit | None = None,
) -> Action:
    _check_owner(values.get("owner"), values.get("owner_role", ""), priority.trust_id)
    _check_dates(values.get("starts_on"), values.get("due_on"))
    action = Action(
        trust_id=priority.trust_id,
        priority=priority,
        source_visit=source_visit,
        updated_by=acting_user,
        **{k: v for k, v in values.items() if k in ALL_ACTION_FIELDS},
    )
    action.full_clean(exclude=["priority", "trust", "carried_from", "source_visit"])
    with transaction.atomic():
        _as(action, acting_user).save()
    return action


def action_update(
    *,
    action: Action,
    values: dict[str, Any],
    allowed: Iterable[str],
    version: int | None,
    acting_user: User,
) -> Action:
    """Save changes to an action: only the fields the person may change. A form opened at an
    older version than the saved one is refused with what the other person changed."""
    allowed = set(allowed)
    with transaction.atomic():
        locked = (
            Action.objects.select_for_update(of=("self",)).select_related("owner").get(pk=action.pk)
        )
        _check_version(locked, version, ACTION_FIELDS)
        changed = False
        for name, value in values.items():
            if name in allowed and getattr(locked, name) != value:
                setattr(locked, name, value)
                changed = True
        if not changed:
            return locked
        _check_owner(locked.owner, locked.owner_role, locked.trust_id)
        _check_dates(locked.starts_on, locked.due_on)
        locked.full_clean(exclude=["priority", "trust", "carried_from", "source_visit"])
        locked.version += 1
        locked.updated_by = acting_user
        _as(locked, acting_user).save()
    return locked


# --- progress notes and evidence --------------------------------------------------------------------


def evidence_check(upload: UploadedFile) -> str:
    """Refuse a file that is empty, too big, or whose content is not evidence (fht.uploads: PDF,
    Office, PNG, JPG or text, found by content, and named as what it is); return a safe display
    name. Raises ValidationError on the evidence_file field."""
    try:
        upload_check(upload, max_bytes=settings.FHT_EVIDENCE_MAX_BYTES, accepted=EVIDENCE_FILE)
    except ValidationError as error:
        raise ValidationError({"evidence_file": error.messages}) from None
    return display_name(upload, "evidence")


def note_add(
    *,
    parent: Action | Deployment,
    written_on: dt.date,
    text: str,
    acting_user: User,
    evidence_file: UploadedFile | None = None,
    evidence_link: str = "",
) -> ProgressNote:
    today = timezone.localdate()
    if written_on > today:
        raise ValidationError({"written_on": "The date of the note cannot be in the future."})
    if not text.strip():
        raise ValidationError({"text": "Enter the note."})
    note = ProgressNote(
        trust_id=parent.trust_id,
        written_on=written_on,
        text=text,
        evidence_link=evidence_link,
        author=acting_user,
    )
    if isinstance(parent, Action):
        note.action = parent
    else:
        note.deployment = parent
    if evidence_file is not None:
        note.evidence_name = evidence_check(evidence_file)
    note.full_clean(exclude=["action", "deployment", "trust", "evidence_file"])
    try:
        with transaction.atomic():
            if evidence_file is not None:
                # The stored name is the storage's own; the person's file name is kept to show.
                note.evidence_file.save(
                    f"evidence.{note.evidence_name.rsplit('.', 1)[-1]}", evidence_file, save=False
                )
            _as(note, acting_user).save()
            if isinstance(parent, Action):
                # A note of progress means the action has started (a change kept in its history).
                locked = Action.objects.select_for_update().get(pk=parent.pk)
                if locked.status == Action.Status.NOT_STARTED:
                    locked.status = Action.Status.IN_PROGRESS
                    locked.version += 1
                    locked.updated_by = acting_user
                    _as(locked, acting_user).save()
    except BaseException:
        # The rows were rolled back: the stored file goes too, so no evidence is kept unseen.
        if note.evidence_file and note.evidence_file.name:
            note.evidence_file.storage.delete(note.evidence_file.name)
        raise
    return note
