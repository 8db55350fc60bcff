"""The case's letters: the level-2 letter to the chair of governors and the level-3 letter to the
LGB, made by the worker (WeasyPrint) from the case's record on the trust's letterhead, for the CEO
to send; their sending is then recorded as a step (services/concern.py).

Editions. The letter to the chair says only what the case's concerns and the ISAP's amendments
are: one edition. The letter to the LGB is what the whole governing body reads, and governors may
not read the implications for the head teacher's performance management (DOMAIN.md, restricted
parts), so it is made twice: the edition sent to the LGB, which says only that such implications
are dealt with separately and in confidence, and a RESTRICTED edition that adds them, downloaded
only by those who read the school's restricted head-performance text (risk.access.reads_restricted).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fht.access import access_for
from fht.jobs import JobRefused, job_again_for
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.registry import JobKind
from fht.roles import Role
from people.models import RoleAssignment
from risk.access import owns_escalation
from risk.models import ConcernCase, ConcernIsapLink, ConcernLetter, LevelDecision
from risk.selectors.concern import isap_label, reads_case

LETTER_JOB_KEY = "concern_letter"
TEMPLATE = "risk/concern/pdf/letter.html"
# The level from which each letter belongs to the case.
LETTER_LEVEL = {ConcernLetter.Kind.CHAIR: 2, ConcernLetter.Kind.LGB: 3}


@dataclass(frozen=True)
class Edition:
    key: str  # "open" (the one sent) or "restricted"
    restricted: bool


OPEN = Edition("open", restricted=False)
RESTRICTED = Edition("restricted", restricted=True)


def editions_of(kind: str) -> tuple[Edition, ...]:
    return (OPEN, RESTRICTED) if kind == ConcernLetter.Kind.LGB else (OPEN,)


# --- requesting --------------------------------------------------------------------------------


def concern_letter_request(*, case: ConcernCase, kind: str, acting_user: User) -> Job:
    """Have the letter made (again) from the case's record as it stands."""
    if kind not in LETTER_LEVEL:
        raise ValidationError("Choose a letter.")
    if not case.is_open:
        raise ValidationError("The case is closed: its letters can no longer be made.")
    level = LETTER_LEVEL[ConcernLetter.Kind(kind)]
    if case.level < level:
        raise ValidationError(f"This letter belongs to level {level} and above.")
    letter, _ = ConcernLetter.objects.get_or_create(
        case=case, kind=kind, defaults={"trust_id": case.trust_id}
    )
    return job_again_for(letter, job_field="job", kind=LETTER_JOB_KEY, requested_by=acting_user)


# --- what the letter says ----------------------------------------------------------------------


def _holder(case: ConcernCase, role: Role, school: bool) -> str:
    rows = RoleAssignment.objects.filter(
        trust_id=case.trust_id, role=role, ended_at__isnull=True
    ).select_related("person")
    if school:
        rows = rows.filter(school_id=case.school_id)
    row = rows.order_by("starts_on", "pk").first()
    return row.person.full_name if row is not None else ""


def letter_context(*, letter: ConcernLetter, edition: Edition, today: dt.date) -> dict[str, Any]:
    """Everything the letter shows, as plain values (no querysets)."""
    case = letter.case
    trust = case.trust
    lgb = letter.kind == ConcernLetter.Kind.LGB
    entered = (
        LevelDecision.objects.filter(case=case, to_level=case.level).order_by("-decided_on", "-pk")
    ).first()
    links = ConcernIsapLink.objects.filter(case=case).select_related(
        "priority__plan__academic_year", "action"
    )
    chair = _holder(case, Role.CHAIR_OF_GOVERNORS, school=True)
    title = (
        "Letter to the local governing body" if lgb else "Letter to the chair of governors"
    ) + f": {case.school.name}"
    return {
        "document_title": title,
        "trust_name": trust.name,
        "trust_address": getattr(trust, "address", ""),
        "printed_on": today,
        "restricted": edition.restricted,
        "lgb": lgb,
        "school_name": case.school.name,
        "chair": chair,
        "level": case.level,
        "opened_on": case.opened_on,
        "entered_on": entered.decided_on if entered else case.opened_on,
        "entered_reason": entered.reason if entered else "",
        "issues": case.issues,
        "actions_to_follow": case.actions_to_follow,
        "isap": [isap_label(link) for link in links],
        "performance_management": case.performance_management if edition.restricted else "",
        "ceo": _holder(case, Role.CEO, school=False),
    }


# --- rendering and storing ---------------------------------------------------------------------


def letter_file_name(*, letter: ConcernLetter, edition: Edition) -> str:
    return f"concern/trust-{letter.trust_id}/case-{letter.case_id}-{letter.kind}-{edition.key}.pdf"


_FIELD = {OPEN.key: "file", RESTRICTED.key: "restricted_file"}


def _store(*, letter: ConcernLetter, pdfs: dict[str, bytes], read_at: dt.datetime) -> bool:
    """Store the editions unless a letter made from a later reading is already stored."""
    storage = ConcernLetter._meta.get_field("file").storage
    with transaction.atomic(durable=True):
        row = ConcernLetter.objects.select_for_update().filter(pk=letter.pk).first()
        if row is None:
            raise JobRefused("The letter no longer exists.")
        if row.rendered_at is not None and row.rendered_at > read_at:
            return False
        names: dict[str, str] = {}
        for key, pdf in pdfs.items():
            edition = RESTRICTED if key == RESTRICTED.key else OPEN
            name = letter_file_name(letter=row, edition=edition)
            old = getattr(row, _FIELD[key]).name or ""
            for stale in {name, old} - {""}:
                if storage.exists(stale):
                    storage.delete(stale)
            names[_FIELD[key]] = storage.save(name, ContentFile(pdf))
        ConcernLetter.objects.filter(pk=row.pk).update(rendered_at=read_at, **names)
    return True


def concern_letter_render(job: Job) -> str:
    """The job's work: make the letter's editions from the case as it stands, and store them."""
    letter = (
        ConcernLetter.objects.select_related("case__school", "case__trust")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if letter is None:
        raise JobRefused("The letter no longer exists.")
    read_at = timezone.now()
    today = timezone.localdate(read_at)
    pdfs = {
        edition.key: render_pdf(
            TEMPLATE, letter_context(letter=letter, edition=edition, today=today)
        )
        for edition in editions_of(letter.kind)
    }
    if _store(letter=letter, pdfs=pdfs, read_at=read_at):
        return f"The {letter.get_kind_display().lower()} is ready."
    return "A newer letter had already been made."


# --- who follows the job -----------------------------------------------------------------------


def _school_of(job: Job) -> int | None:
    return (
        ConcernLetter.objects.filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .values_list("case__school_id", flat=True)
        .first()
    )


def can_follow_job(user: User, job: Job) -> bool:
    """Whoever reads the case follows its letters being made."""
    school_id = _school_of(job)
    return school_id is not None and reads_case(access_for(user), school_id)


def can_retry_job(user: User, job: Job) -> bool:
    """Those who send the letters have them made again."""
    return can_follow_job(user, job) and owns_escalation(access_for(user))


LETTER_JOB = JobKind(
    key=LETTER_JOB_KEY,
    label="Make the concern letter PDF",
    run=concern_letter_render,
    may_follow=can_follow_job,
    may_retry=can_retry_job,
    failed=lambda job, error: f"The letter could not be made ({type(error).__name__}).",
)
