"""The planning part of the reviews demo: what it builds, for the builders that run after it.

For each demo trust's open schools (by name), in the current academic year (the one today falls
in):
- every school but the last two by name (the last one only, in a trust of three to five schools;
  none in a smaller trust) gets a two-day review, Tuesday and Wednesday in term time (within one
  of the year's half-terms), left in draft;
- the last two of those reviews (one where fewer than six are planned, none under three) are in
  the future (two and four weeks ahead, at the earliest); the others' days are past, spread from the second week of the
  year until a week or so ago;
- each team: the cluster's Director of QA leads (the CEO when the cluster has none), the CPD lead
  (or another of the central team) is on the school-improvement team, the trust administrator (or
  another) on the business-and-operations team, and a head of another school of the trust is the
  peer head; each review has a schedule of nine activities over its two days.
The schools left without a review show the 'No review planned' flag on the trust's list.

In the previous academic year, the first three schools by name get a review (from March), planned in
the same way and left in draft: the record part fills and shares it, so the list and the school
page show a 'last review'.

Idempotent: a school that already has a review in a year is left alone, so running it again
changes nothing. Days count from today (schools.years.academic_year_for).
"""

import datetime as dt

from django.utils import timezone

from fht.models import Trust, User
from fht.roles import Role
from people.models import RoleAssignment
from reviews.models import Review
from reviews.selectors.planning import TeamChoices, team_choices
from reviews.services.planning import ActivityRow, TeamPlan, review_plan, review_schedule_save
from schools.models import AcademicYear, HalfTerm, School
from schools.years import academic_year_for

TUESDAY = 1
LAST_YEAR_SCHOOLS = 3
SCHEDULE = [
    (0, "08:30", "09:00", "Meeting with the head teacher", "Head teacher"),
    (0, "09:15", "10:45", "Learning walk: reading and phonics", "English lead"),
    (0, "11:00", "11:45", "Pupil voice: Years 2, 4 and 6", "School council"),
    (0, "13:30", "15:00", "Work sampling in mathematics", "Mathematics lead"),
    (0, "15:30", "16:30", "Review team: first findings", ""),
    (1, "09:00", "10:30", "Lessons in Early Years and Key Stage 1", "Early years lead"),
    (1, "11:00", "12:00", "Meeting with governors", "Chair of governors"),
    (
        1,
        "13:30",
        "14:30",
        "Business and operations: finance, estates, health and safety",
        "School business manager",
    ),
    (1, "15:00", "16:00", "Feedback to the head teacher", "Head teacher"),
]


def _tuesday_from(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(TUESDAY - day.weekday()) % 7)


def _in_term(day: dt.date, terms: list[tuple[dt.date, dt.date]]) -> dt.date:
    """The first Tuesday on or after `day` whose Wednesday is in the same half-term (the day
    itself when the year has no half-terms)."""
    day = _tuesday_from(day)
    for starts, ends in terms:
        first = _tuesday_from(max(day, starts))
        if first + dt.timedelta(days=1) <= ends:
            return first
    return day


def _terms(year: AcademicYear) -> list[tuple[dt.date, dt.date]]:
    rows = HalfTerm.objects.filter(academic_year=year).order_by("starts_on")
    return [(t.starts_on, t.ends_on) for t in rows]


def _days(count: int, future: int, year: AcademicYear, today: dt.date) -> list[dt.date]:
    """The first days of `count` reviews, in term time: the last `future` of them ahead of today,
    the others spread from the second week of the year until a week or so ago (or, early in the
    year, ahead too)."""
    terms = _terms(year)
    first = _in_term(dt.date(year.starts_in, 9, 8), terms)
    past = count - future
    latest = today - dt.timedelta(days=9)
    span = max((latest - first).days, 0)
    days = []
    for n in range(past):
        day = _in_term(first + dt.timedelta(days=span * n // max(past, 1)), terms)
        if day > latest:
            day = _in_term(today + dt.timedelta(days=35 + 7 * n), terms)
        days.append(day)
    days += [_in_term(today + dt.timedelta(days=14 * (n + 1)), terms) for n in range(future)]
    for n in range(1, len(days)):  # one review a week: no two on the same days
        if days[n] <= days[n - 1]:
            days[n] = _in_term(days[n - 1] + dt.timedelta(days=7), terms)
    last_day = _tuesday_from(dt.date(year.starts_in + 1, 7, 13))
    return [min(day, last_day) for day in days]


def _holder(trust: Trust, role: Role) -> User | None:
    row = (
        RoleAssignment.objects.filter(trust=trust, role=role, ended_at__isnull=True)
        .select_related("person")
        .order_by("starts_on", "pk")
        .first()
    )
    return row.person if row is not None else None


def _team(trust: Trust, choices: TeamChoices, turn: int) -> TeamPlan | None:
    if not choices.leads:
        return None
    lead = choices.leads[0]
    others = [p for p in choices.members if p.pk != lead.pk]

    def pick(role: Role, exclude: set[int]) -> list[int]:
        holder = _holder(trust, role)
        if holder is not None and holder.pk in {p.pk for p in others} - exclude:
            return [holder.pk]
        rest = [p.pk for p in others if p.pk not in exclude]
        return rest[:1]

    improvement = pick(Role.CPD_LEAD, set())
    business = pick(Role.TRUST_ADMIN, set(improvement))
    heads = choices.peer_heads
    return TeamPlan(
        lead_id=lead.pk,
        improvement_ids=improvement,
        business_ids=business,
        peer_head_id=heads[turn % len(heads)].person.pk if heads else None,
    )


def _plan(trust: Trust, school: School, year: AcademicYear, starts_on: dt.date, turn: int) -> None:
    if Review.objects.filter(school=school, academic_year=year).exists():
        return
    choices = team_choices(school=school)
    team = _team(trust, choices, turn)
    if team is None or team.lead_id is None:
        return
    lead = next(p for p in choices.leads if p.pk == team.lead_id)
    review = review_plan(
        school=school,
        academic_year=year,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=1),
        team=team,
        acting_user=lead,
    )
    rows = [
        ActivityRow(
            day=starts_on + dt.timedelta(days=day),
            starts_at=dt.time.fromisoformat(start),
            ends_at=dt.time.fromisoformat(end),
            what=what,
            who=who,
        )
        for day, start, end, what, who in SCHEDULE
    ]
    review_schedule_save(review=review, rows=rows, acting_user=lead)


def _without_review(count: int) -> int:
    if count >= 6:
        return 2
    return 1 if count >= 3 else 0


def build(trust: Trust) -> None:
    today = timezone.localdate()
    year = academic_year_for(trust_id=trust.pk, on=today)
    if year is None:
        return
    schools = list(
        School.objects.filter(trust=trust, closed_on__isnull=True).order_by("name", "pk")
    )
    planned = schools[: len(schools) - _without_review(len(schools))]
    future = min(2, len(planned) // 3) if len(planned) > 1 else 0
    for turn, (school, day) in enumerate(
        zip(planned, _days(len(planned), future, year, today), strict=True)
    ):
        _plan(trust, school, year, day, turn)
    before = AcademicYear.objects.filter(trust=trust, starts_in=year.starts_in - 1).first()
    if before is None:
        return
    terms = _terms(before)
    march = dt.date(before.starts_in + 1, 3, 3)
    for turn, school in enumerate(schools[:LAST_YEAR_SCHOOLS]):
        day = _in_term(march + dt.timedelta(days=7 * turn), terms)
        _plan(trust, school, before, day, turn + 1)
