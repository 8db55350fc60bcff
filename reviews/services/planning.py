"""Writes of the planning part: planning a school's review (its year, dates and team), changing
the plan, and its schedule of activities.

Each is the transaction boundary and validates everything before writing (a refusal writes
nothing). The rules, with the messages people see:
- one review per school per academic year (`ReviewExists` carries the one there is);
- the days: the last on or after the first, both school days (Monday to Friday) within the
  academic year, and at most MAX_SCHOOL_DAYS school days in all;
- the team: the school's Director of QA leads (the CEO or deputy when its cluster has none);
  the school-improvement and business-and-operations members are people of the trust's central
  team; the peer head is a head of another school of the trust, never the school's own head or
  executive head; nobody takes two places. Anyone else (another trust's person, a forged id) is
  refused like a choice not on the list;
- once the review is shared with the head, its dates, team and schedule stay as they are.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fht.models import User
from reviews.models import Activity, Review, TeamMember
from reviews.selectors.planning import TeamChoices, team_choices
from schools.models import AcademicYear, School

MAX_SCHOOL_DAYS = 5
TEXT_LIMIT = 200
SHARED_MESSAGE = (
    "The review has been shared with the head: its dates, team and schedule can no longer be "
    "changed."
)


class ReviewExists(Exception):
    """The school already has a review in this academic year."""

    def __init__(self, review: Review) -> None:
        super().__init__(f"{review.school} already has a review in {review.academic_year}.")
        self.review = review


@dataclass(frozen=True)
class TeamPlan:
    """The team as chosen: people's ids, checked against who may take each place."""

    lead_id: int | None
    improvement_ids: list[int] = field(default_factory=list)
    business_ids: list[int] = field(default_factory=list)
    peer_head_id: int | None = None


@dataclass(frozen=True)
class ActivityRow:
    """One row of the schedule: a new one (`activity_id` None) or a change to one there is."""

    day: dt.date
    starts_at: dt.time
    what: str
    ends_at: dt.time | None = None
    who: str = ""
    activity_id: int | None = None
    remove: bool = False


def _as(row: Any, user: User | None) -> Any:
    row._history_user = user
    return row


# --- the days --------------------------------------------------------------------------------------


def year_bounds(year: AcademicYear) -> tuple[dt.date, dt.date]:
    return dt.date(year.starts_in, 9, 1), dt.date(year.starts_in + 1, 8, 31)


def school_days(starts_on: dt.date, ends_on: dt.date) -> int:
    span = (ends_on - starts_on).days + 1
    return sum(1 for n in range(span) if (starts_on + dt.timedelta(days=n)).weekday() < 5)


def check_dates(*, year: AcademicYear, starts_on: dt.date, ends_on: dt.date) -> None:
    first, last = year_bounds(year)
    within = f"within the academic year {year} ({first:%-d %B %Y} to {last:%-d %B %Y})"
    errors: dict[str, str] = {}
    if not first <= starts_on <= last:
        errors["starts_on"] = f"The first day must be {within}."
    elif starts_on.weekday() >= 5:
        errors["starts_on"] = f"The first day is a {starts_on:%A}: choose a school day."
    if ends_on < starts_on:
        errors["ends_on"] = "The last day must be the same as the first day or after it."
    elif not first <= ends_on <= last:
        errors["ends_on"] = f"The last day must be {within}."
    elif ends_on.weekday() >= 5:
        errors["ends_on"] = f"The last day is a {ends_on:%A}: choose a school day."
    elif school_days(starts_on, ends_on) > MAX_SCHOOL_DAYS:
        errors["ends_on"] = (
            f"A review lasts at most {MAX_SCHOOL_DAYS} school days (usually two): "
            "choose a last day closer to the first."
        )
    if errors:
        raise ValidationError(errors)


# --- the team --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    person: User
    capacity: TeamMember.Capacity
    from_school: School | None = None


def _members(choices: TeamChoices, ids: list[int], what: str) -> tuple[list[User], str | None]:
    people: list[User] = []
    for person_id in dict.fromkeys(ids):
        person = choices.member(person_id)
        if person is None:
            if choices.is_own_head(person_id):
                return [], "The school's own head cannot review it."
            return [], f"Choose the {what} from the list: only the trust's central team can join."
        people.append(person)
    return people, None


def _lead(choices: TeamChoices, lead_id: int | None) -> tuple[User | None, str | None]:
    if lead_id is None:
        return None, "Choose who leads the review (the school's Director of QA)."
    lead = choices.lead(lead_id)
    if lead is not None:
        return lead, None
    if choices.directors:
        names = " or ".join(p.full_name for p in choices.directors)
        return None, f"The school's Director of QA leads the review: choose {names}."
    return None, "Choose who leads the review from the list."


def _peer(choices: TeamChoices, head_id: int | None) -> tuple[Place | None, str | None]:
    if head_id is None:
        return None, None
    if choices.is_own_head(head_id):
        return None, (
            "The school's own head (or executive head) cannot review it: choose a head "
            "teacher from another school of the trust."
        )
    head = choices.peer_head(head_id)
    if head is None:
        return None, "Choose a head teacher of another school of the trust from the list."
    return Place(head.person, TeamMember.Capacity.PEER_HEAD, head.school), None


def check_team(*, school: School, team: TeamPlan) -> list[Place]:
    """The team's places, or a ValidationError naming each field that breaks a rule."""
    choices = team_choices(school=school)
    errors: dict[str, str] = {}
    lead, message = _lead(choices, team.lead_id)
    if message:
        errors["lead"] = message
    improvement, message = _members(
        choices, team.improvement_ids, "school-improvement team's members"
    )
    if message:
        errors["improvement"] = message
    business, message = _members(
        choices, team.business_ids, "business and operations team's members"
    )
    if message:
        errors["business"] = message
    peer, message = _peer(choices, team.peer_head_id)
    if message:
        errors["peer_head"] = message
    if errors:
        raise ValidationError(errors)
    places = [Place(lead, TeamMember.Capacity.LEAD)] if lead else []
    places += [Place(p, TeamMember.Capacity.SCHOOL_IMPROVEMENT) for p in improvement]
    places += [Place(p, TeamMember.Capacity.BUSINESS) for p in business]
    places += [peer] if peer else []
    _nobody_twice(places)
    return places


_FIELD_OF = {
    TeamMember.Capacity.LEAD: "lead",
    TeamMember.Capacity.SCHOOL_IMPROVEMENT: "improvement",
    TeamMember.Capacity.BUSINESS: "business",
    TeamMember.Capacity.PEER_HEAD: "peer_head",
}


def _nobody_twice(places: list[Place]) -> None:
    seen: dict[int, Place] = {}
    for place in places:
        first = seen.setdefault(place.person.pk, place)
        if first is not place:
            raise ValidationError(
                {
                    _FIELD_OF[place.capacity]: (
                        f"{place.person.full_name} is already on the team "
                        f"({first.capacity.label}): each person takes one place."
                    )
                }
            )


def _save_team(review: Review, places: list[Place], user: User) -> None:
    """Keep the places that stay, remove the others and add the new ones (history keeps all)."""
    wanted = {(p.person.pk, p.capacity.value): p for p in places}
    for member in TeamMember.objects.filter(review=review):
        if (member.person_id, member.capacity) in wanted:
            wanted.pop((member.person_id, member.capacity))
        else:
            _as(member, user).delete()
    for place in wanted.values():
        member = TeamMember(
            trust_id=review.trust_id,
            review=review,
            person=place.person,
            capacity=place.capacity,
            from_school=place.from_school,
        )
        _as(member, user).save()


# --- planning and changing a review ----------------------------------------------------------------


def review_plan(
    *,
    school: School,
    academic_year: AcademicYear,
    starts_on: dt.date,
    ends_on: dt.date,
    team: TeamPlan,
    acting_user: User,
) -> Review:
    """Plan the school's review of the year: its days and team. Raises ReviewExists when the
    school has one in that year, ValidationError when a rule is broken."""
    if academic_year.trust_id != school.trust_id:
        raise ValidationError({"academic_year": "Choose an academic year from the list."})
    existing = Review.objects.filter(school=school, academic_year=academic_year).first()
    if existing is not None:
        raise ReviewExists(existing)
    check_dates(year=academic_year, starts_on=starts_on, ends_on=ends_on)
    places = check_team(school=school, team=team)
    review = Review(
        trust_id=school.trust_id,
        school=school,
        academic_year=academic_year,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=acting_user,
    )
    try:
        with transaction.atomic(durable=True):
            _as(review, acting_user).save()
            _save_team(review, places, acting_user)
    except IntegrityError:  # planned by someone else a moment ago
        found = Review.objects.filter(school=school, academic_year=academic_year).first()
        if found is None:
            raise
        raise ReviewExists(found) from None
    return review


def _locked(review: Review) -> Review:
    locked = Review.objects.select_for_update().select_related("school").get(pk=review.pk)
    if locked.is_shared:
        raise ValidationError(SHARED_MESSAGE)
    return locked


def _move_schedule(locked: Review, starts_on: dt.date, ends_on: dt.date, user: User) -> None:
    """The schedule moves with the first day; an activity that would fall after the last day
    refuses the change."""
    shift = starts_on - locked.starts_on
    activities = list(Activity.objects.filter(review=locked))
    outside = [a for a in activities if not starts_on <= a.day + shift <= ends_on]
    if outside:
        days = ", ".join(sorted({f"{a.day:%-d %B}" for a in outside}))
        raise ValidationError(
            {
                "ends_on": (
                    f"The schedule has activities on {days} that would fall outside the new "
                    "days: change or remove them in the schedule first."
                )
            }
        )
    if shift:
        for activity in activities:
            activity.day += shift
            _as(activity, user).save(update_fields=["day"])


def review_plan_change(
    *,
    review: Review,
    starts_on: dt.date,
    ends_on: dt.date,
    team: TeamPlan,
    acting_user: User,
) -> Review:
    """Change the review's days and team (not once it is shared). The schedule moves with the
    first day."""
    if review.is_shared:
        raise ValidationError(SHARED_MESSAGE)
    check_dates(year=review.academic_year, starts_on=starts_on, ends_on=ends_on)
    places = check_team(school=review.school, team=team)
    with transaction.atomic(durable=True):
        locked = _locked(review)
        _move_schedule(locked, starts_on, ends_on, acting_user)
        locked.starts_on, locked.ends_on = starts_on, ends_on
        _as(locked, acting_user).save(update_fields=["starts_on", "ends_on"])
        _save_team(locked, places, acting_user)
    review.starts_on, review.ends_on = starts_on, ends_on
    return review


# --- the schedule ----------------------------------------------------------------------------------


def _check_row(review: Review, row: ActivityRow, number: int) -> None:
    where = f"Row {number}"
    if not review.starts_on <= row.day <= review.ends_on:
        raise ValidationError(f"{where}: choose one of the review's days.")
    if row.ends_at is not None and row.ends_at <= row.starts_at:
        raise ValidationError(f"{where}: the end time must be after the start time.")
    what = row.what.strip()
    if not what:
        raise ValidationError(f"{where}: enter what happens.")
    if len(what) > TEXT_LIMIT or len(row.who.strip()) > TEXT_LIMIT:
        raise ValidationError(f"{where}: keep each text to {TEXT_LIMIT} characters or fewer.")


def review_schedule_save(
    *, review: Review, rows: list[ActivityRow], acting_user: User
) -> list[Activity]:
    """Add, change and remove the schedule's rows at once (not once the review is shared)."""
    if review.is_shared:
        raise ValidationError(SHARED_MESSAGE)
    with transaction.atomic(durable=True):
        locked = _locked(review)
        existing = {a.pk: a for a in Activity.objects.filter(review=locked)}
        for number, row in enumerate(rows, start=1):
            if row.activity_id is not None and row.activity_id not in existing:
                raise ValidationError(
                    f"Row {number} is not part of this schedule: reload the page."
                )
            if not row.remove:
                _check_row(locked, row, number)
        for row in rows:
            _apply_row(locked, row, existing, acting_user)
    return list(Activity.objects.filter(review=review).order_by("day", "starts_at", "pk"))


def _apply_row(review: Review, row: ActivityRow, existing: dict[int, Activity], user: User) -> None:
    activity = existing.get(row.activity_id) if row.activity_id is not None else None
    if row.remove:
        if activity is not None:
            _as(activity, user).delete()
        return
    if activity is None:
        activity = Activity(trust_id=review.trust_id, review=review)
    values = {
        "day": row.day,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "what": row.what.strip(),
        "who": row.who.strip(),
    }
    if activity.pk is not None and all(getattr(activity, k) == v for k, v in values.items()):
        return  # unchanged: no new line in its history
    for name, value in values.items():
        setattr(activity, name, value)
    _as(activity, user).save()
