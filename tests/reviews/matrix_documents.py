"""Permission-matrix cases for the documents part (reviews/views/documents/), and the shared
reviews with documents that the matrix and the documents' tests use.

Scopes: the matrix world's reviews are drafts, so the documents' pages are walked on a review
SHARED in 2025/26 (made the first time the matrix asks, and kept for the module): 'in' at s1 (its
team: c1's Director of QA), 'out' at s3 (led by the deputy CEO), 'other' at trust B's sb. Each has
its three documents stored (small stand-in files: rendering is tested in test_documents_*.py).

- The documents' page and the downloads: whoever reads the shared review: at s1 everyone who reads
  s1 (the report in their edition); at s3 the trust-wide roles; nobody at sb.
- Making the documents again (POST, answered with a redirect to the documents' page): those who
  write the review: the CEO, the deputy and, at s1, the Director of QA (who plans s1's review).
- The bulk letters' page, a batch's progress and its files: the CEO and the deputy ('in' and
  'out' are the same trust-wide batch; 'other' is trust B's). Its files are stand-ins.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from reviews.models import LetterBatch, Review, ReviewDocument, TeamMember
from schools.models import AcademicYear, School
from tests.conftest import World
from tests.matrix import S1_READERS, TRUST_WIDE, Case

R = Role
PLANNERS = {R.CEO, R.DEPUTY_CEO}
READERS = {"in": S1_READERS, "out": TRUST_WIDE, "other": set()}
WRITERS = {"in": PLANNERS | {R.QA_DIRECTOR}, "out": PLANNERS, "other": set()}
RUNNERS = {"in": PLANNERS, "out": PLANNERS, "other": set()}
STAND_IN = b"%PDF-1.4 stand-in"


def share(review: Review, by: User | None = None) -> Review:
    """Move a review to 'shared' as the record part's sharing does (state and who, when)."""
    with scopes_disabled():
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.SHARED, shared_at=timezone.now(), shared_by=by
        )
        review.refresh_from_db()
    return review


def _year(school: School, starts_in: int) -> AcademicYear:
    year, _ = AcademicYear.objects.get_or_create(trust=school.trust, starts_in=starts_in)
    return year


def shared_review(world: World, scope: str) -> Review:
    """A shared 2025/26 review of the scope's school, with its documents stored."""
    school = {"in": world.s1, "out": world.s3, "other": world.sb}[scope]
    lead = {
        "in": world.person(R.QA_DIRECTOR),
        "out": world.person(R.DEPUTY_CEO),
        "other": world.other_ceo,
    }[scope]
    with scopes_disabled():
        year = _year(school, 2025)
        review = Review.objects.filter(school=school, academic_year=year).first()
        if review is None:
            start = dt.date(2026, 3, 10)
            review = Review.objects.create(
                trust=school.trust,
                school=school,
                academic_year=year,
                starts_on=start,
                ends_on=start + dt.timedelta(days=1),
                status=Review.Status.SHARED,
                shared_at=timezone.now(),
            )
            TeamMember.objects.create(
                trust=school.trust, review=review, person=lead, capacity=TeamMember.Capacity.LEAD
            )
        for kind in ReviewDocument.Kind.values:
            name = f"reviews/matrix/review-{review.pk}-{kind}.pdf"
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(STAND_IN))
            ReviewDocument.objects.update_or_create(
                review=review,
                kind=kind,
                defaults={"trust": school.trust, "file": name, "made_at": timezone.now()},
            )
    return review


def batch_for(world: World, scope: str) -> LetterBatch:
    """A finished batch of letters of trust A ('in', 'out') or B ('other'), its files stored."""
    school = world.sb if scope == "other" else world.s1
    with scopes_disabled():
        year = _year(school, 2025)
        batch = LetterBatch.objects.filter(trust=school.trust, academic_year=year).first()
        if batch is None:
            batch = LetterBatch.objects.create(
                trust=school.trust, academic_year=year, total=1, done=1, finished_at=timezone.now()
            )
        names = {}
        for field, suffix in (("combined", "pdf"), ("per_school", "zip")):
            name = f"reviews/letters/matrix-{batch.pk}.{suffix}"
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(STAND_IN))
            names[field] = name
        LetterBatch.objects.filter(pk=batch.pk).update(**names)
        batch.refresh_from_db()
    return batch


def _review(w: World, scope: str) -> dict[str, object]:
    return {"review_id": shared_review(w, scope).pk}


def _document(w: World, scope: str) -> dict[str, object]:
    return {**_review(w, scope), "what": "report"}


def _batch(w: World, scope: str) -> dict[str, object]:
    return {"batch_id": batch_for(w, scope).pk}


def _batch_file(w: World, scope: str) -> dict[str, object]:
    return {**_batch(w, scope), "what": "letters.zip"}


CASES: dict[str, Case] = {
    "reviews:documents": Case(kwargs=_review, allowed=READERS),
    "reviews:documents_make": Case(kwargs=_review, allowed=WRITERS, method="post", ok=302),
    "reviews:document": Case(kwargs=_document, allowed=READERS),
    "reviews:letters": Case(allowed={"in": PLANNERS}),
    "reviews:letters_batch": Case(kwargs=_batch, allowed=RUNNERS),
    "reviews:letters_file": Case(kwargs=_batch_file, allowed=RUNNERS),
}
