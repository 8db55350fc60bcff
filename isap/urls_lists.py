from django.urls import path

from isap import list_views

urlpatterns = [
    path("plans/<int:plan_id>/history/", list_views.plan_history_page, name="isap_plan_history"),
    path("actions/", list_views.action_list_page, name="isap_action_list"),
    path("trust/support/", list_views.support_totals_page, name="isap_support_totals"),
]
