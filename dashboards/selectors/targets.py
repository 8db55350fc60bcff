"""Reads of the trust's targets: the year asked for, the targets of a year, every year's for the
CSV, and the latest changes (history)."""

import datetime as dt
from decimal import Decimal

from django.http import Http404

from dashboards.models import TrustTarget
from fht.models import Trust
from schools.models import AcademicYear
from schools.selectors import Change, history_who
from schools.years import academic_year_for, academic_years


def target_year(*, trust: Trust, raw: str | None, today: dt.date) -> AcademicYear:
    """The trust's academic year named by `?year=` (404 for another trust's or no such year), or
    by default the current one (else the latest)."""
    years = academic_years(trust_id=trust.pk)
    if raw:
        found = next((y for y in years if str(y.pk) == raw.strip()), None)
        if found is None:
            raise Http404("No such academic year")
        return found
    current = academic_year_for(trust_id=trust.pk, on=today)
    if current is not None:
        return current
    if not years:
        raise Http404("The trust has no academic year yet")
    return max(years, key=lambda y: y.starts_in)


def trust_targets(*, trust: Trust, year: AcademicYear) -> dict[str, Decimal]:
    rows = TrustTarget.objects.filter(trust=trust, academic_year=year)
    return dict(rows.values_list("measure", "value"))


def all_targets(*, trust: Trust) -> list[TrustTarget]:
    """Every year's targets, newest year first (one query), for the CSV."""
    return list(
        TrustTarget.objects.filter(trust=trust)
        .select_related("academic_year")
        .order_by("-academic_year__starts_in", "measure")
    )


def target_changes(*, trust: Trust, limit: int = 10) -> list[Change]:
    """The latest changes to the trust's targets, newest first (one query)."""
    rows = (
        TrustTarget.history.filter(trust_id=trust.pk)
        .select_related("history_user", "academic_year")
        .order_by("-history_date", "-history_id")[:limit]
    )
    verbs = {"+": "set", "~": "changed", "-": "removed"}
    changes = []
    for row in rows:
        label = dict(TrustTarget._meta.get_field("measure").choices or []).get(row.measure)
        value = "" if row.history_type == "-" else f" to {row.value}"
        what = f"{label}, {row.academic_year}: {verbs.get(row.history_type, 'changed')}{value}"
        changes.append(Change(row.history_date, history_who(row), what))
    return changes
