"""Writes about action plans. Each is one transaction, records who made it (simple-history), and
raises ValidationError (by field where it can) or EditConflict rather than writing half of it."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from fht.models import User
from isap.models import (
    Action,
    Deployment,
    Plan,
    Priority,
    ProgressNote,
    Signature,
    Source,
    Target,
    VisitActionReview,
)
from qa_visits.models import Visit
from schools.models import AcademicYear, School

# --- starting a plan ----------------------------------------------------------------------------


def _as(obj: Any, user: User | None) -> Any:
    obj._history_user = user
    return obj


def plan_start(*, school: School, year: AcademicYear, acting_user: User | None) -> Plan:
    """Start the school's plan for a year. If it had a plan the year before, its open priorities
    (with their targets) and their open actions come forward, each linked to where it came from."""
    if school.closed_on is not None:
        raise ValidationError("A closed school has no new action plans.")
    if Plan.objects.filter(school=school, academic_year=year).exists():
        raise ValidationError({"academic_year": f"{school.name} already has a plan for {year}."})
    previous = (
        Plan.objects.filter(school=school, academic_year__starts_in__lt=year.starts_in)
        .order_by("-academic_year__starts_in")
        .first()
    )
    try:
        with transaction.atomic():
            plan = _as(
                Plan(
                    trust_id=school.trust_id,
                    school=school,
                    academic_year=year,
                    carried_from=previous,
                    created_by=acting_user,
                ),
                acting_user,
            )
            plan.save()
            if previous is not None:
                _carry_forward(previous=previous, plan=plan, acting_user=acting_user)
    except IntegrityError:  # two people started it at once: the other got there first
        raise ValidationError(
            {"academic_year": f"{school.name} already has a plan for {year}."}
        ) from None
    return plan


def _carry_forward(*, previous: Plan, plan: Plan, acting_user: User | None) -> None:
    priorities = (
        Priority.objects.filter(plan=previous, status=Priority.Status.OPEN)
        .prefetch_related("targets")
        .order_by("number", "pk")
    )
    for number, old in enumerate(priorities, start=1):
        new = _as(
            Priority(
                trust_id=plan.trust_id,
                plan=plan,
                number=number,
                title=old.title,
                description=old.description,
                source=old.source,
                source_visit=old.source_visit,
                source_reference=old.source_reference,
                carried_from=old,
            ),
            acting_user,
        )
        new.save()
        for target in old.targets.all():
            _as(
                Target(
                    trust_id=plan.trust_id,
                    priority=new,
                    measure=target.measure,
                    description=target.description,
                    baseline=target.baseline,
                    target=target.target,
                    by_when=target.by_when,
                ),
                acting_user,
            ).save()
        # Locked as they are read: a save racing the new year's start either lands first (and
        # is carried) or waits and then finds the action carried forward (a version conflict).
        still_open = (
            Action.objects.select_for_update(of=("self",))
            .filter(priority=old, status__in=Action.OPEN_STATUSES)
            .order_by("due_on", "pk")
        )
        for action in still_open:
            _as(
                Action(
                    trust_id=plan.trust_id,
                    priority=new,
                    what=action.what,
                    owner_id=action.owner_id,
                    owner_role=action.owner_role,
                    starts_on=action.starts_on,
                    due_on=action.due_on,
                    status=action.status,
                    rag=action.rag,
                    school_impact=action.school_impact,
                    director_impact=action.director_impact,
                    source_visit_id=action.source_visit_id,
                    carried_from=action,
                    updated_by=acting_user,
                ),
                acting_user,
            ).save()
            # Last year's plan says where the work went, and no longer counts it as overdue.
            action.status = Action.Status.CARRIED
            action.version += 1
            action.updated_by = acting_user
            _as(action, acting_user).save(
                update_fields=["status", "version", "updated_by", "updated_at"]
            )
        old.status = Priority.Status.CARRIED
        _as(old, acting_user).save(update_fields=["status"])


# --- priorities and targets -----------------------------------------------------------------------


@dataclass
class PriorityData:
    title: str
    description: str
    source: str
    source_visit: Visit | None
    source_reference: str
    status: str = Priority.Status.OPEN


def _check_source(plan: Plan, data: PriorityData) -> None:
    if data.source_visit is not None:
        if data.source_visit.school_id != plan.school_id or not data.source_visit.is_submitted:
            raise ValidationError({"source_visit": "Choose a submitted visit to this school."})
        if data.source != Source.QA_VISIT:
            raise ValidationError(
                {"source_visit": "Choose a visit only for a priority whose source is a QA visit."}
            )


def priority_save(
    *, plan: Plan, data: PriorityData, acting_user: User, priority: Priority | None = None
) -> Priority:
    _check_source(plan, data)
    with transaction.atomic():
        if priority is None:
            Plan.objects.select_for_update().get(pk=plan.pk)  # one number per new priority
            top = Priority.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
            priority = Priority(trust_id=plan.trust_id, plan=plan, number=top + 1)
        for name, value in vars(data).items():
            setattr(priority, name, value)
        priority.full_clean(exclude=["plan", "trust", "carried_from"])
        _as(priority, acting_user).save()
    return priority


@dataclass
class TargetData:
    measure: str
    description: str
    baseline: Any
    target: Any
    by_when: dt.date


def target_save(
    *, priority: Priority, data: TargetData, acting_user: User, target: Target | None = None
) -> Target:
    if not data.measure and not data.description.strip():
        raise ValidationError(
            {"measure": "Choose a measure from the data returns, or describe the measure in words."}
        )
    target = target or Target(trust_id=priority.trust_id, priority=priority)
    for name, value in vars(data).items():
        setattr(target, name, value)
    target.full_clean(exclude=["priority", "trust"])
    with transaction.atomic():
        _as(target, acting_user).save()
    return target


def target_delete(*, target: Target, acting_user: User) -> None:
    with transaction.atomic():
        _as(target, acting_user).delete()


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

# What evidence may be: the first bytes of each kind of file, by extension.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
EVIDENCE_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "txt": None,  # plain text: checked as text below
    "csv": None,
}


def evidence_check(upload: UploadedFile) -> str:
    """Refuse a file that is too big or is not what its name says; return a safe display name."""
    limit = settings.FHT_EVIDENCE_MAX_BYTES
    name = (upload.name or "evidence").replace("\\", "/").rsplit("/", 1)[-1][:150]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        kinds = ", ".join(k.upper() for k in EVIDENCE_TYPES if k != "jpeg")
        raise ValidationError(
            {"evidence_file": f"The file must be a {kinds} file. {name} is not one of these."}
        )
    if upload.size is None or upload.size == 0:
        raise ValidationError({"evidence_file": f"{name} is empty."})
    if upload.size > limit:
        raise ValidationError(
            {
                "evidence_file": f"The file must be smaller than {limit // (1024 * 1024)} MB. "
                f"{name} is {upload.size / (1024 * 1024):.1f} MB."
            }
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = EVIDENCE_TYPES[extension]
    if signatures is None:
        try:
            head.decode("utf-8")
            ok = b"\x00" not in head
        except UnicodeDecodeError:
            ok = False
    else:
        ok = head.startswith(signatures)
    if not ok:
        raise ValidationError(
            {
                "evidence_file": f"{name} is not a real {extension.upper()} file. Save it again "
                "from the program that made it, or add a link instead."
            }
        )
    return name


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


# --- support deployments --------------------------------------------------------------------------


@dataclass
class DeploymentData:
    provider: str
    person: User | None
    provider_name: str
    days: Any
    cost: Any
    funder: str
    starts_on: dt.date
    desired_outcome: str


def deployment_save(
    *,
    priority: Priority,
    data: DeploymentData,
    acting_user: User,
    deployment: Deployment | None = None,
    version: int | None = None,
) -> Deployment:
    if data.person is None and not data.provider_name.strip():
        raise ValidationError(
            {"person": "Choose the person deployed, or give an external provider's name."}
        )
    if data.person is not None and data.person.trust_id != priority.trust_id:
        raise ValidationError({"person": "Choose a person of the trust."})
    with transaction.atomic():
        if deployment is None:
            locked = Deployment(trust_id=priority.trust_id, priority=priority)
        else:
            locked = Deployment.objects.select_for_update().get(pk=deployment.pk)
            _check_version(locked, version, DEPLOYMENT_FIELDS)
            locked.version += 1
        for name, value in vars(data).items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["priority", "trust"])
        _as(locked, acting_user).save()
    return locked


def deployment_impact(
    *, deployment: Deployment, impact: str, version: int | None, acting_user: User
) -> Deployment:
    """The impact of a deployment, recorded afterwards (by the person deployed or the director)."""
    with transaction.atomic():
        locked = Deployment.objects.select_for_update().get(pk=deployment.pk)
        _check_version(locked, version, DEPLOYMENT_FIELDS)
        if locked.impact == impact:
            return locked
        locked.impact = impact
        locked.impact_recorded_at = timezone.now() if impact.strip() else None
        locked.version += 1
        _as(locked, acting_user).save()
    return locked


# --- agreement ------------------------------------------------------------------------------------


def plan_sign(*, plan: Plan, signatory: str, acting_user: User) -> Signature:
    """Sign the plan as one of its three signatories; the third signature agrees it."""
    from isap.selectors import signatories_for

    if signatory not in signatories_for(acting_user, plan.school_id):
        raise ValidationError({"signatory": "You cannot sign the plan as this signatory."})
    label = Signature.Signatory(signatory).label
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if Signature.objects.filter(plan=locked, signatory=signatory).exists():
            raise ValidationError(
                {"signatory": f"The plan has already been signed by the {label}."}
            )
        signature = _as(
            Signature(
                trust_id=locked.trust_id,
                plan=locked,
                signatory=signatory,
                person=acting_user,
                signed_at=timezone.now(),
            ),
            acting_user,
        )
        signature.save()
        if locked.agreed_at is None and Signature.objects.filter(plan=locked).count() == len(
            Signature.Signatory
        ):
            locked.agreed_at = signature.signed_at
            _as(locked, acting_user).save(update_fields=["agreed_at"])
    return signature


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
