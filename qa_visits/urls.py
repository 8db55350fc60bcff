from django.urls import path

from qa_visits.views import proforma, visits

app_name = "qa_visits"

urlpatterns = [
    path("visits/", visits.visit_plan_list, name="plan_list"),
    path("visits/cadence/", visits.visit_cadence, name="cadence"),
    path("schools/<int:school_id>/visits/plan/", visits.visit_plan, name="plan"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="detail"),
    path("visits/<int:visit_id>/write/", visits.visit_log, name="log"),
    path("visits/<int:visit_id>/autosave/", visits.visit_autosave, name="autosave"),
    path("visits/<int:visit_id>/reschedule/", visits.visit_reschedule, name="reschedule"),
    path("visits/<int:visit_id>/cancel/", visits.visit_cancel, name="cancel"),
    path("visits/<int:visit_id>/response/", visits.visit_response, name="response"),
    path(
        "visits/<int:visit_id>/proforma.pdf",
        proforma.visit_proforma_download,
        name="proforma_download",
    ),
    path(
        "visits/<int:visit_id>/proforma/render/",
        proforma.visit_proforma_render,
        name="proforma_render",
    ),
]
