from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.record_list, name="list"),
    path("imports/gias/", views.gias_upload, name="gias_upload"),
    path("imports/ofsted/", views.ofsted_upload, name="ofsted_upload"),
    path("imports/<int:record_id>/", views.record, name="record"),
    path("imports/<int:record_id>/trust/", views.choose_trust, name="choose_trust"),
    path("imports/<int:record_id>/confirm/", views.confirm, name="confirm"),
    path("imports/<int:record_id>/cancel/", views.cancel, name="cancel"),
    path("imports/schools/<int:school_id>/", views.school, name="school"),
]
