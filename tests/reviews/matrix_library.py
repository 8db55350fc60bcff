"""Permission-matrix cases for the library part (reviews/views/library/).

Scopes: 'in' is an entry (and visit, review) at s1 (cluster c1, the Director of QA's, where the
school-attached roles are), 'out' one at s3 (cluster c2), 'other' one at trust B's sb.

- The library and its entries: every head, director and lead practitioner of the trust, the rest
  of the central team and system leaders, whichever school; governors, trustees and trust
  administrators get 404 (reviews.access.reads_library).
- Editing and removing an entry: its school's planners (CEO, deputy, its Director of QA) and its
  head (or executive head).
- Adding an entry from a QA visit: those who manage the school's improvement.
- A challenge into the plan: the school's planners and head, on a review they may read; the world's
  reviews are drafts, so only the planners reach it, and an empty POST is refused (400).
"""

from fht.roles import Role
from reviews.access import LIBRARY_READERS
from tests.conftest import World
from tests.matrix import Case, obj
from tests.reviews.library_world import entry_for

R = Role
READERS = {"in": set(LIBRARY_READERS), "out": set(LIBRARY_READERS), "other": set()}
PLANNERS = {R.CEO, R.DEPUTY_CEO}
EDITORS = {
    "in": PLANNERS | {R.QA_DIRECTOR, R.HEAD_TEACHER, R.EXECUTIVE_HEAD},
    "out": PLANNERS,
    "other": set(),
}
MANAGERS = {"in": PLANNERS | {R.QA_DIRECTOR}, "out": PLANNERS, "other": set()}
VISITS = {"in": "visit", "out": "out_visit", "other": "other_visit"}
REVIEWS = {"in": "review", "out": "out_review", "other": "other_review"}


def _entry(w: World, scope: str) -> dict[str, object]:
    return {"entry_id": entry_for(w, scope).pk}


CASES: dict[str, Case] = {
    "reviews:library": Case(allowed={"in": set(LIBRARY_READERS)}),
    "reviews:practice_entry": Case(kwargs=_entry, allowed=READERS),
    "reviews:practice_edit": Case(kwargs=_entry, allowed=EDITORS),
    "reviews:practice_remove": Case(kwargs=_entry, allowed=EDITORS),
    "reviews:practice_from_visit": Case(kwargs=obj(VISITS, "visit_id"), allowed=MANAGERS),
    "reviews:challenge_to_plan": Case(
        kwargs=obj(REVIEWS, "review_id"), allowed=MANAGERS, method="post", ok=400
    ),
}
