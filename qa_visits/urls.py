from django.urls import path

from qa_visits import proforma_views, views

app_name = "qa_visits"

urlpatterns = [
    path("visits/", views.visit_plan_list, name="plan_list"),
    path("visits/cadence/", views.visit_cadence, name="cadence"),
    path("schools/<int:school_id>/visits/plan/", views.visit_plan, name="plan"),
    path("visits/<int:visit_id>/", views.visit_detail, name="detail"),
    path("visits/<int:visit_id>/write/", views.visit_log, name="log"),
    path("visits/<int:visit_id>/autosave/", views.visit_autosave, name="autosave"),
    path("visits/<int:visit_id>/reschedule/", views.visit_reschedule, name="reschedule"),
    path("visits/<int:visit_id>/cancel/", views.visit_cancel, name="cancel"),
    path("visits/<int:visit_id>/response/", views.visit_response, name="response"),
    path(
        "visits/<int:visit_id>/proforma.pdf",
        proforma_views.visit_proforma_download,
        name="proforma_download",
    ),
    path(
        "visits/<int:visit_id>/proforma/render/",
        proforma_views.visit_proforma_render,
        name="proforma_render",
    ),
]
