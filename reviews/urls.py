"""The reviews app's pages (namespace `reviews`). Each part's views package lists its own paths."""

from reviews.views import documents, library, planning, record

app_name = "reviews"

urlpatterns = [
    *planning.urlpatterns,
    *record.urlpatterns,
    *documents.urlpatterns,
    *library.urlpatterns,
]
