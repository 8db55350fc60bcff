"""The reviews app's pages (namespace `reviews`). Each part's views package lists its own paths."""

from reviews.views import documents, library, reviews

app_name = "reviews"

urlpatterns = [*reviews.urlpatterns, *documents.urlpatterns, *library.urlpatterns]
