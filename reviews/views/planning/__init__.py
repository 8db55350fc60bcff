"""The planning part's pages; `urlpatterns` is included by reviews/urls.py."""

from django.urls import URLPattern, path

from reviews.views.planning import overview, plan, schedule

urlpatterns: list[URLPattern] = [
    path("reviews/", overview.review_list, name="list"),
    path("reviews/schools/<int:school_id>/plan/", plan.plan_new, name="plan_new"),
    path("reviews/<int:review_id>/plan/", plan.plan_edit, name="plan_edit"),
    path("reviews/<int:review_id>/schedule/", schedule.schedule, name="schedule"),
]
