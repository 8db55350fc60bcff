"""Permission-matrix cases for the concern pages (risk/views/concern/).

Scopes: 'in' is an open case at s1 (cluster c1, the Director of QA's), 'out' one at s3 (cluster
c2), 'other' one at trust B's sb. The matrix world holds no cases: each is opened, at level 1, the
first time the matrix asks for it (tests/risk/concern_world.py), and stays for the module.

- Reading a case, recording its steps, its letters' text and the ISAP's amendment: the CEO and
  deputy everywhere, c1's Director of QA at s1. Heads, governors, trustees and the rest: 404.
- Opening cases, stepping levels, closing, making letters: the CEO and deputy only.
- POSTs are sent empty: an allowed person gets the case page back with the messages (400); making
  a letter at level 1 is refused with a message and a redirect to the case (302).
- A letter download: no letter is made in the matrix world, so an allowed reader gets the 'not
  ready yet' page, answered 404 like a refusal (the downloads themselves are in
  tests/risk/test_concern_letters.py).
"""

from fht.roles import Role
from tests.conftest import World
from tests.matrix import Case
from tests.risk.concern_world import case_for

R = Role
OWNERS = {R.CEO, R.DEPUTY_CEO}
READERS = {"in": OWNERS | {R.QA_DIRECTOR}, "out": OWNERS, "other": set()}
OWNS = {"in": OWNERS, "out": OWNERS, "other": set()}


def _case(w: World, scope: str) -> dict[str, object]:
    return {"case_id": case_for(w, scope).pk}


def _letter(w: World, scope: str) -> dict[str, object]:
    return {**_case(w, scope), "kind": "chair"}


def _download(w: World, scope: str) -> dict[str, object]:
    return {**_letter(w, scope), "edition": "open"}


CASES: dict[str, Case] = {
    "risk:concern_list": Case(allowed={"in": OWNERS | {R.QA_DIRECTOR}}),
    "risk:concern_open": Case(allowed={"in": OWNERS}),
    "risk:concern_case": Case(kwargs=_case, allowed=READERS),
    "risk:concern_step": Case(kwargs=_case, allowed=READERS, method="post", ok=400),
    "risk:concern_text": Case(kwargs=_case, allowed=READERS, method="post", ok=400),
    "risk:concern_isap": Case(kwargs=_case, allowed=READERS, method="post", ok=400),
    "risk:concern_level": Case(kwargs=_case, allowed=OWNS, method="post", ok=400),
    "risk:concern_close": Case(kwargs=_case, allowed=OWNS, method="post", ok=400),
    "risk:concern_letter_make": Case(kwargs=_letter, allowed=OWNS, method="post", ok=302),
    "risk:concern_letter": Case(kwargs=_download, allowed=READERS, ok=404),
}
