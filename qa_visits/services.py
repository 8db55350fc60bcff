"""Writes about QA visits: planning, the director's drafts, submission and amendment, the head's
factual-accuracy response, and the trust's visit cadence. Each is one transaction."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from fht.access import access_for
from fht.models import Trust, User
from fht.roles import SchoolPerm
from fht.tenancy import trust_scope
from qa_visits.cadence import ALL_CADENCE_FIELDS
from qa_visits.models import Visit, VisitSection
from qa_visits.proforma import proforma_request
from qa_visits.sections import SECTION_BY_KEY, SECTIONS, SectionKey
from qa_visits.selectors import school_heads
from returns.snapshot import school_data_snapshot
from schools.models import AcademicYear, School
from schools.years import academic_year_for

REQUIRED_NOTES = (SectionKey.STRENGTHS, SectionKey.AREAS_FOR_DEVELOPMENT, SectionKey.NEXT_STEPS)


def rag_field(key: str) -> str:
    return f"{key}_rag"


def notes_field(key: str) -> str:
    return f"{key}_notes"


ACTIVITIES_FIELD = "moderation_activities"


# --- planning -----------------------------------------------------------------------------------


def _year_for(*, trust_id: int, on: dt.date, field_name: str) -> AcademicYear:
    year = academic_year_for(trust_id=trust_id, on=on)
    if year is None:
        raise ValidationError(
            {
                field_name: f"{date_format(on, 'j F Y')} is not in any of the trust's academic "
                "years. Choose a date in a year that has been set up, or ask an administrator "
                "to add the year."
            }
        )
    return year


def _check_director(*, school: School, director: User) -> None:
    if director.trust_id != school.trust_id or not access_for(director).has_school_perm(
        school.pk, SchoolPerm.MANAGE_IMPROVEMENT
    ):
        raise ValidationError({"director": "Choose someone who makes QA visits to this school."})


def visit_plan(
    *,
    school: School,
    planned_for: dt.date,
    days: Decimal,
    purpose: str,
    director: User,
    acting_user: User,
) -> Visit:
    """Put a visit to the school in the diary."""
    _check_director(school=school, director=director)
    year = _year_for(trust_id=school.trust_id, on=planned_for, field_name="planned_for")
    visit = Visit(
        trust_id=school.trust_id,
        school=school,
        academic_year=year,
        director=director,
        planned_for=planned_for,
        days=days,
        purpose=purpose.strip(),
        status=Visit.Status.PLANNED,
        created_by=acting_user,
    )
    visit.full_clean()
    with transaction.atomic(durable=True):
        visit._history_user = acting_user  # type: ignore[attr-defined]
        visit.save()
    return visit


def _require_open(visit: Visit, doing: str) -> None:
    if visit.status not in (Visit.Status.PLANNED, Visit.Status.DRAFT):
        raise ValidationError(f"Only a planned visit or one being written can be {doing}.")


def visit_reschedule(
    *,
    visit: Visit,
    planned_for: dt.date,
    days: Decimal,
    purpose: str,
    director: User,
    acting_user: User,
) -> Visit:
    """Move a planned visit (or one being written) to another date, or change its days or purpose."""
    _require_open(visit, "rescheduled")
    _check_director(school=visit.school, director=director)
    year = _year_for(trust_id=visit.trust_id, on=planned_for, field_name="planned_for")
    with transaction.atomic(durable=True):
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        _require_open(locked, "rescheduled")
        locked.planned_for = planned_for
        locked.academic_year = year
        locked.days = days
        locked.purpose = purpose.strip()
        locked.director = director
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    return locked


def visit_cancel(*, visit: Visit, acting_user: User) -> Visit:
    """Call off a planned visit: its days go back to the school's core offer."""
    _require_open(visit, "cancelled")
    with transaction.atomic(durable=True):
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        _require_open(locked, "cancelled")
        locked.status = Visit.Status.CANCELLED
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    return locked


# --- writing ------------------------------------------------------------------------------------


@dataclass
class SectionDraft:
    rag: str | None = None  # None: not in the submission (leave as saved)
    notes: str | None = None
    activities: list[str] | None = None


@dataclass
class VisitDraft:
    """What the director typed: only the parts present (and well formed) are saved."""

    visited_on: dt.date | None = None
    sections: dict[str, SectionDraft] = field(default_factory=dict)
    # The version of the record the page was opened at: a submission from an older page (another
    # tab, or a colleague who submitted first) is refused rather than overwriting theirs.
    version: int | None = None


def _apply_sections(
    *, visit: Visit, draft: VisitDraft, acting_user: User, keep_history: bool
) -> None:
    saved = {row.key: row for row in VisitSection.objects.filter(visit=visit)}
    for key, typed in draft.sections.items():
        if key not in SECTION_BY_KEY:
            continue
        row = saved.get(key) or VisitSection(trust_id=visit.trust_id, visit=visit, key=key)
        before = (row.rag, row.notes, list(row.activities or []))
        if typed.rag is not None:
            row.rag = typed.rag
        if typed.notes is not None:
            row.notes = typed.notes
        if typed.activities is not None:
            row.activities = typed.activities
        if row.pk and (row.rag, row.notes, list(row.activities or [])) == before:
            continue
        row.full_clean(exclude=["visit", "trust"], validate_unique=False)
        row._history_user = acting_user  # type: ignore[attr-defined]
        if not keep_history:
            # A draft is saved every few seconds as the director types: its history starts when
            # it is submitted (the visit's own row records who saved and when).
            row.skip_history_when_saving = True  # type: ignore[attr-defined]
        row.save()


def visit_draft_save(*, visit: Visit, draft: VisitDraft, acting_user: User) -> Visit:
    """Save what the director has written so far (a planned visit becomes one being written)."""
    _require_open(visit, "saved as a draft")
    with transaction.atomic(durable=True):
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        _require_open(locked, "saved as a draft")
        _apply_sections(visit=locked, draft=draft, acting_user=acting_user, keep_history=False)
        now = timezone.now()
        changed = locked.status == Visit.Status.PLANNED or (
            draft.visited_on is not None and draft.visited_on != locked.visited_on
        )
        locked.draft_saved_at = now
        if changed:
            locked.status = Visit.Status.DRAFT
            if draft.visited_on is not None:
                locked.visited_on = draft.visited_on
            locked._history_user = acting_user  # type: ignore[attr-defined]
            locked.save()
        else:
            Visit.objects.filter(pk=locked.pk).update(draft_saved_at=now)
    return locked


def _merged(visit: Visit, draft: VisitDraft) -> dict[str, SectionDraft]:
    """The sections as they would be with the draft applied."""
    merged = {
        row.key: SectionDraft(row.rag, row.notes, list(row.activities or []))
        for row in VisitSection.objects.filter(visit=visit)
    }
    for key, typed in draft.sections.items():
        row = merged.setdefault(key, SectionDraft("", "", []))
        row.rag = typed.rag if typed.rag is not None else row.rag
        row.notes = typed.notes if typed.notes is not None else row.notes
    return merged


def visit_ready_check(*, visit: Visit, draft: VisitDraft, today: dt.date) -> None:
    """Refuse to submit an unfinished record, naming each field that needs attention."""
    errors: dict[str, str] = {}
    visited_on = draft.visited_on or visit.visited_on
    if visited_on is None:
        errors["visited_on"] = "Enter the date of the visit."
    elif visited_on > today:
        errors["visited_on"] = "The date of the visit must be today or earlier."
    merged = _merged(visit, draft)
    for section in SECTIONS:
        row = merged.get(section.key.value, SectionDraft("", "", []))
        if section.has_rag and not row.rag:
            errors[rag_field(section.key.value)] = (
                f"Choose a judgement for {section.title.lower()}: green, amber or red."
            )
        if section.key in REQUIRED_NOTES and not (row.notes or "").strip():
            errors[notes_field(section.key.value)] = f"Enter the {section.title.lower()}."
    if visited_on is not None and "visited_on" not in errors:
        try:
            _year_for(trust_id=visit.trust_id, on=visited_on, field_name="visited_on")
        except ValidationError as error:
            errors["visited_on"] = error.message_dict["visited_on"][0]
    if errors:
        raise ValidationError(errors)


def _heads_email(*, trust_id: int, visit_id: int, base_url: str) -> None:
    """Tell the school's head(s) a visit record is ready to read. No restricted text: a link.

    Runs after the commit, perhaps outside the request's scope: it opens the trust's own.
    """
    with trust_scope(trust_id):
        visit = Visit.objects.select_related("school", "director", "trust").get(pk=visit_id)
        heads = school_heads(school=visit.school)
    for head in heads:
        context = {
            "head": head,
            "visit": visit,
            "link": base_url.rstrip("/") + reverse("qa_visits:detail", args=[visit.pk]),
        }
        subject = "".join(
            render_to_string("qa_visits/email/submitted_subject.txt", context).splitlines()
        )
        body = render_to_string("qa_visits/email/submitted_body.txt", context)
        EmailMessage(subject, body, to=[head.email]).send()


def visit_submit(*, visit: Visit, draft: VisitDraft, acting_user: User, base_url: str) -> Visit:
    """Submit a visit record, or amend a submitted one.

    The first submission freezes the school's data as it stood on the day of the visit and emails
    the head(s) once the transaction has committed; an amendment keeps the frozen data. Both raise
    the version and have the proforma made again.
    """
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        locked = (
            Visit.objects.select_for_update().select_related("school", "trust").get(pk=visit.pk)
        )
        if locked.status == Visit.Status.CANCELLED:
            raise ValidationError("A cancelled visit cannot be submitted.")
        if draft.version is not None and draft.version != locked.version:
            raise ValidationError(
                "This record was submitted or amended somewhere else (another window, or a "
                "colleague) after you opened it, so your changes were not saved over it. What you "
                "typed is still below: open the visit again to see the saved version, then make "
                "your changes to it."
            )
        visit_ready_check(visit=locked, draft=draft, today=today)
        first = not locked.is_submitted
        _apply_sections(visit=locked, draft=draft, acting_user=acting_user, keep_history=not first)
        now = timezone.now()
        if draft.visited_on is not None:
            locked.visited_on = draft.visited_on
        assert locked.visited_on is not None  # visit_ready_check
        locked.academic_year = _year_for(
            trust_id=locked.trust_id, on=locked.visited_on, field_name="visited_on"
        )
        locked.version += 1
        if first:
            locked.snapshot = school_data_snapshot(school=locked.school, as_of=locked.visited_on)
            locked.status = Visit.Status.SUBMITTED
            locked.submitted_at = now
            locked.submitted_by = acting_user
        else:
            locked.amended_at = now
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
        proforma_request(visit=locked, requested_by=acting_user)
        if first:
            transaction.on_commit(
                partial(
                    _heads_email,
                    trust_id=locked.trust_id,
                    visit_id=locked.pk,
                    base_url=base_url,
                ),
                robust=True,
            )
    return locked


# --- the head's response, and the trust's cadence --------------------------------------------------


def visit_response_set(*, visit: Visit, response: str, acting_user: User) -> Visit:
    """The head's factual-accuracy response to a submitted visit record (added or edited)."""
    if not visit.is_submitted:
        raise ValidationError("A response can be added once the visit has been submitted.")
    with transaction.atomic(durable=True):
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        locked.head_response = response.strip()
        locked.head_responded_at = timezone.now()
        locked.head_responded_by = acting_user
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    return locked


def visit_cadence_update(*, trust: Trust, weeks: dict[str, int], acting_user: User) -> Trust:
    """Set the weeks between visits for each category (and for schools not yet categorised)."""
    with transaction.atomic(durable=True):
        locked = Trust.objects.select_for_update().get(pk=trust.pk)
        for name in ALL_CADENCE_FIELDS:
            if name in weeks:
                setattr(locked, name, weeks[name])
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    return locked
