"""A cluster's dashboard (`dashboards:cluster`) and its tables as CSV."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.safestring import mark_safe

from dashboards import access as rules
from dashboards.selectors.cluster import cluster_dashboard
from dashboards.tables import CLUSTER_TABLES, csv_response, table_for
from dashboards.views.trust import wanted_table
from fht import cache
from fht.access import access_for
from fht.decorators import trust_member_required
from fht.roles import ClusterPerm
from fht.types import AuthenticatedRequest
from schools.selectors import access_cluster


@trust_member_required
def cluster_page(request: AuthenticatedRequest, cluster_id: int) -> HttpResponse:
    access = access_for(request.user)
    if not rules.reads_cluster_dashboard(access, cluster_id):
        raise Http404("No such cluster")
    cluster = access_cluster(request.user, cluster_id)
    today = timezone.localdate()
    name = wanted_table(request)
    if name is not None:
        board = cluster_dashboard(cluster=cluster, user=request.user, as_of=today)
        table = table_for(CLUSTER_TABLES, name, board)
        if table is None:
            raise Http404("No such table")
        return csv_response(table, today.isoformat())

    def body() -> str:
        board = cluster_dashboard(cluster=cluster, user=request.user, as_of=today)
        return render_to_string("dashboards/_cluster_body.html", {"board": board})

    # Readers who compare the cluster's visits see one body, kept until the trust's data changes.
    variant = (cluster.pk, today.isoformat(), access.has_cluster_perm(cluster.pk, ClusterPerm.VIEW))
    context = {
        "cluster": cluster,
        # Our own template's output, kept as text (a cache may not keep the safe-string mark).
        "body": mark_safe(cache.for_trust(cluster.trust_id, "dashboards:cluster", variant, body)),  # noqa: S308
        "reads_trust": rules.reads_trust_dashboard(access),
        "nav_section": "dashboards",
    }
    return render(request, "dashboards/cluster.html", context)


urlpatterns: list[URLPattern] = [
    path("dashboards/clusters/<int:cluster_id>/", cluster_page, name="cluster"),
]
