"""Permission-matrix cases for the meetings of the cycle (cycle/views).

Scopes (tests/cycle/world.py): 'in' is next week's hub heads' meeting of c1, the cluster the
roles are attached to (school roles at s1, cluster roles at c1); 'out' the one of c2; 'other'
trust B's of b1. Each follows a closed meeting of its hub with an open action ('action_review').

- Reading a hub heads' meeting and its pack: the CEO, the deputy, the hub's Director of QA, and
  the heads of its schools (the head and the executive head of s1 for c1). Governors, trustees,
  lead practitioners and the rest: 404 (they read their own kinds: tests/cycle/test_access.py).
- Running it (decisions, actions, reviews, closing, making the pack): the CEO, the deputy, and
  the hub's Director of QA. POSTs are sent empty: an allowed person gets the page back with the
  messages (400) and nothing changes.
- The list: everyone who attends or runs any meeting; adding a meeting: the CEO, the deputy and
  the Directors of QA.
"""

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.roles import Role
from tests.conftest import World
from tests.cycle.world import earlier_action, meeting
from tests.matrix import Case

R = Role
RUNNERS = {"in": {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR}, "out": {R.CEO, R.DEPUTY_CEO}}
READERS = {"in": RUNNERS["in"] | {R.HEAD_TEACHER, R.EXECUTIVE_HEAD}, "out": RUNNERS["out"]}
ANY_MEETING = {
    R.CEO,
    R.DEPUTY_CEO,
    R.QA_DIRECTOR,
    R.LEAD_PRACTITIONER,
    R.HEAD_TEACHER,
    R.EXECUTIVE_HEAD,
    R.GOVERNOR,
    R.CHAIR_OF_GOVERNORS,
    R.TRUSTEE,
}


def _meeting_id(w: World, scope: str) -> dict[str, object]:
    return {"meeting_id": meeting(scope).pk}


def _pack(w: World, scope: str) -> dict[str, object]:
    """A made pack (stored again: each test starts from the world's files)."""
    found = meeting(scope)
    with scopes_disabled():
        found.pack.save(f"matrix-{found.pk}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        found.pack_made_at = timezone.now()
        found.pack_data_date = timezone.localdate()
        found.save(update_fields=["pack", "pack_made_at", "pack_data_date"])
    return {"meeting_id": found.pk}


def _review(w: World, scope: str) -> dict[str, object]:
    return {"meeting_id": meeting(scope).pk, "action_id": earlier_action(scope).pk}


CASES: dict[str, Case] = {
    "cycle:list": Case(allowed={"in": ANY_MEETING}),
    "cycle:create": Case(allowed={"in": {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR}}),
    "cycle:detail": Case(kwargs=_meeting_id, allowed=READERS),
    "cycle:pack": Case(kwargs=_pack, allowed=READERS),
    "cycle:close": Case(kwargs=_meeting_id, allowed=RUNNERS),
    "cycle:decision_add": Case(kwargs=_meeting_id, allowed=RUNNERS, method="post", ok=400),
    "cycle:action_add": Case(kwargs=_meeting_id, allowed=RUNNERS, method="post", ok=400),
    "cycle:action_review": Case(kwargs=_review, allowed=RUNNERS, method="post", ok=400),
    "cycle:pack_make": Case(kwargs=_meeting_id, allowed=RUNNERS, method="post", ok=302),
}
