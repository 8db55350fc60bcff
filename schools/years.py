"""Reads of the trust's academic calendar, for every app: which year a date falls in, and the
years a year field offers."""

import datetime as dt

from django.db.models import Min, QuerySet

from schools.models import AcademicYear


def academic_year_for(*, trust_id: int, on: dt.date) -> AcademicYear | None:
    """The trust's academic year a date falls in (one query).

    A year runs from its first half-term's first day (or 1 September) until the next year starts
    (or 31 August): holidays between half-terms belong to the year around them.
    """
    years = list(
        AcademicYear.objects.filter(trust_id=trust_id, starts_in__in=[on.year - 1, on.year])
        .annotate(first_day=Min("half_terms__starts_on"))
        .order_by("-starts_in")
    )
    for year in years:  # the later year first: it wins once its first half-term has begun
        starts = year.first_day or dt.date(year.starts_in, 9, 1)
        ends = dt.date(year.starts_in + 1, 8, 31)
        if starts <= on <= ends:
            return year
    return None


def academic_year_choices(*, trust_id: int) -> QuerySet[AcademicYear]:
    """The trust's academic years, newest first (the choices of a year field)."""
    return AcademicYear.objects.filter(trust_id=trust_id).order_by("-starts_in")


def academic_years(*, trust_id: int) -> list[AcademicYear]:
    return list(academic_year_choices(trust_id=trust_id))
