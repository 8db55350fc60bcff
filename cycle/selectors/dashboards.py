"""The dashboards the agendas show (the trust's on the board and chairs' briefing, a cluster's on
the hub meetings), read through the dashboards app when it is there.

The dashboards app provides `dashboards.selectors.trust.trust_dashboard(*, trust, user, as_of)`
and `dashboards.selectors.cluster.cluster_dashboard(*, cluster, user, as_of)`, with the include
templates `dashboards/_trust_body.html` and `dashboards/_cluster_body.html` (given the result as
`dashboard`). Until they are installed, the agenda says "Dashboard not available" instead.

A pack is one file for the whole audience: it asks for the dashboard with `user=None`, which the
dashboards read as 'no restricted parts'.
"""

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from fht.models import Trust, User
from schools.models import Cluster

TRUST = ("dashboards.selectors.trust", "trust_dashboard", "dashboards/_trust_body.html")
CLUSTER = ("dashboards.selectors.cluster", "cluster_dashboard", "dashboards/_cluster_body.html")


@dataclass(frozen=True)
class DashboardPart:
    """What the agenda includes: the dashboard's template and data, or `available` False."""

    title: str
    available: bool
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)


def _find(where: tuple[str, str, str]) -> tuple[Callable[..., Any], str] | None:
    module_name, function_name, template = where
    try:
        module = importlib.import_module(module_name)
        get_template(template)
    except (ImportError, TemplateDoesNotExist):
        return None
    function = getattr(module, function_name, None)
    return (function, template) if callable(function) else None


def trust_part(*, trust: Trust, user: User | None, as_of: dt.date) -> DashboardPart:
    found = _find(TRUST)
    title = "The trust dashboard"
    if found is None:
        return DashboardPart(title=title, available=False)
    function, template = found
    data = function(trust=trust, user=user, as_of=as_of)
    return DashboardPart(title=title, available=True, template=template, context=_ctx(data))


def cluster_part(*, cluster: Cluster, user: User | None, as_of: dt.date) -> DashboardPart:
    found = _find(CLUSTER)
    title = f"The {cluster.name} dashboard"
    if found is None:
        return DashboardPart(title=title, available=False)
    function, template = found
    data = function(cluster=cluster, user=user, as_of=as_of)
    return DashboardPart(title=title, available=True, template=template, context=_ctx(data))


def _ctx(data: Any) -> dict[str, Any]:
    return {"dashboard": data}
