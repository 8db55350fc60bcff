"""The library part's pages; `urlpatterns` is included by reviews/urls.py."""

from django.urls import URLPattern, path

from reviews.views.library import challenges, pages

urlpatterns: list[URLPattern] = [
    path("reviews/practice/", pages.library, name="library"),
    path("reviews/practice/<int:entry_id>/", pages.entry_detail, name="practice_entry"),
    path("reviews/practice/<int:entry_id>/edit/", pages.entry_edit, name="practice_edit"),
    path("reviews/practice/<int:entry_id>/remove/", pages.entry_remove, name="practice_remove"),
    path(
        "reviews/practice/from-visit/<int:visit_id>/",
        pages.entry_from_visit,
        name="practice_from_visit",
    ),
    path(
        "reviews/<int:review_id>/challenges/to-plan/",
        challenges.challenge_to_plan,
        name="challenge_to_plan",
    ),
]
