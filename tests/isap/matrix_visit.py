"""Permission-matrix cases for what a QA visit records on the action plan (isap/urls_visit.py).

Scopes: 'in' is s1's submitted visit (world.visit), 'out' s3's (world.out_visit), 'other' trust
B's (world.other_visit). Recording a visit's actions on the plan is for the visit's writers (see
tests/qa_visits/matrix.py): the Director of QA of s1's cluster, the CEO and the deputy; everyone else
gets 404.
"""

from tests.matrix import Case, obj
from tests.qa_visits.matrix import _WRITERS

_VISIT = obj({"in": "visit", "out": "out_visit", "other": "other_visit"}, "visit_id")

CASES: dict[str, Case] = {
    "isap:visit_actions": Case(kwargs=_VISIT, allowed=_WRITERS),
}
