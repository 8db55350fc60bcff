"""Who reads which dashboard and who sets the trust's targets, from the person's roles (fht.access):
one place, so views, menu and home panel ask the same question.

- The trust dashboard: the CEO, the deputy, the Directors of QA, the CPD lead (the rest of the
  central team) and trustees. Trust administrators manage the structure, not school improvement;
  heads, governors and lead practitioners read their own schools' pages instead.
- A cluster's dashboard: the same central team and trustees, Directors of QA for their own clusters
  only, and the governors (and chairs) of the cluster's schools, for the hub meeting. Anyone else,
  and any cluster of another trust: 404, exactly like a cluster that does not exist.
- The trust's targets: set by the CEO and deputy; the dashboards show them to every reader.
"""

from fht.access import Access
from fht.roles import ClusterPerm, Role

TRUST_READERS = frozenset(
    {Role.CEO, Role.DEPUTY_CEO, Role.QA_DIRECTOR, Role.CPD_LEAD, Role.TRUSTEE}
)
CLUSTER_READERS = TRUST_READERS | {Role.GOVERNOR, Role.CHAIR_OF_GOVERNORS}
TARGET_SETTERS = frozenset({Role.CEO, Role.DEPUTY_CEO})


def _holds(access: Access, roles: frozenset[Role]) -> bool:
    return any(role in roles for role in access.roles)


def reads_trust_dashboard(access: Access) -> bool:
    return _holds(access, TRUST_READERS)


def reads_cluster_dashboard(access: Access, cluster_id: int) -> bool:
    """A role that reads cluster dashboards, and this cluster among those the person sees (every
    cluster for roles attached to the trust; their own for directors and governors)."""
    return _holds(access, CLUSTER_READERS) and access.has_cluster_perm(cluster_id, ClusterPerm.VIEW)


def sets_targets(access: Access) -> bool:
    return _holds(access, TARGET_SETTERS)
