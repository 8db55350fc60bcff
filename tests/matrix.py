"""The vocabulary of the permission matrix (tests/platform/test_permission_matrix.py).

Each app folder lists its URLs in its own modules (tests/<app>/matrix.py, and matrix_*.py beside it
when an area is large) as a `CASES` dict of `Case`s; the matrix test finds those modules and merges
them: a URL that no module lists fails the test.
"""

from collections.abc import Callable
from dataclasses import dataclass

from fht.roles import Role
from tests.conftest import World

R = Role
TRUST_WIDE = {R.CEO, R.DEPUTY_CEO, R.CPD_LEAD, R.TRUSTEE, R.TRUST_ADMIN}
S1_READERS = TRUST_WIDE | {
    R.QA_DIRECTOR,
    R.LEAD_PRACTITIONER,
    R.SYSTEM_LEADER,
    R.HEAD_TEACHER,
    R.EXECUTIVE_HEAD,
    R.GOVERNOR,
    R.CHAIR_OF_GOVERNORS,
}
C1_READERS = TRUST_WIDE | {
    R.QA_DIRECTOR,
    R.HEAD_TEACHER,
    R.EXECUTIVE_HEAD,
    R.GOVERNOR,
    R.CHAIR_OF_GOVERNORS,
}
# Who administers the trust: schools, clusters, people and roles.
ADMINISTRATORS = {R.CEO, R.DEPUTY_CEO, R.TRUST_ADMIN}
PEOPLE_READERS = {R.CEO, R.DEPUTY_CEO, R.CPD_LEAD, R.TRUST_ADMIN, R.QA_DIRECTOR}

# Who is asking: every role of trust A, a member of A with no role, platform staff, and a stranger.
ACTORS = [r.value for r in Role] + ["no_role", "superuser", "anonymous"]


@dataclass(frozen=True)
class Case:
    """How one URL is reached, and who gets a page.

    `kwargs` builds the URL's arguments for a scope: 'in' (an object attached to the roles), 'out'
    (another object of the same trust) and 'other' (an object of another trust).
    `allowed[scope]` lists the roles that get 200; everyone else signed in to the trust gets `denied`.
    """

    kwargs: Callable[[World, str], dict[str, object]] | None = None
    allowed: dict[str, set[Role]] | None = None
    denied: int = 404
    public: bool = False
    method: str = "get"
    # What an allowed actor gets: 200 for a page; a POST-only URL may answer 302 (or 400 for an
    # empty form) instead. Requests are sent with no data.
    ok: int = 200
    # Platform staff belong to no trust: they have a home page and the admin, nothing else.
    superuser: int = 404
    # Every member of the trust gets the page, even one with no role (it shows what to do next).
    any_member: bool = False
    # What an anonymous visitor gets: sent to sign in, unless the URL answers without a session
    # (the data feed's token endpoints answer 401 to anyone without a token).
    anonymous: int = 302


def obj(attr: dict[str, str], key: str) -> Callable[[World, str], dict[str, object]]:
    return lambda w, scope: {key: getattr(w, attr[scope]).pk}


SCOPES = ("in", "out", "other")
