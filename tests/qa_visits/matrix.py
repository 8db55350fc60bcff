"""Permission-matrix cases for the visits pages (qa_visits/urls.py).

Scopes: 'in' is s1 and its submitted visit (world.visit), 'out' s3 and its visit, 'other' trust B's.

- Planning, writing and amending (SchoolPerm.MANAGE_IMPROVEMENT): the CEO and deputy everywhere,
  the Director of QA of c1 for s1.
- Reading a submitted visit (VIEW_IMPROVEMENT): everyone who reads the school.
- The factual-accuracy response (UPDATE_PROGRESS): the head and executive head of s1, and the CEO
  and deputy (who hold every school permission).
- The visits page: those who plan visits (403 for everyone else); the cadence page: holders of
  TrustPerm.MANAGE_BENCHMARKS (the CEO, deputy, Directors of QA and trust administrators).
- world.visit is submitted, so rescheduling and cancelling it send a writer back to the visit
  (302), and autosave refuses it (409: an amendment is saved when it is submitted).
"""

from fht.roles import Role
from tests.matrix import S1_READERS, TRUST_WIDE, Case, obj

R = Role
_VISIT = obj({"in": "visit", "out": "out_visit", "other": "other_visit"}, "visit_id")
_SCHOOL = obj({"in": "s1", "out": "s3", "other": "sb"}, "school_id")
PLANNERS = {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR}
_WRITERS = {"in": PLANNERS, "out": {R.CEO, R.DEPUTY_CEO}, "other": set()}
_RESPONDERS = {
    "in": {R.CEO, R.DEPUTY_CEO, R.HEAD_TEACHER, R.EXECUTIVE_HEAD},
    "out": {R.CEO, R.DEPUTY_CEO},
    "other": set(),
}

CASES: dict[str, Case] = {
    "qa_visits:plan_list": Case(allowed={"in": PLANNERS}, denied=403),
    "qa_visits:cadence": Case(allowed={"in": PLANNERS | {R.TRUST_ADMIN}}, denied=403),
    "qa_visits:plan": Case(kwargs=_SCHOOL, allowed=_WRITERS),
    "qa_visits:detail": Case(
        kwargs=_VISIT, allowed={"in": S1_READERS, "out": TRUST_WIDE, "other": set()}
    ),
    "qa_visits:log": Case(kwargs=_VISIT, allowed=_WRITERS),
    "qa_visits:autosave": Case(kwargs=_VISIT, allowed=_WRITERS, method="post", ok=409),
    "qa_visits:reschedule": Case(kwargs=_VISIT, allowed=_WRITERS, ok=302),
    "qa_visits:cancel": Case(kwargs=_VISIT, allowed=_WRITERS, ok=302),
    "qa_visits:response": Case(kwargs=_VISIT, allowed=_RESPONDERS),
}
