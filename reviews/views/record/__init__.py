"""The record part's pages; `urlpatterns` is included by reviews/urls.py.

- The review's page (`detail`), with the workflow's buttons and the other parts' panels.
- Writing the record (`record`, saved as the reviewer types by `record_autosave`), and the
  strengths and challenges (`strength_add`, `strength_edit`, `strength_remove`, and the same for
  challenges).
- The workflow's steps (`send_for_check`, `check`, `share`, `acknowledge`, `shared_with`).
- The history of every change (`history`).
"""

from django.urls import URLPattern, path

from reviews.views.record import pages, workflow, writing

urlpatterns: list[URLPattern] = [
    path("reviews/<int:review_id>/", pages.review_detail, name="detail"),
    path("reviews/<int:review_id>/history/", pages.review_history, name="history"),
    path("reviews/<int:review_id>/record/", writing.review_record, name="record"),
    path(
        "reviews/<int:review_id>/record/autosave/", writing.review_autosave, name="record_autosave"
    ),
    path("reviews/<int:review_id>/strengths/add/", writing.strength_add, name="strength_add"),
    path(
        "reviews/<int:review_id>/strengths/<int:row_id>/",
        writing.strength_edit,
        name="strength_edit",
    ),
    path(
        "reviews/<int:review_id>/strengths/<int:row_id>/remove/",
        writing.strength_remove,
        name="strength_remove",
    ),
    path("reviews/<int:review_id>/challenges/add/", writing.challenge_add, name="challenge_add"),
    path(
        "reviews/<int:review_id>/challenges/<int:row_id>/",
        writing.challenge_edit,
        name="challenge_edit",
    ),
    path(
        "reviews/<int:review_id>/challenges/<int:row_id>/remove/",
        writing.challenge_remove,
        name="challenge_remove",
    ),
    path("reviews/<int:review_id>/send-for-check/", workflow.send_for_check, name="send_for_check"),
    path("reviews/<int:review_id>/check/", workflow.check, name="check"),
    path("reviews/<int:review_id>/share/", workflow.share, name="share"),
    path("reviews/<int:review_id>/acknowledge/", workflow.acknowledge, name="acknowledge"),
    path("reviews/<int:review_id>/shared-with/", workflow.shared_with, name="shared_with"),
]
