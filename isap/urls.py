from django.urls import path

from isap import views

urlpatterns = [
    path("schools/<int:school_id>/plan/", views.school_plans, name="isap_school_plans"),
    path("schools/<int:school_id>/plan/start/", views.plan_start, name="isap_plan_start"),
    path("plans/<int:plan_id>/", views.plan_detail, name="isap_plan"),
    path("plans/<int:plan_id>/sign/", views.plan_sign, name="isap_plan_sign"),
    path("plans/<int:plan_id>/priorities/add/", views.priority_add, name="isap_priority_add"),
    path("priorities/<int:priority_id>/edit/", views.priority_edit, name="isap_priority_edit"),
    path("priorities/<int:priority_id>/targets/add/", views.target_add, name="isap_target_add"),
    path("targets/<int:target_id>/edit/", views.target_edit, name="isap_target_edit"),
    path("priorities/<int:priority_id>/actions/add/", views.action_add, name="isap_action_add"),
    path("actions/<int:action_id>/", views.action_detail, name="isap_action"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="isap_action_edit"),
    path("actions/<int:action_id>/notes/add/", views.action_note, name="isap_action_note"),
    path("notes/<int:note_id>/evidence/", views.evidence_download, name="isap_evidence"),
    path(
        "priorities/<int:priority_id>/support/add/",
        views.deployment_add,
        name="isap_deployment_add",
    ),
    path("support/<int:deployment_id>/", views.deployment_detail, name="isap_deployment"),
    path("support/<int:deployment_id>/edit/", views.deployment_edit, name="isap_deployment_edit"),
    path(
        "support/<int:deployment_id>/notes/add/",
        views.deployment_note,
        name="isap_deployment_note",
    ),
]
