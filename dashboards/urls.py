"""The dashboards app's pages (namespace `dashboards`). Each part's views module lists its paths."""

from dashboards.views import cluster, school, targets, trust

app_name = "dashboards"

urlpatterns = [
    *trust.urlpatterns,
    *cluster.urlpatterns,
    *school.urlpatterns,
    *targets.urlpatterns,
]
