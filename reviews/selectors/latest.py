"""The latest shared partnership review of each school, for the risk meeting's 'partnership review'
criterion: its dates and each area's judgement in words (safeguarding met or not met), never the
notes, and nothing of a restricted area (staffing), whose judgement the standard edition of the
meeting's pack must not hold either. A fixed number of queries whatever the number of schools."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from reviews.models import AREAS, AreaRecord, Review

SHARED = (Review.Status.SHARED, Review.Status.ACKNOWLEDGED)
_LABELS = {area.key.value: area.label for area in AREAS}
_SCALES = {area.key.value: area.scale for area in AREAS}
_ORDER = {area.key.value: n for n, area in enumerate(AREAS)}
_RESTRICTED = [area.key.value for area in AREAS if area.restricted]


@dataclass(frozen=True)
class AreaJudgement:
    key: str
    label: str
    judgement: str  # in words: 'Strong standard', 'Met'...


@dataclass(frozen=True)
class LatestReview:
    review_id: int
    starts_on: dt.date
    ends_on: dt.date
    shared_at: dt.datetime | None
    judgements: list[AreaJudgement]


def _in_words(key: str, value: str) -> str:
    scale = _SCALES.get(key)
    if scale is None or value not in scale.values:
        return value
    return str(scale(value).label)


def latest_shared_reviews(school_ids: list[int]) -> dict[int, LatestReview]:
    """Each school's latest shared (or acknowledged) review with its areas' judgements, in the
    order of AREAS; areas left without a judgement are left out (two queries)."""
    if not school_ids:
        return {}
    latest = Subquery(
        Review.objects.filter(school_id=OuterRef("school_id"), status__in=SHARED)
        .order_by("-starts_on", "-pk")
        .values("pk")[:1]
    )
    reviews = {
        r.pk: r
        for r in Review.objects.filter(school_id__in=school_ids, status__in=SHARED, pk=latest)
    }
    areas: dict[int, list[AreaJudgement]] = {pk: [] for pk in reviews}
    rows = (
        AreaRecord.objects.filter(review_id__in=list(reviews))
        .exclude(judgement="")
        .exclude(key__in=_RESTRICTED)
        .values_list("review_id", "key", "judgement")
    )
    for review_id, key, judgement in sorted(rows, key=lambda r: (r[0], _ORDER.get(r[1], 99))):
        label = _LABELS.get(key, key)
        areas[review_id].append(AreaJudgement(key, label, _in_words(key, judgement)))
    return {
        r.school_id: LatestReview(
            review_id=r.pk,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            shared_at=r.shared_at,
            judgements=areas[r.pk],
        )
        for r in reviews.values()
    }
