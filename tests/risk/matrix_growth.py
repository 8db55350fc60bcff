"""Permission-matrix cases for the growth pages (risk/views/growth/).

- The growth page and the due-diligence records: the CEO, the deputy and trustees read them
  (risk.access.reads_growth); anyone else signed in to the trust gets 403 on the trust pages and
  404 on a record.
- The growth settings and adding, editing or joining a due-diligence record: the CEO and deputy.

Scopes of a record: 'in' and 'out' are two records of trust A (the pages are trust-wide, so both
answer alike), 'other' a record of trust B (404 for everyone).
"""

import datetime as dt

from django_scopes import scopes_disabled

from fht.models import Trust
from fht.roles import Role
from risk.models import DueDiligence
from tests.conftest import World
from tests.matrix import Case

R = Role
READERS = {R.CEO, R.DEPUTY_CEO, R.TRUSTEE}
MANAGERS = {R.CEO, R.DEPUTY_CEO}
_NAMES = {
    "in": "Matrix Prospective In",
    "out": "Matrix Prospective Out",
    "other": "Other Prospective",
}


def _record(trust: Trust, name: str) -> DueDiligence:
    with scopes_disabled():
        record, _ = DueDiligence.objects.get_or_create(
            trust=trust,
            name=name,
            defaults={"started_on": dt.date(2026, 9, 14), "proposed_category": "C"},
        )
    return record


def _record_kwargs(w: World, scope: str) -> dict[str, object]:
    trust = w.other_trust if scope == "other" else w.trust
    return {"record_id": _record(trust, _NAMES[scope]).pk}


CASES: dict[str, Case] = {
    "risk:growth": Case(allowed={"in": READERS}, denied=403),
    "risk:growth_settings": Case(allowed={"in": MANAGERS}, denied=403),
    "risk:growth_dd_list": Case(allowed={"in": READERS}, denied=403),
    "risk:growth_dd_add": Case(allowed={"in": MANAGERS}, denied=403),
    "risk:growth_dd": Case(
        kwargs=_record_kwargs, allowed={"in": READERS, "out": READERS, "other": set()}
    ),
    "risk:growth_dd_edit": Case(
        kwargs=_record_kwargs, allowed={"in": MANAGERS, "out": MANAGERS, "other": set()}
    ),
    "risk:growth_dd_join": Case(
        kwargs=_record_kwargs, allowed={"in": MANAGERS, "out": MANAGERS, "other": set()}
    ),
}
