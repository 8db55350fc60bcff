"""The record part's demo: every review whose days are past (planned by the planning part's
builder, which runs first) gets its record written by its team, with varied judgements, evidence
in every area (the staffing notes restricted), two or three strengths and challenges in plain
words, and the impact of the trust. All but the latest are then sent for checking, checked by a
second reviewer and shared; every third is acknowledged by its head, with the days the key
findings were shared. The latest stays in draft, so the demo shows one being written.

Sharing here does not call the shared listeners (`review_share(listeners=False)`): no PDF is made
while the demo loads; the documents part decides how the demo's documents are made.
Idempotent: a review already written is not written again; one past draft is not moved on.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from fht.models import Trust, User
from fht.roles import Role
from people.models import RoleAssignment
from reviews.models import (
    AREAS,
    AreaKey,
    AreaRecord,
    Challenge,
    Judgement,
    Review,
    Safeguarding,
    Strength,
    TeamMember,
)
from reviews.selectors.record import NOT_APPLICABLE, has_early_years
from reviews.services import record as services

NOTES = {
    AreaKey.INCLUSION: "Pupils with SEND are known well; plans are reviewed each term with "
    "families. Adaptations in lessons were seen in most classes.",
    AreaKey.CURRICULUM: "The curriculum is well sequenced in English and maths. Foundation "
    "subjects are less consistent: pupils recall less in history and geography.",
    AreaKey.ACHIEVEMENT: "Outcomes in reading are above the national figure. Writing at the "
    "expected standard remains below, most of all for disadvantaged pupils.",
    AreaKey.ATTENDANCE: "Behaviour around the school is calm and kind. Persistent absence has "
    "fallen but is still above the national figure.",
    AreaKey.PERSONAL_DEVELOPMENT: "Pupils take on roles of responsibility; clubs are well "
    "attended. Pupils talk confidently about keeping safe online.",
    AreaKey.LEADERSHIP: "Leaders know the school's strengths and weaknesses. Governors ask "
    "searching questions about the progress of disadvantaged pupils.",
    AreaKey.EARLY_YEARS: "Children settle quickly; the environment promotes talk. Phonics starts "
    "early and is well matched to what children know.",
    AreaKey.SAFEGUARDING: "The single central record is complete. Staff know how to report "
    "concerns and actions are followed up promptly.",
    AreaKey.FINANCE: "The budget is balanced with a small reserve. Spending on supply staff is "
    "higher than similar schools.",
    AreaKey.STAFFING: "Restricted: two teachers are on support plans; the office restructure "
    "consultation closes next month.",
    AreaKey.ESTATES: "The roof of the hall needs replacing within two years; a bid has been "
    "made to the condition fund.",
    AreaKey.HEALTH_SAFETY: "Risk assessments are current. Fire drills are logged each term.",
}
JUDGEMENTS = [
    Judgement.STRONG,
    Judgement.EXPECTED,
    Judgement.EXPECTED,
    Judgement.EXCEPTIONAL,
    Judgement.NEEDS_ATTENTION,
    Judgement.EXPECTED,
    Judgement.STRONG,
]
STRENGTHS = [
    ("Children love reading and read every day", AreaKey.CURRICULUM),
    ("Pupils behave well and are kind to each other", AreaKey.ATTENDANCE),
    ("Pupils with extra needs get the help they need", AreaKey.INCLUSION),
    ("There are lots of clubs and trips for every child", AreaKey.PERSONAL_DEVELOPMENT),
    ("The youngest children settle in quickly and happily", AreaKey.EARLY_YEARS),
    ("Leaders and governors know the school well", AreaKey.LEADERSHIP),
]
CHALLENGES = [
    "Help more children to write well",
    "Make sure every child comes to school every day",
    "Help children remember more of what they learn in history and geography",
    "Give children more chances to use maths in real life",
    "Keep improving how the school tells parents about learning",
]
IMPACT = (
    "The trust's English lead has trained every teacher in the reading programme, and the "
    "school's business manager now works with the trust's finance team each month. Leaders say "
    "the network of heads has helped them to plan the curriculum."
)


def build(trust: Trust) -> None:
    today = timezone.localdate()
    past = list(
        Review.objects.filter(trust=trust, ends_on__lt=today)
        .select_related("school")
        .order_by("starts_on", "pk")
    )
    if not past:
        return
    keep = past[-1]
    for index, review in enumerate(past):
        if review.status != Review.Status.DRAFT:
            continue
        team = list(TeamMember.objects.filter(review=review).select_related("person"))
        if not team:
            continue
        lead = next((m.person for m in team if m.capacity == TeamMember.Capacity.LEAD), None)
        lead = lead or team[0].person
        _write(review, index, lead, _head(trust, review))
        if review.pk != keep.pk:
            _advance(trust, review, index, team, lead, today)


def _head(trust: Trust, review: Review) -> User | None:
    row = (
        RoleAssignment.objects.filter(
            trust=trust,
            school=review.school,
            role__in=[Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD],
            ended_at__isnull=True,
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return row.person if row else None


def _write(review: Review, index: int, lead: User, head: User | None) -> None:
    if AreaRecord.objects.filter(review=review).exclude(judgement="").exists():
        return
    early_years = has_early_years(review.school)
    for number, area in enumerate(AREAS):
        if area.early_years_only and not early_years:
            continue
        if area.key == AreaKey.SAFEGUARDING:
            judgement = Safeguarding.MET.value
        elif area.early_years_only and review.school.phase == "special" and index % 2:
            judgement = NOT_APPLICABLE
        else:
            judgement = JUDGEMENTS[(index + number) % len(JUDGEMENTS)].value
        record = AreaRecord.objects.filter(review=review, key=area.key).first() or AreaRecord(
            trust_id=review.trust_id, review=review, key=area.key
        )
        record.judgement = judgement
        record.notes = NOTES[area.key]
        record._history_user = lead  # type: ignore[attr-defined]
        record.save()
    if not Strength.objects.filter(review=review).exists():
        for title, theme in _pick(STRENGTHS, index, 2 + index % 2):
            if theme == AreaKey.EARLY_YEARS and not early_years:
                theme = AreaKey.CURRICULUM
            strength = Strength(
                trust_id=review.trust_id,
                review=review,
                title=title,
                detail="Seen across the school during the review days.",
                theme=theme,
                contact=head,
            )
            strength._history_user = lead  # type: ignore[attr-defined]
            strength.save()
    if not Challenge.objects.filter(review=review).exists():
        for title in _pick(CHALLENGES, index, 3 - index % 2):
            challenge = Challenge(
                trust_id=review.trust_id,
                review=review,
                title=title,
                detail="A priority for the school's improvement plan next year.",
            )
            challenge._history_user = lead  # type: ignore[attr-defined]
            challenge.save()
    if not review.trust_impact:
        review.trust_impact = IMPACT
        review._history_user = lead  # type: ignore[attr-defined]
        review.save(update_fields=["trust_impact"])


def _pick[T](items: list[T], index: int, count: int) -> list[T]:
    return [items[(index + step) % len(items)] for step in range(count)]


def _advance(
    trust: Trust,
    review: Review,
    index: int,
    team: list[TeamMember],
    lead: User,
    today: dt.date,
) -> None:
    """Send, check and share the review (and acknowledge every third) through the services, then
    date each step a few days after the review, as it would have happened."""
    checker = next((m.person for m in team if m.person.pk != lead.pk), None)
    ceo = (
        RoleAssignment.objects.filter(trust=trust, role=Role.CEO, ended_at__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    head = _head(trust, review)
    sharer = ceo.person if ceo else lead
    acknowledged = index % 3 == 0 and head is not None
    try:
        if checker is None:
            raise ValidationError("No second reviewer on the team.")
        review = services.review_send_for_check(review=review, acting_user=lead)
        review = services.review_check(review=review, acting_user=checker)
        review = services.review_share(review=review, acting_user=sharer, listeners=False)
        if acknowledged:
            assert head is not None
            review = services.review_acknowledge(review=review, acting_user=head)
    except ValidationError:
        # A team the services would not let through (one reviewer, no head with the role): the
        # demo still shows one review in draft only, so it sets the state as it would have been.
        review = _forced(
            review,
            lead=lead,
            checker=checker or lead,
            sharer=sharer,
            head=head if acknowledged else None,
        )
        acknowledged = review.status == Review.Status.ACKNOWLEDGED
    now = timezone.now()

    def moment(days: int) -> dt.datetime:
        return min(
            now,
            timezone.make_aware(dt.datetime.combine(review.ends_on, dt.time(16)))
            + dt.timedelta(days=days),
        )

    def day(days: int) -> dt.date:
        return min(today, review.ends_on + dt.timedelta(days=days))

    dates: dict[str, object] = {"checked_at": moment(3), "shared_at": moment(6)}
    if acknowledged:
        dates |= {
            "acknowledged_at": moment(9),
            "shared_with_staff_on": day(10),
            "shared_with_governors_on": day(20),
            "shared_with_children_on": day(12) if index % 2 == 0 else None,
        }
    Review.objects.filter(pk=review.pk).update(**dates)


def _forced(
    review: Review, *, lead: User, checker: User, sharer: User, head: User | None
) -> Review:
    review = Review.objects.get(pk=review.pk)
    review.status = Review.Status.ACKNOWLEDGED if head else Review.Status.SHARED
    review.sent_for_check_by = lead
    review.checked_by = checker
    review.shared_by = sharer
    review.acknowledged_by = head
    review.version += 1
    review._history_user = sharer  # type: ignore[attr-defined]
    review.save()
    return review
