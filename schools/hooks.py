"""What the apps above schools add to it, from their `AppConfig.ready()`, so schools never imports
them: who must hear when a trust's structure changes, and more lines for a cluster's history.

    structure_listeners.register(StructureListener(key="permissions", changed=permissions_sync))
    cluster_history_sources.register(ClusterHistorySource(key="directors", changes=...))
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

from fht.models import Trust
from fht.registry import Registry

if TYPE_CHECKING:
    from schools.models import Cluster
    from schools.selectors import Change


class _Changed(Protocol):
    def __call__(self, *, trust: Trust) -> object: ...


@dataclass(frozen=True)
class StructureListener:
    """Called, inside the service's transaction, after a school or cluster is added or a school
    moves to another cluster: for example to give the trust-wide roles what is new."""

    key: str
    changed: _Changed


structure_listeners: Registry[StructureListener] = Registry("structure listener")


def structure_changed(*, trust: Trust) -> None:
    """Tell every listener that the trust's schools or clusters changed.

    Someone must listen: without the permission rebuild, a new school would stay invisible to the
    trust-wide roles, so a missing registration is a start-up error, not a silent no-op.
    """
    listeners = list(structure_listeners)
    if not listeners:
        raise ImproperlyConfigured("No app listens for changes to a trust's schools and clusters.")
    for listener in listeners:
        listener.changed(trust=trust)


@dataclass(frozen=True)
class ClusterHistorySource:
    """More lines for a cluster's 'Changes to this cluster' table. `changes(cluster, limit)` returns
    at most `limit` of them, newest first, in one or two queries whatever the history's length."""

    key: str
    changes: Callable[["Cluster", int], list["Change"]]


cluster_history_sources: Registry[ClusterHistorySource] = Registry("cluster history source")
