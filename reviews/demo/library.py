"""The library part of the demo (runs last): the effective-practice library filled from the shared
reviews' strengths (as the sharing listener does, through the same service), two entries from QA
visits' strengths, and one key challenge of a shared review made a priority of its school's action
plan, so the link both ways can be seen. Idempotent: building again adds nothing."""

from django.utils import timezone

from fht.models import Trust, User
from fht.roles import Role
from isap.models import Plan
from people.models import RoleAssignment
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SectionKey
from reviews.models import AreaKey, Challenge, PracticeEntry, Review
from reviews.services.challenges import NoPlan, challenge_to_plan, school_head
from reviews.services.library import (
    EntryData,
    practice_entries_from_review,
    practice_entry_from_visit,
)

SHARED = (Review.Status.SHARED, Review.Status.ACKNOWLEDGED)
# What two schools' latest visits found, written as library entries.
FROM_VISITS = (
    (
        "A well-sequenced reading curriculum",
        AreaKey.CURRICULUM,
        "Reading is taught in a clear order from Reception to Year 6, with books matched to the "
        "sounds pupils know. Ask to see the reading spine and the weekly reading-fluency sessions.",
    ),
    (
        "A calm culture for learning",
        AreaKey.ATTENDANCE,
        "Routines are the same in every class: a calm start to the day, clear expectations and "
        "praise that names what pupils did well. Staff new to the school learn them in week one.",
    ),
)


def _director(trust: Trust, school_cluster_id: int | None) -> User | None:
    if school_cluster_id is None:
        return None
    row = (
        RoleAssignment.objects.filter(
            trust=trust, role=Role.QA_DIRECTOR, cluster_id=school_cluster_id, ended_at__isnull=True
        )
        .select_related("person")
        .first()
    )
    return row.person if row is not None else None


def _from_reviews(trust: Trust) -> None:
    for review in Review.objects.filter(trust=trust, status__in=SHARED).order_by("pk"):
        practice_entries_from_review(review=review, acting_user=review.shared_by)


def _from_visits(trust: Trust) -> None:
    if PracticeEntry.objects.filter(trust=trust, source=PracticeEntry.Source.VISIT).exists():
        return
    noted = VisitSection.objects.filter(key=SectionKey.STRENGTHS).exclude(notes="")
    visits = (
        Visit.objects.filter(
            trust=trust, status=Visit.Status.SUBMITTED, sections__in=noted.values("pk")
        )
        .select_related("school")
        .order_by("-visited_on", "pk")
    )
    chosen: list[Visit] = []
    for visit in visits:
        if all(v.school_id != visit.school_id for v in chosen):
            chosen.append(visit)
        if len(chosen) == len(FROM_VISITS):
            break
    for visit, (title, theme, description) in zip(chosen, FROM_VISITS, strict=False):
        by = _director(trust, visit.school.cluster_id) or visit.director
        practice_entry_from_visit(
            visit=visit,
            data=EntryData(
                title=title,
                theme=theme,
                description=description,
                contact=school_head(visit.school_id),
            ),
            acting_user=by,
        )


def _one_challenge_on_a_plan(trust: Trust) -> None:
    if Challenge.objects.filter(trust=trust, priority__isnull=False).exists():
        return
    challenges = Challenge.objects.filter(
        trust=trust, review__status__in=SHARED, priority__isnull=True
    ).select_related("review__school")
    for challenge in challenges.order_by("review__starts_on", "pk"):
        review = challenge.review
        if not Plan.objects.filter(
            school_id=review.school_id, academic_year_id=review.academic_year_id
        ).exists():
            continue
        by = school_head(review.school_id) or review.shared_by
        if by is None:
            continue
        try:
            challenge_to_plan(challenge=challenge, acting_user=by, today=timezone.localdate())
        except NoPlan:
            continue
        return


def build(trust: Trust) -> None:
    _from_reviews(trust)
    _from_visits(trust)
    _one_challenge_on_a_plan(trust)
