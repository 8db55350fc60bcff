"""Permission-matrix cases for the record part's pages (reviews/views/record/).

Scopes: 'in' is the draft review of s1 (tests/reviews/world.py: c1's Director of QA leads it, the
CPD lead is on its team), 'out' the draft review of s3 (the deputy CEO leads it), 'other' trust B's
review of sb. The head's pages (acknowledge, shared with) need a shared review: one of 2025/26 at
s1 ('in'), s3 ('out') and sb ('other'), built on first use (`shared_review`).

- Reading, writing the record and its findings (draft): the team and those who plan the review
  (CEO, deputy, the school's Director of QA). Heads, governors, trustees and the rest: 404.
- Sending for checking and checking: the team only. Sharing: those who plan it.
- Acknowledging and recording when the findings were shared: the school's head (or executive
  head), once shared. The head of s3 holds no role of the matrix's actors: 'out' is 404 for all.
- POSTs are sent empty: an allowed person gets the page back with the messages (400); removing a
  finding without its form is refused with a message and a redirect (302); nothing changes.
"""

import datetime as dt

from django_scopes import scopes_disabled

from fht.roles import Role
from reviews.models import AREAS, Challenge, Review, Strength, TeamMember
from schools.models import AcademicYear
from tests.conftest import World
from tests.matrix import Case
from tests.reviews.world import add_review

R = Role
WRITERS = {"in": {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR, R.CPD_LEAD}, "out": {R.CEO, R.DEPUTY_CEO}}
TEAM = {"in": {R.QA_DIRECTOR, R.CPD_LEAD}, "out": {R.DEPUTY_CEO}}
PLANNERS = {"in": {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR}, "out": {R.CEO, R.DEPUTY_CEO}}
HEADS = {"in": {R.HEAD_TEACHER, R.EXECUTIVE_HEAD}}


def _review(w: World, scope: str) -> Review:
    review = {"in": w.review, "out": w.out_review, "other": w.other_review}[scope]
    assert review is not None
    return review


def _kwargs(w: World, scope: str) -> dict[str, object]:
    return {"review_id": _review(w, scope).pk}


def _strength(w: World, scope: str) -> dict[str, object]:
    review = _review(w, scope)
    with scopes_disabled():
        row = Strength.objects.filter(review=review).first() or Strength.objects.create(
            trust_id=review.trust_id, review=review, title="Matrix strength", theme="curriculum"
        )
    return {"review_id": review.pk, "row_id": row.pk}


def _challenge(w: World, scope: str) -> dict[str, object]:
    review = _review(w, scope)
    with scopes_disabled():
        row = Challenge.objects.filter(review=review).first() or Challenge.objects.create(
            trust_id=review.trust_id, review=review, title="Matrix challenge"
        )
    return {"review_id": review.pk, "row_id": row.pk}


def shared_review(w: World, scope: str) -> Review:
    """A shared review of 2025/26 (last year) at s1, s3 or sb, made on first use."""
    school = {"in": w.s1, "out": w.s3, "other": w.sb}[scope]
    with scopes_disabled():
        year, _ = AcademicYear.objects.get_or_create(trust_id=school.trust_id, starts_in=2025)
        review = Review.objects.filter(school=school, academic_year=year).first()
        if review is not None:
            return review
        lead = w.person(R.QA_DIRECTOR) if scope == "in" else w.other_ceo
        if scope == "out":
            lead = w.person(R.DEPUTY_CEO)
        assert lead is not None
        review = add_review(
            school,
            year,
            team=[(lead, TeamMember.Capacity.LEAD, None)],
            created_by=lead,
            starts_on=dt.date(2026, 3, 10),
        )
        for area in AREAS:
            review.areas.create(
                trust_id=school.trust_id, key=area.key, judgement="", notes="Shared notes."
            )
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.SHARED,
            shared_by=lead,
            shared_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
        )
        review.refresh_from_db()
    return review


def _shared(w: World, scope: str) -> dict[str, object]:
    return {"review_id": shared_review(w, scope).pk}


CASES: dict[str, Case] = {
    "reviews:detail": Case(kwargs=_kwargs, allowed=WRITERS),
    "reviews:history": Case(kwargs=_kwargs, allowed=WRITERS),
    "reviews:record": Case(kwargs=_kwargs, allowed=WRITERS),
    "reviews:record_autosave": Case(kwargs=_kwargs, allowed=WRITERS, method="post", ok=400),
    "reviews:strength_add": Case(kwargs=_kwargs, allowed=WRITERS),
    "reviews:strength_edit": Case(kwargs=_strength, allowed=WRITERS),
    "reviews:strength_remove": Case(kwargs=_strength, allowed=WRITERS, method="post", ok=302),
    "reviews:challenge_add": Case(kwargs=_kwargs, allowed=WRITERS),
    "reviews:challenge_edit": Case(kwargs=_challenge, allowed=WRITERS),
    "reviews:challenge_remove": Case(kwargs=_challenge, allowed=WRITERS, method="post", ok=302),
    "reviews:send_for_check": Case(kwargs=_kwargs, allowed=TEAM, method="post", ok=400),
    "reviews:check": Case(kwargs=_kwargs, allowed=TEAM, method="post", ok=400),
    "reviews:share": Case(kwargs=_kwargs, allowed=PLANNERS, method="post", ok=400),
    "reviews:acknowledge": Case(kwargs=_shared, allowed=HEADS, method="post", ok=400),
    "reviews:shared_with": Case(kwargs=_shared, allowed=HEADS),
}
