"""Permission-matrix cases for the ISAP lists (isap/urls_lists.py).

Scopes: 'in' is the plan of s1 (world.plan), 'out' the plan of s3 (world.out_plan), 'other' trust
B's (world.other_plan).

- A plan's history: everyone who reads the school's plan (VIEW_IMPROVEMENT); 404 for the others.
- The list of actions: those who manage a plan or update its progress for some school (the CEO,
  deputy, Director of QA, head and executive head); 403 for everyone else.
- The support totals: readers with trust-wide reach (a trust-attached role: the CEO, deputy, CPD
  lead, trustees, trust administrators) and Directors of QA (their clusters); 403 for the others.
"""

from fht.roles import Role
from tests.matrix import S1_READERS, TRUST_WIDE, Case, obj

R = Role
_PLAN = obj({"in": "plan", "out": "out_plan", "other": "other_plan"}, "plan_id")
TRACKERS = {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR, R.HEAD_TEACHER, R.EXECUTIVE_HEAD}

CASES: dict[str, Case] = {
    "isap:plan_history": Case(
        kwargs=_PLAN, allowed={"in": S1_READERS, "out": TRUST_WIDE, "other": set()}
    ),
    "isap:action_list": Case(allowed={"in": TRACKERS}, denied=403),
    "isap:support_totals": Case(allowed={"in": TRUST_WIDE | {R.QA_DIRECTOR}}, denied=403),
}
