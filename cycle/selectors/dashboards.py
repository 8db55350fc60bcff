"""The dashboards the agendas show: the trust's on the board and the chairs' briefing, a cluster's
on the hub meetings, with the dashboards app's own include templates.

The dashboards show nothing restricted to anyone; they are read as a person (whose access decides
only which links appear), so a pack reads them as the person who asked for it. With no reader the
part says the dashboard is not available.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dashboards.selectors.cluster import cluster_dashboard
from dashboards.selectors.trust import trust_dashboard
from fht.models import Trust, User
from schools.models import Cluster

TRUST_TEMPLATE = "dashboards/_trust_body.html"
CLUSTER_TEMPLATE = "dashboards/_cluster_body.html"


@dataclass(frozen=True)
class DashboardPart:
    """What the agenda includes: the dashboard's template and data, or `available` False."""

    title: str
    available: bool
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)


def trust_part(
    *, trust: Trust, user: User | None, as_of: dt.date, with_concern: bool = True
) -> DashboardPart:
    title = "The trust dashboard"
    if user is None:
        return DashboardPart(title=title, available=False)
    board = trust_dashboard(trust=trust, user=user, as_of=as_of, with_concern=with_concern)
    return DashboardPart(
        title=title, available=True, template=TRUST_TEMPLATE, context={"board": board}
    )


def cluster_part(*, cluster: Cluster, user: User | None, as_of: dt.date) -> DashboardPart:
    title = f"The {cluster.name} dashboard"
    if user is None:
        return DashboardPart(title=title, available=False)
    board = cluster_dashboard(cluster=cluster, user=user, as_of=as_of)
    return DashboardPart(
        title=title, available=True, template=CLUSTER_TEMPLATE, context={"board": board}
    )
