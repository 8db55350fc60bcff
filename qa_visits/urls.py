from django.urls import path

from qa_visits import views

urlpatterns = [
    path("visits/", views.visit_plan_list, name="visit_plan_list"),
    path("visits/cadence/", views.visit_cadence, name="visit_cadence"),
    path("schools/<int:school_id>/visits/plan/", views.visit_plan, name="visit_plan"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/write/", views.visit_log, name="visit_log"),
    path("visits/<int:visit_id>/autosave/", views.visit_autosave, name="visit_autosave"),
    path("visits/<int:visit_id>/reschedule/", views.visit_reschedule, name="visit_reschedule"),
    path("visits/<int:visit_id>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:visit_id>/response/", views.visit_response, name="visit_response"),
]
