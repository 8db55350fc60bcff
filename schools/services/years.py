"""Academic years and their half-terms: the default English calendar, and the trust's changes."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.dateformat import format as date_format

from fht.models import Trust, User
from schools.models import (
    AcademicYear,
    HalfTerm,
)

_MONDAY, _FRIDAY = 0, 4
_WEEK = dt.timedelta(weeks=1)


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _friday_nearest(day: dt.date) -> dt.date:
    after = _weekday_on_or_after(day, _FRIDAY)
    return after if (after - day).days <= 3 else after - _WEEK


def _after_a_week_off(last_day: dt.date) -> dt.date:
    """The Monday after a week's holiday, when `last_day` is a Friday."""
    return last_day + dt.timedelta(days=10)


def default_half_terms(starts_in: int) -> list[tuple[dt.date, dt.date]]:
    """English default dates for the academic year starting in September of `starts_in`.

    A fixed rule, close to most local authorities' calendars (no Easter computation):
    - Autumn 1: the first Monday on or after 1 September, for seven weeks (to a Friday);
    - Autumn 2: after a week of half-term, to the Friday before the week of Christmas Day;
    - Spring 1: the first Monday on or after 2 January, for six weeks;
    - Spring 2: after a week of half-term, to the last Friday of March;
    - Summer 1: the second Monday of April, to the Friday before the late-May bank holiday
      (the last Monday of May);
    - Summer 2: the Monday after that half-term week, to the Friday nearest 21 July.
    The trust corrects the dates to its own calendar afterwards.
    """
    year, next_year = starts_in, starts_in + 1
    autumn_1 = _weekday_on_or_after(dt.date(year, 9, 1), _MONDAY)
    christmas_week = _weekday_on_or_before(dt.date(year, 12, 25), _MONDAY)
    spring_1 = _weekday_on_or_after(dt.date(next_year, 1, 2), _MONDAY)
    summer_1 = _weekday_on_or_after(dt.date(next_year, 4, 1), _MONDAY) + _WEEK
    late_may_holiday = _weekday_on_or_before(dt.date(next_year, 5, 31), _MONDAY)
    autumn_1_ends = autumn_1 + 7 * _WEEK - dt.timedelta(days=3)
    spring_1_ends = spring_1 + 6 * _WEEK - dt.timedelta(days=3)
    return [
        (autumn_1, autumn_1_ends),
        (_after_a_week_off(autumn_1_ends), christmas_week - dt.timedelta(days=3)),
        (spring_1, spring_1_ends),
        (
            _after_a_week_off(spring_1_ends),
            _weekday_on_or_before(dt.date(next_year, 3, 31), _FRIDAY),
        ),
        (summer_1, late_may_holiday - dt.timedelta(days=3)),
        (late_may_holiday + _WEEK, _friday_nearest(dt.date(next_year, 7, 21))),
    ]


def _year_free_check(*, trust: Trust, starts_in: int) -> None:
    if AcademicYear.objects.filter(trust=trust, starts_in=starts_in).exists():
        name = str(AcademicYear(starts_in=starts_in))
        raise ValidationError({"starts_in": f"The academic year {name} has already been added."})


def academic_year_create(*, trust: Trust, starts_in: int, acting_user: User | None) -> AcademicYear:
    """Add an academic year with its six half-terms on the English default dates."""
    year = AcademicYear(trust=trust, starts_in=starts_in)
    try:
        with transaction.atomic(durable=True):
            _year_free_check(trust=trust, starts_in=starts_in)
            year.full_clean(validate_constraints=False)
            year._history_user = acting_user  # type: ignore[attr-defined]
            year.save()
            names = list(HalfTerm.Name)
            for number, (starts_on, ends_on) in enumerate(default_half_terms(starts_in), start=1):
                half_term = HalfTerm(
                    trust=trust,
                    academic_year=year,
                    number=number,
                    name=names[number - 1],
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
                half_term._history_user = acting_user  # type: ignore[attr-defined]
                half_term.save()
    except IntegrityError:
        # Another request added the same year between the check and the insert.
        _year_free_check(trust=trust, starts_in=starts_in)
        raise
    return year


def _long(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _half_term_errors(
    year: AcademicYear, dates: dict[int, tuple[dt.date, dt.date]]
) -> dict[str, list[str]]:
    """What is wrong with the dates, keyed `starts_on_<number>` or `ends_on_<number>`."""
    first_day, last_day = dt.date(year.starts_in, 8, 1), dt.date(year.starts_in + 1, 8, 31)
    errors: dict[str, list[str]] = {}
    previous: tuple[str, dt.date] | None = None
    for number, name in enumerate(HalfTerm.Name.labels, start=1):
        starts_on, ends_on = dates[number]
        start_key, end_key = f"starts_on_{number}", f"ends_on_{number}"
        if starts_on < first_day:
            errors.setdefault(start_key, []).append(
                f"{name} must start on or after {_long(first_day)}."
            )
        if ends_on > last_day:
            errors.setdefault(end_key, []).append(f"{name} must end by {_long(last_day)}.")
        if ends_on <= starts_on:
            errors.setdefault(end_key, []).append(f"{name} must end after it starts.")
        if previous is not None and starts_on <= previous[1]:
            errors.setdefault(start_key, []).append(
                f"{name} must start after {previous[0]} ends ({_long(previous[1])})."
            )
        previous = (name, ends_on)
    return errors


def half_terms_update(
    *,
    academic_year: AcademicYear,
    dates: dict[int, tuple[dt.date, dt.date]],
    acting_user: User | None,
) -> AcademicYear:
    """Set the first and last day of each of the six half-terms, all or nothing.

    `dates` maps each number 1-6 to (first day, last day). Refusals are keyed by the form's
    fields, `starts_on_<number>` and `ends_on_<number>`. An unchanged half-term gets no history row.
    """
    if set(dates) != set(range(1, 7)):
        raise ValueError("half_terms_update needs the dates of all six half-terms")
    errors = _half_term_errors(academic_year, dates)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        locked = AcademicYear.objects.select_for_update().get(
            pk=academic_year.pk, trust_id=academic_year.trust_id
        )
        for half_term in HalfTerm.objects.filter(trust_id=locked.trust_id, academic_year=locked):
            starts_on, ends_on = dates[half_term.number]
            if (half_term.starts_on, half_term.ends_on) == (starts_on, ends_on):
                continue
            half_term.starts_on, half_term.ends_on = starts_on, ends_on
            half_term._history_user = acting_user  # type: ignore[attr-defined]
            half_term.save(update_fields=["starts_on", "ends_on"])
    return locked
