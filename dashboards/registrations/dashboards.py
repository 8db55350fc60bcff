"""What the dashboards add to the core registries (fht.registry): the "Dashboards" menu entry for
those who read the trust dashboard, and a home-page panel with the dashboards the person reads
(the trust's, and the cluster dashboards of their clusters, for governors the hub meeting's)."""

from typing import Any

from fht.access import Access, access_for
from fht.models import User
from fht.registry import MenuSection, Panel, PanelContent, menu, panels
from fht.roles import ClusterPerm


def _menu_visible(user: User, access: Access) -> bool:
    from dashboards.access import reads_trust_dashboard

    return reads_trust_dashboard(access)


def home_panel(user: User, _: Any = None) -> PanelContent | None:
    """One query (the clusters' names), none when the person reads no dashboard."""
    from dashboards.access import reads_cluster_dashboard, reads_trust_dashboard, sets_targets
    from schools.models import Cluster

    access = access_for(user)
    cluster_ids = [
        pk for pk in access.cluster_ids(ClusterPerm.VIEW) if reads_cluster_dashboard(access, pk)
    ]
    trust = reads_trust_dashboard(access)
    if not trust and not cluster_ids:
        return None
    clusters = list(
        Cluster.objects.filter(pk__in=cluster_ids, trust_id=access.trust_id or 0).order_by("name")
    )
    return PanelContent(
        template="dashboards/_home_panel.html",
        context={"trust": trust, "clusters": clusters, "sets_targets": sets_targets(access)},
    )


def register() -> None:
    menu.register(
        MenuSection(
            key="dashboards",
            label="Dashboards",
            url_name="dashboards:trust",
            visible=_menu_visible,
            namespaces=frozenset({"dashboards"}),
            order=5,
        )
    )
    panels.register(Panel(slot="home", key="home:dashboards", build=home_panel, order=5))
