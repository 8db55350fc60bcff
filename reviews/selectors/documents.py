"""What the documents part shows: a review's documents in the edition the reader may read, and the
bulk letters' page (the trust's years, each year's shared reviews, the batches made)."""

from dataclasses import dataclass

from django.db.models import Count

from reviews.models import LetterBatch, Review, ReviewDocument
from reviews.selectors.access import ReviewAccess
from schools.models import AcademicYear

Kind = ReviewDocument.Kind
SHARED = (Review.Status.SHARED, Review.Status.ACKNOWLEDGED)


def report_kind_for(found: ReviewAccess) -> str:
    """The report's edition this reader may read: the full one only with the restricted notes."""
    return Kind.REPORT_FULL if found.reads_restricted else Kind.REPORT


def document_for(found: ReviewAccess, *, what: str) -> ReviewDocument | None:
    """The stored document ('report' or 'letter') in the reader's edition, or None if not made."""
    kind = report_kind_for(found) if what == "report" else Kind.LETTER
    return ReviewDocument.objects.filter(review=found.review, kind=kind).first()


@dataclass(frozen=True)
class ReviewDocuments:
    report: ReviewDocument | None
    letter: ReviewDocument | None


def documents_for(found: ReviewAccess) -> ReviewDocuments:
    """The reader's edition of the report and the letter (one query)."""
    wanted = {report_kind_for(found), Kind.LETTER}
    rows = {d.kind: d for d in ReviewDocument.objects.filter(review=found.review, kind__in=wanted)}
    return ReviewDocuments(report=rows.get(report_kind_for(found)), letter=rows.get(Kind.LETTER))


def years_with_shared_counts() -> list[tuple[AcademicYear, int]]:
    """The trust's academic years, each with how many of its reviews are shared (two queries)."""
    counts = dict(
        Review.objects.filter(status__in=SHARED)
        .values_list("academic_year")
        .annotate(n=Count("pk"))
        .values_list("academic_year", "n")
    )
    return [(year, counts.get(year.pk, 0)) for year in AcademicYear.objects.order_by("-starts_in")]


def letter_batches() -> list[LetterBatch]:
    """The batches made in the trust, latest first, with their year and job (one query)."""
    return list(
        LetterBatch.objects.select_related("academic_year", "job").order_by("-created_at")[:20]
    )
