"""The letter from the trust to parents and carers: what it says, how plain it is, and the
trust-wide action that makes every shared review's letter of an academic year at once.

What it says is built here as plain sentences (`letter_context`), so the text that is measured is
the text that is printed. It names the school and its head teacher, the titles of the review's
strengths (what the school does well) and of its challenges (what it will work on this year), and
is signed by the CEO for the trust. Nothing else of the review reaches it: no judgement, no area's
notes, no detail of a strength or challenge, no staffing matter.

Plain English: the letter's Flesch reading ease (textstat) must be 60 or more. A letter that
scores less is still made; the review's page tells the reviewer which sentences are hardest, which
are nearly always a strength's or a challenge's title, so they can rewrite those and make it again.

The bulk letters (`LetterBatch`): the worker renders each shared review's letter of the year in
turn, saving the count done after each school so the page can show 'n of m schools', then writes
one PDF of them all (each letter starting on a new page) and a zip of one PDF per school.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import textstat  # type: ignore[import-untyped]
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from fht.access import access_for
from fht.jobs import JobRefused, job_queue_for
from fht.models import Job, User
from fht.pdf import document_pdf, render_document
from fht.registry import JobKind
from fht.roles import Role
from people.models import RoleAssignment
from reviews import access as rules
from reviews.models import Challenge, LetterBatch, Review, Strength
from schools.models import AcademicYear

LETTER_TEMPLATE = "reviews/pdf/letter.html"
BATCH_JOB_KEY = "review_letter_batch"
PLAIN_ENGLISH = 60.0

# --- what the letter says ----------------------------------------------------------------------


def _holder(*, trust_id: int, roles: tuple[Role, ...], school_id: int | None) -> str:
    """The name of who holds the first of `roles` (in that order of preference) now."""
    rows = RoleAssignment.objects.filter(
        trust_id=trust_id, role__in=roles, ended_at__isnull=True
    ).select_related("person")
    if school_id is not None:
        rows = rows.filter(school_id=school_id)
    held = sorted(rows, key=lambda row: (roles.index(Role(row.role)), row.starts_on, row.pk))
    return held[0].person.full_name if held else ""


def _sentence(title: str) -> str:
    title = " ".join(title.split())
    return title if title.endswith((".", "!", "?")) else f"{title}."


def _dates(starts_on: dt.date, ends_on: dt.date) -> str:
    if starts_on == ends_on:
        return f"on {starts_on:%-d %B %Y}"
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"from {starts_on:%-d} to {ends_on:%-d %B %Y}"
    return f"from {starts_on:%-d %B} to {ends_on:%-d %B %Y}"


def letter_context(*, review: Review, today: dt.date) -> dict[str, Any]:
    """Everything the letter shows, as plain strings: no judgement, grade or note of the review."""
    school = review.school.name
    head = _holder(
        trust_id=review.trust_id,
        roles=(Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD),
        school_id=review.school_id,
    )
    trust = review.trust.name
    opening = [
        f"Every year, a team from {trust} spends time at each of our schools. "
        "We want to see what goes well and what could be better.",
        f"We came to {school} {_dates(review.starts_on, review.ends_on)}. "
        + (f"We met {head}, the head teacher. " if head else "We met the head teacher. ")
        + "We talked to children and teachers, saw lessons and looked at work.",
    ]
    return {
        "document_title": f"A letter to parents and carers of {school}",
        "trust_name": trust,
        "printed_on": today,
        "restricted": False,
        "school_name": school,
        "head": head,
        "opening": opening,
        "strengths_intro": f"Here are some things {school} does well:",
        "strengths": [_sentence(s.title) for s in Strength.objects.filter(review=review)],
        "challenges_intro": "This year, the school will work on:",
        "challenges": [_sentence(c.title) for c in Challenge.objects.filter(review=review)],
        "closing": [
            "We will help the school with this work, and we will come back to see how it is going.",
            "If you have a question, please talk to the school.",
            "Thank you for your support.",
        ],
        "signatory": _holder(trust_id=review.trust_id, roles=(Role.CEO,), school_id=None),
        "signatory_title": "Chief Executive Officer",
    }


def letter_sentences(context: dict[str, Any]) -> list[str]:
    """The letter's text, sentence by sentence, as it is printed (the masthead aside)."""
    parts = [*context["opening"]]
    for key in ("strengths", "challenges"):
        if context[key]:
            parts += [context[f"{key}_intro"], *context[key]]
    parts += context["closing"]
    text = " ".join(parts)
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


def letter_reading_ease(context: dict[str, Any]) -> float:
    """The Flesch reading ease of the letter's text (higher is plainer; 60 or more passes)."""
    return float(textstat.flesch_reading_ease(" ".join(letter_sentences(context))))


@dataclass(frozen=True)
class HardSentence:
    text: str
    words: int
    reading_ease: float


def hardest_sentences(context: dict[str, Any], *, count: int = 3) -> list[HardSentence]:
    """The sentences that pull the letter's score down most: the lowest-scoring, then the longest."""
    scored = [
        HardSentence(
            text=s,
            words=int(textstat.lexicon_count(s)),
            reading_ease=float(textstat.flesch_reading_ease(s)),
        )
        for s in letter_sentences(context)
    ]
    scored.sort(key=lambda s: (s.reading_ease, -s.words))
    return [s for s in scored if s.reading_ease < PLAIN_ENGLISH][:count]


# --- rendering ---------------------------------------------------------------------------------


def _letter_document(context: dict[str, Any]) -> Any:
    """The letter laid out by WeasyPrint (a Document, so letters can be joined into one PDF)."""
    return render_document(LETTER_TEMPLATE, context)


# --- the bulk letters --------------------------------------------------------------------------


def shared_reviews_of(*, year: AcademicYear) -> list[Review]:
    return list(
        Review.objects.filter(
            academic_year=year, status__in=[Review.Status.SHARED, Review.Status.ACKNOWLEDGED]
        )
        .select_related("school", "trust", "academic_year")
        .order_by("school__name", "pk")
    )


class NothingToMake(Exception):
    """No review of the year is shared: there is no letter to make."""


def letter_batch_start(*, year: AcademicYear, acting_user: User) -> LetterBatch:
    """Start making every shared review's letter of the year (a new batch each time)."""
    with transaction.atomic(durable=True):
        total = len(shared_reviews_of(year=year))
        if total == 0:
            raise NothingToMake(f"No review of {year} has been shared yet.")
        batch = LetterBatch.objects.create(
            trust_id=year.trust_id, academic_year=year, total=total, requested_by=acting_user
        )
        job_queue_for(batch, job_field="job", kind=BATCH_JOB_KEY, requested_by=acting_user)
    return batch


def _save_progress(batch: LetterBatch, done: int, total: int) -> None:
    # Each update commits on its own (the job runs outside a transaction): the page sees it.
    LetterBatch.objects.filter(pk=batch.pk).update(done=done, total=total)


def batch_file_names(batch: LetterBatch) -> tuple[str, str]:
    stem = f"reviews/letters/trust-{batch.trust_id}/batch-{batch.pk}"
    return f"{stem}-letters.pdf", f"{stem}-letters.zip"


def letter_batch_run(job: Job) -> str:
    """The job's work: every letter in turn (progress saved per school), then the two files."""
    batch = (
        LetterBatch.objects.select_related("academic_year")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if batch is None:
        raise JobRefused("The batch no longer exists.")
    reviews = shared_reviews_of(year=batch.academic_year)
    _save_progress(batch, 0, len(reviews))
    today = timezone.localdate()
    documents = []
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, review in enumerate(reviews, start=1):
            document = _letter_document(letter_context(review=review, today=today))
            archive.writestr(f"{slugify(review.school.name)}.pdf", document_pdf(document))
            documents.append(document)
            _save_progress(batch, done, len(reviews))
    if not documents:
        _finish(batch, combined=None, per_school=None)
        return f"No review of {batch.academic_year} was shared: no letter was made."
    pages = [page for document in documents for page in document.pages]
    combined = document_pdf(documents[0].copy(pages))
    _finish(batch, combined=combined, per_school=bundle.getvalue())
    return f"{len(documents)} letters are ready, for {batch.academic_year}."


def _finish(batch: LetterBatch, *, combined: bytes | None, per_school: bytes | None) -> None:
    storage = LetterBatch._meta.get_field("combined").storage
    names = {}
    for field, name, content in zip(
        ("combined", "per_school"), batch_file_names(batch), (combined, per_school), strict=True
    ):
        if storage.exists(name):
            storage.delete(name)
        names[field] = storage.save(name, ContentFile(content)) if content is not None else ""
    LetterBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now(), **names)


def can_follow_batch(user: User, job: Job) -> bool:
    return rules.runs_letter_batches(access_for(user))


BATCH_JOB = JobKind(
    key=BATCH_JOB_KEY,
    label="Make every letter to parents of the year",
    run=letter_batch_run,
    may_follow=can_follow_batch,
    failed=lambda job, error: f"The letters could not be made ({type(error).__name__}).",
    soft_time_limit=900,
    time_limit=960,
)
