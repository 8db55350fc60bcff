"""The documents part's pages; `urlpatterns` is included by reviews/urls.py."""

from django.urls import URLPattern, path

from reviews.views.documents import letters, reviews

urlpatterns: list[URLPattern] = [
    path("reviews/<int:review_id>/documents/", reviews.review_documents, name="documents"),
    path(
        "reviews/<int:review_id>/documents/make/",
        reviews.review_documents_make,
        name="documents_make",
    ),
    path(
        "reviews/<int:review_id>/documents/<str:what>.pdf",
        reviews.review_document_download,
        name="document",
    ),
    path("reviews/letters/", letters.letters, name="letters"),
    path("reviews/letters/<int:batch_id>/", letters.letters_batch, name="letters_batch"),
    path("reviews/letters/<int:batch_id>/<str:what>", letters.letters_file, name="letters_file"),
]
