"""How often each school should be visited: the trust's cadence by category (DOMAIN.md, 'Categories').

The rule lives here, in one place. Callers pass the school's current category (`school.category`,
None until it is first categorised), read when the due date is worked out: whatever sets the
category, the cadence follows.
"""

import datetime as dt

from fht.models import Trust
from schools.categories import Category

# The category (A Sustain, B Improve, C Repair, D Stabilise) to the trust's setting.
CADENCE_FIELDS: dict[str, str] = {
    Category.SUSTAIN: "visit_weeks_sustain",
    Category.IMPROVE: "visit_weeks_improve",
    Category.REPAIR: "visit_weeks_repair",
    Category.STABILISE: "visit_weeks_stabilise",
}
UNCATEGORISED_FIELD = "visit_weeks_uncategorised"
ALL_CADENCE_FIELDS = [*CADENCE_FIELDS.values(), UNCATEGORISED_FIELD]


def cadence_weeks(*, trust: Trust, category: str | None = None) -> int:
    """Weeks between visits for a school of this category (None: not yet categorised)."""
    field = CADENCE_FIELDS.get((category or "").upper(), UNCATEGORISED_FIELD)
    weeks: int = getattr(trust, field)
    return weeks


def next_visit_due(
    *,
    trust: Trust,
    last_visited_on: dt.date | None,
    today: dt.date,
    category: str | None = None,
) -> dt.date:
    """When the next visit is due: the last submitted visit plus the cadence; no visit yet, now."""
    if last_visited_on is None:
        return today
    return last_visited_on + dt.timedelta(weeks=cadence_weeks(trust=trust, category=category))
