"""The dashboards' pages (namespace `dashboards`). Each part's views module lists its own paths."""

from dashboards.views import school

app_name = "dashboards"

urlpatterns = [
    *school.urlpatterns,
]
