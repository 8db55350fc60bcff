"""The documents a shared review gives: the report for the head and governors (in two editions) and
the letter from the trust to parents and carers, made by the worker (WeasyPrint) when the review is
shared, and again when those who write it ask (after an amendment).

Editions. The report's staffing notes are restricted (DOMAIN.md): the full edition holds them and
is downloaded only by those who read the review's restricted notes (`ReviewAccess.reads_restricted`);
the standard edition, without them, is what governors read. The letter has one edition for
everyone: it holds no judgement, grade, staffing matter or note of any area, only the school's
name, its head teacher, the titles of its strengths and of its challenges, and the trust's
signature. Its text is measured for plain English (reviews/services/letters.py) when it is made.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fht.access import access_for
from fht.jobs import JobRefused, job_again_for, job_queue_for
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.registry import JobKind
from reviews import access as rules
from reviews.models import (
    AREAS,
    AreaRecord,
    Challenge,
    Review,
    ReviewDocument,
    Strength,
    TeamMember,
)
from reviews.selectors.access import is_on_team
from reviews.services.letters import letter_context, letter_reading_ease

DOCUMENTS_JOB_KEY = "review_documents"
REPORT_TEMPLATE = "reviews/pdf/report.html"
LETTER_TEMPLATE = "reviews/pdf/letter.html"
Kind = ReviewDocument.Kind

# While set (the demo's loading), sharing a review queues no job: documents are made on request.
_held: ContextVar[bool] = ContextVar("review_documents_held", default=False)


@contextlib.contextmanager
def documents_held() -> Iterator[None]:
    """Share reviews without queueing their documents (demo loading renders no PDF)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


# --- requesting --------------------------------------------------------------------------------


def review_documents_queue(*, review: Review, acting_user: User) -> Job | None:
    """The shared-review listener: queue the documents' job, sent once the sharing commits."""
    if _held.get():
        return None
    return job_queue_for(
        review, job_field="documents_job", kind=DOCUMENTS_JOB_KEY, requested_by=acting_user
    )


class NotShared(Exception):
    """A review's documents are made only once it is shared."""


def review_documents_request(*, review: Review, acting_user: User) -> Job:
    """Have the documents made (again) from the review as it stands; a queued job is reused."""
    if not review.is_shared:
        raise NotShared("The documents are made once the review is shared.")
    return job_again_for(
        review, job_field="documents_job", kind=DOCUMENTS_JOB_KEY, requested_by=acting_user
    )


# --- what the report says ----------------------------------------------------------------------


def _judgement_label(area_scale: Any, value: str) -> str:
    return str(area_scale(value).label) if value in area_scale.values else "Not judged"


def report_context(*, review: Review, restricted: bool, today: dt.date) -> dict[str, Any]:
    """Everything the report shows, as plain values; the restricted notes only when `restricted`."""
    records = {record.key: record for record in AreaRecord.objects.filter(review=review)}
    areas = []
    for area in AREAS:
        record = records.get(area.key)
        if record is None and area.early_years_only:
            continue
        hidden = area.restricted and not restricted
        areas.append(
            {
                "label": area.label,
                "judgement": _judgement_label(area.scale, record.judgement if record else ""),
                "notes": "" if hidden or record is None else record.notes,
                "hidden": hidden,
                "restricted": area.restricted and restricted,
            }
        )
    team = [
        {"name": member.person.full_name, "capacity": member.get_capacity_display()}
        for member in TeamMember.objects.filter(review=review).select_related("person")
    ]
    return {
        "document_title": f"Partnership review of {review.school.name}, {review.academic_year}",
        "trust_name": review.trust.name,
        "printed_on": today,
        "restricted": restricted,
        "school_name": review.school.name,
        "year": str(review.academic_year),
        "starts_on": review.starts_on,
        "ends_on": review.ends_on,
        "team": team,
        "areas": areas,
        "challenges": [
            {"title": c.title, "detail": c.detail} for c in Challenge.objects.filter(review=review)
        ],
        "strengths": [
            {"title": s.title, "detail": s.detail} for s in Strength.objects.filter(review=review)
        ],
        "trust_impact": review.trust_impact,
    }


# --- rendering and storing ---------------------------------------------------------------------


def document_file_name(*, review: Review, kind: str) -> str:
    return f"reviews/trust-{review.trust_id}/review-{review.pk}-{kind}.pdf"


def _store(
    *, review: Review, pdfs: dict[str, bytes], reading_ease: float, made_at: dt.datetime
) -> None:
    storage = ReviewDocument._meta.get_field("file").storage
    with transaction.atomic(durable=True):
        if not Review.objects.select_for_update().filter(pk=review.pk).exists():
            raise JobRefused("The review no longer exists.")
        old = {d.kind: d.file.name or "" for d in ReviewDocument.objects.filter(review=review)}
        for kind, pdf in pdfs.items():
            name = document_file_name(review=review, kind=kind)
            for stale in {name, old.get(kind, "")} - {""}:
                if storage.exists(stale):
                    storage.delete(stale)
            saved = storage.save(name, ContentFile(pdf))
            ReviewDocument.objects.update_or_create(
                review=review,
                kind=kind,
                defaults={
                    "trust_id": review.trust_id,
                    "file": saved,
                    "made_at": made_at,
                    "reading_ease": reading_ease if kind == Kind.LETTER else None,
                },
            )


def review_documents_render(job: Job) -> str:
    """The job's work: make the two editions of the report and the letter, and store them."""
    review = (
        Review.objects.select_related("school", "trust", "academic_year")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if review is None:
        raise JobRefused("The review no longer exists.")
    made_at = timezone.now()
    today = timezone.localdate(made_at)
    letter = letter_context(review=review, today=today)
    pdfs: dict[str, bytes] = {
        Kind.REPORT_FULL: render_pdf(
            REPORT_TEMPLATE, report_context(review=review, restricted=True, today=today)
        ),
        Kind.REPORT: render_pdf(
            REPORT_TEMPLATE, report_context(review=review, restricted=False, today=today)
        ),
        Kind.LETTER: render_pdf(LETTER_TEMPLATE, letter),
    }
    ease = letter_reading_ease(letter)
    _store(review=review, pdfs=pdfs, reading_ease=ease, made_at=made_at)
    verdict = "plain English" if ease >= 60 else "too hard to read: see the review's page"
    return f"The report and the letter are ready (the letter scores {ease:.0f}, {verdict})."


# --- who follows the job -----------------------------------------------------------------------


def _review_of(job: Job) -> Review | None:
    return Review.objects.filter(pk=job.object_id or 0, trust_id=job.trust_id).first()


def can_follow_job(user: User, job: Job) -> bool:
    """Whoever reads the shared review follows its documents being made."""
    review = _review_of(job)
    if review is None:
        return False
    access = access_for(user)
    school_id = review.school_id
    return (
        rules.plans_reviews(access, school_id)
        or is_on_team(review, user)
        or (review.is_shared and rules.reads_shared(access, school_id))
    )


def can_retry_job(user: User, job: Job) -> bool:
    """Those who write the review have its documents made again."""
    review = _review_of(job)
    if review is None:
        return False
    return rules.plans_reviews(access_for(user), review.school_id) or is_on_team(review, user)


DOCUMENTS_JOB = JobKind(
    key=DOCUMENTS_JOB_KEY,
    label="Make the review's report and letter to parents",
    run=review_documents_render,
    may_follow=can_follow_job,
    may_retry=can_retry_job,
    failed=lambda job, error: f"The documents could not be made ({type(error).__name__}).",
)
