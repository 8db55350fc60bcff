from django.urls import path

from isap import export_views, list_views, views, visit_views

app_name = "isap"

urlpatterns = [
    path("schools/<int:school_id>/plan/", views.school_plans, name="school_plans"),
    path("schools/<int:school_id>/plan/start/", views.plan_start, name="plan_start"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/sign/", views.plan_sign, name="plan_sign"),
    path("plans/<int:plan_id>/priorities/add/", views.priority_add, name="priority_add"),
    path("priorities/<int:priority_id>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:priority_id>/targets/add/", views.target_add, name="target_add"),
    path("targets/<int:target_id>/edit/", views.target_edit, name="target_edit"),
    path("priorities/<int:priority_id>/actions/add/", views.action_add, name="action_add"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/notes/add/", views.action_note, name="action_note"),
    path("notes/<int:note_id>/evidence/", views.evidence_download, name="evidence"),
    path(
        "priorities/<int:priority_id>/support/add/",
        views.deployment_add,
        name="deployment_add",
    ),
    path("support/<int:deployment_id>/", views.deployment_detail, name="deployment"),
    path("support/<int:deployment_id>/edit/", views.deployment_edit, name="deployment_edit"),
    path(
        "support/<int:deployment_id>/notes/add/",
        views.deployment_note,
        name="deployment_note",
    ),
    path("plans/<int:plan_id>/plan.pdf", export_views.plan_pdf_download, name="plan_pdf"),
    path("plans/<int:plan_id>/pdf/", export_views.plan_pdf_render, name="plan_pdf_render"),
    path("plans/<int:plan_id>/plan.csv", export_views.plan_actions_csv, name="plan_csv"),
    path("plans/<int:plan_id>/support.csv", export_views.plan_support_csv, name="support_csv"),
    path("plans/<int:plan_id>/history/", list_views.plan_history_page, name="plan_history"),
    path("actions/", list_views.action_list_page, name="action_list"),
    path("trust/support/", list_views.support_totals_page, name="support_totals"),
    path("visits/<int:visit_id>/plan/", visit_views.visit_actions, name="visit_actions"),
]
