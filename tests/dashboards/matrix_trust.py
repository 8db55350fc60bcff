"""Permission-matrix cases for the trust and cluster dashboards and the trust's targets.

Scopes for a cluster: 'in' is c1 (the Director of QA's, where the school-attached roles are),
'out' c2 (same trust), 'other' trust B's b1.

- The trust dashboard: the CEO, deputy, Directors of QA, CPD lead and trustees; anyone else of the
  trust gets 403 (dashboards.access).
- A cluster's dashboard: the central team and trustees for every cluster; the Director of QA and
  the governors (and chair) of a school for their own cluster only; heads, lead practitioners and
  trust administrators never. Not allowed, or another trust's cluster: 404.
- The targets page: the CEO and deputy; 403 for the rest.
"""

from dashboards.access import TARGET_SETTERS, TRUST_READERS
from fht.roles import Role
from tests.matrix import Case, obj

R = Role
CLUSTERS = {"in": "c1", "out": "c2", "other": "b1"}
EVERY_CLUSTER = {R.CEO, R.DEPUTY_CEO, R.CPD_LEAD, R.TRUSTEE}
OWN_CLUSTER = EVERY_CLUSTER | {R.QA_DIRECTOR, R.GOVERNOR, R.CHAIR_OF_GOVERNORS}

CASES: dict[str, Case] = {
    "dashboards:trust": Case(allowed={"in": set(TRUST_READERS)}, denied=403),
    "dashboards:cluster": Case(
        kwargs=obj(CLUSTERS, "cluster_id"),
        allowed={"in": OWN_CLUSTER, "out": EVERY_CLUSTER, "other": set()},
    ),
    "dashboards:targets": Case(allowed={"in": set(TARGET_SETTERS)}, denied=403),
}
