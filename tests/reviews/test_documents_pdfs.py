"""The documents a shared review gives, read back from the PDFs the job makes: the report in two
editions (the restricted staffing notes only in the full one) and the letter to parents, which
holds no internal text at all. Sharing has them made through the real job pipeline."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django_scopes import scopes_disabled

from fht.models import Job
from fht.roles import Role
from reviews.hooks import review_shared
from reviews.models import AREAS, Judgement, Review, ReviewDocument, Safeguarding
from reviews.services.documents import DOCUMENTS_JOB_KEY, documents_held
from tests.conftest import World
from tests.pdf import pdf_text
from tests.reviews.matrix_documents import share
from tests.reviews.world import RESTRICTED_WORDS, add_reviews

pytestmark = pytest.mark.django_db
Kind = ReviewDocument.Kind


@pytest.fixture
def rworld(world: World) -> World:
    return add_reviews(world)


def share_and_make(world: World, review: Review, capture: Callable[..., Any]) -> Review:
    """Share the review as the record part does (its state, then the hook, in one transaction),
    and let the job queued on commit run (Celery runs eagerly in tests: the real pipeline)."""
    ceo = world.person(Role.CEO)
    with capture(execute=True), scopes_disabled(), transaction.atomic():
        share(review, by=ceo)
        review_shared(review=review, acting_user=ceo)
    review.refresh_from_db()
    return review


def read(review: Review, kind: str) -> str:
    with scopes_disabled():
        document = ReviewDocument.objects.get(review=review, kind=kind)
        with document.file.open("rb") as handle:
            return " ".join(pdf_text(handle.read()).split())


def test_sharing_has_the_worker_make_the_three_documents(
    rworld: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    review = share_and_make(rworld, rworld.review, django_capture_on_commit_callbacks)
    with scopes_disabled():
        job = Job.objects.get(pk=review.documents_job_id)
        kinds = set(ReviewDocument.objects.filter(review=review).values_list("kind", flat=True))
    assert job.kind == DOCUMENTS_JOB_KEY and job.status == Job.Status.DONE, job.message
    assert job.requested_by == rworld.person(Role.CEO)
    assert kinds == {Kind.REPORT_FULL, Kind.REPORT, Kind.LETTER}


def test_no_job_is_queued_while_documents_are_held(
    rworld: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with documents_held():
        review = share_and_make(rworld, rworld.review, django_capture_on_commit_callbacks)
    with scopes_disabled():
        assert review.documents_job_id is None
        assert not ReviewDocument.objects.filter(review=review).exists()


def test_the_report_holds_the_restricted_notes_only_in_its_full_edition(
    rworld: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    review = share_and_make(rworld, rworld.review, django_capture_on_commit_callbacks)
    full = read(review, Kind.REPORT_FULL)
    standard = read(review, Kind.REPORT)
    for text in (full, standard):
        assert "Alder Primary" in text or rworld.s1.name in text
        assert "2026/27" in text
        assert "9 March 2027 to 10 March 2027" in text
        assert rworld.person(Role.QA_DIRECTOR).full_name in text  # the team
        assert "Head of s3, Head teacher from another school" in text
        assert "Notes on inclusion." in text  # an area's evidence
        assert "Expected standard" in text and "Met" in text  # judgements
        assert "Raise attendance of disadvantaged pupils" in text
        assert "Persistent absence is twice the national figure." in text
        assert "Reading for pleasure across the school" in text
        assert "Every class reads a shared book each day." in text
        unbroken = text.replace("- ", "-")  # a label hyphenated across a table cell's lines
        for area in AREAS:
            if not area.early_years_only:
                assert area.label in unbroken, area.label
    assert RESTRICTED_WORDS in full and "RESTRICTED" in full
    assert RESTRICTED_WORDS not in standard and "RESTRICTED" not in standard
    assert "restricted and are not in this edition" in standard


def test_the_letter_holds_no_internal_text(
    rworld: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with scopes_disabled():
        review = rworld.review
        review.trust_impact = "The trust's finance team rebuilt the budget."
        review.save()
    review = share_and_make(rworld, review, django_capture_on_commit_callbacks)
    letter = read(review, Kind.LETTER)
    # What it says.
    assert rworld.s1.name in letter
    assert "Head teacher of A, the head teacher" in letter  # the school's head, by name
    assert "Executive head teacher of A" not in letter
    assert "Reading for pleasure across the school." in letter
    assert "Raise attendance of disadvantaged pupils." in letter
    assert "CEO of A Chief Executive Officer for Trust A" in letter or (
        "CEO of A" in letter and "Chief Executive Officer" in letter and "for Trust A" in letter
    )
    assert "Dear parents and carers" in letter
    # What it never says.
    for label in [*Judgement.labels, *Safeguarding.labels]:
        assert label not in letter, label
    assert "Notes on" not in letter  # no area's evidence
    assert RESTRICTED_WORDS not in letter and "RESTRICTED" not in letter
    assert "staff" not in letter.lower()  # no staffing matter, not even the word
    assert "Every class reads a shared book each day." not in letter  # no detail
    assert "Persistent absence" not in letter
    assert "budget" not in letter  # the impact of the trust is the report's
    assert "Category" not in letter and "category" not in letter
    for area in AREAS:
        assert area.label not in letter, area.label


def test_the_letter_of_a_plain_review_passes_the_reading_ease_check(
    rworld: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    review = share_and_make(rworld, rworld.review, django_capture_on_commit_callbacks)
    with scopes_disabled():
        letter = ReviewDocument.objects.get(review=review, kind=Kind.LETTER)
    assert letter.reading_ease is not None and letter.reading_ease >= 60
