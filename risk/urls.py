"""The risk app's pages (namespace `risk`). Each part's views package lists its own paths."""

from risk.views import concern, growth, meetings

app_name = "risk"

urlpatterns = [*meetings.urlpatterns, *concern.urlpatterns, *growth.urlpatterns]
