"""Core-offer days: the improvement days the trust gives each school a year (its allowance,
Trust.core_offer_days) and what uses them, written once.

The apps that spend days register a source from their `AppConfig.ready()` (qa_visits its visits,
isap the support its plans deploy from the core offer), so the Visits page, a school's plan and the
trust's support totals add up the same days without importing each other:

    core_offer.sources.register(DaysSource(key="visits", label="QA visits", days=visit_days))
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from fht.registry import Registry
from schools.models import AcademicYear, School

_ZERO = Decimal(0)


@dataclass(frozen=True)
class DaysSource:
    key: str
    label: str
    # (school ids, year) -> the core-offer days used at each school that year, in one query.
    days: Callable[[list[int], AcademicYear], dict[int, Decimal]]
    order: int = 0


sources: Registry[DaysSource] = Registry("core-offer day source")


@dataclass
class CoreOffer:
    """One school's year: its allowance and the days each source used (every registered source
    has an entry, zero if it used none: templates read `offer.by_source.visits`)."""

    allowance: Decimal
    by_source: dict[str, Decimal]

    def days(self, key: str) -> Decimal:
        return self.by_source.get(key, _ZERO)

    @property
    def used(self) -> Decimal:
        return sum(self.by_source.values(), _ZERO)

    @property
    def left(self) -> Decimal:
        return self.allowance - self.used

    @property
    def over(self) -> bool:
        return self.left < 0


def days_by_school(
    *, school_ids: Iterable[int], year: AcademicYear | None, skip: Iterable[str] = ()
) -> dict[int, dict[str, Decimal]]:
    """Each school's core-offer days in the year by source (one query per source); `skip` leaves
    out sources the caller has counted itself."""
    ids = list(school_ids)
    found: dict[int, dict[str, Decimal]] = {pk: {} for pk in ids}
    if year is None or not ids:
        return found
    skipped = set(skip)
    for source in sources:
        if source.key in skipped:
            continue
        for parts in found.values():
            parts[source.key] = _ZERO
        for pk, days in source.days(ids, year).items():
            found[pk][source.key] = Decimal(days or 0)
    return found


def days_used(
    *, school_ids: Iterable[int], year: AcademicYear | None, skip: Iterable[str] = ()
) -> dict[int, Decimal]:
    """Each school's core-offer days used in the year, all sources (but `skip`) added up."""
    return {
        pk: sum(parts.values(), _ZERO)
        for pk, parts in days_by_school(school_ids=school_ids, year=year, skip=skip).items()
    }


def core_offer(*, school: School, year: AcademicYear, allowance: int | None = None) -> CoreOffer:
    """One school's core offer for the year (one query per source)."""
    parts = days_by_school(school_ids=[school.pk], year=year)[school.pk]
    limit = school.trust.core_offer_days if allowance is None else allowance
    return CoreOffer(Decimal(limit), parts)
