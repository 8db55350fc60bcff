"""The data feed's URLs. The token pages are the trust administrator's (the CEO and deputy read
them); the table endpoints take no session at all, so everyone without a token gets 401."""

from collections.abc import Callable

from django_scopes import scopes_disabled

from feed.models import View
from feed.services import token_issue
from fht.roles import Role
from tests.conftest import World
from tests.matrix import ADMINISTRATORS, Case

R = Role
MANAGERS = ADMINISTRATORS


def _token(world: World, scope: str) -> dict[str, object]:
    """A fresh token: 'in' and 'out' are both the person's own trust's, 'other' trust B's."""
    trust = world.other_trust if scope == "other" else world.trust
    by = world.other_ceo if scope == "other" else world.person(R.CEO)
    assert by is not None
    with scopes_disabled():
        issued = token_issue(
            trust_id=trust.pk, name=f"matrix {scope}", view=View.CEO, acting_user=by
        )
    return {"token_id": issued.token.pk}


def _table(world: World, scope: str) -> dict[str, object]:
    return {"table": "schools", "fmt": "csv"}


def _trust_pages(allowed: set[Role]) -> dict[str, set[Role]]:
    return {"in": allowed, "out": allowed, "other": set()}


token: Callable[[World, str], dict[str, object]] = _token

CASES: dict[str, Case] = {
    "feed:docs": Case(allowed={"in": ADMINISTRATORS}),
    "feed:token_list": Case(allowed={"in": ADMINISTRATORS}),
    "feed:token_issue": Case(allowed={"in": MANAGERS}),
    "feed:token_revoke": Case(kwargs=token, allowed=_trust_pages(MANAGERS)),
    "feed:token_uses": Case(kwargs=token, allowed=_trust_pages(ADMINISTRATORS)),
    # No token: 401 for every actor, signed in or not (the session is never a credential).
    "feed:table": Case(kwargs=_table, any_member=True, ok=401, superuser=401, anonymous=401),
}
