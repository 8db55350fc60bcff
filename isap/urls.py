from django.urls import path

from isap.views import actions, exports, lists, plans, priorities, support, visit

app_name = "isap"

urlpatterns = [
    path("schools/<int:school_id>/plan/", plans.school_plans, name="school_plans"),
    path("schools/<int:school_id>/plan/start/", plans.plan_start, name="plan_start"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("plans/<int:plan_id>/sign/", plans.plan_sign, name="plan_sign"),
    path("plans/<int:plan_id>/priorities/add/", priorities.priority_add, name="priority_add"),
    path("priorities/<int:priority_id>/edit/", priorities.priority_edit, name="priority_edit"),
    path("priorities/<int:priority_id>/targets/add/", priorities.target_add, name="target_add"),
    path("targets/<int:target_id>/edit/", priorities.target_edit, name="target_edit"),
    path("priorities/<int:priority_id>/actions/add/", actions.action_add, name="action_add"),
    path("actions/<int:action_id>/", actions.action_detail, name="action"),
    path("actions/<int:action_id>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:action_id>/notes/add/", actions.action_note, name="action_note"),
    path("notes/<int:note_id>/evidence/", actions.evidence_download, name="evidence"),
    path(
        "priorities/<int:priority_id>/support/add/",
        support.deployment_add,
        name="deployment_add",
    ),
    path("support/<int:deployment_id>/", support.deployment_detail, name="deployment"),
    path("support/<int:deployment_id>/edit/", support.deployment_edit, name="deployment_edit"),
    path(
        "support/<int:deployment_id>/notes/add/",
        support.deployment_note,
        name="deployment_note",
    ),
    path("plans/<int:plan_id>/plan.pdf", exports.plan_pdf_download, name="plan_pdf"),
    path("plans/<int:plan_id>/pdf/", exports.plan_pdf_render, name="plan_pdf_render"),
    path("plans/<int:plan_id>/plan.csv", exports.plan_actions_csv, name="plan_csv"),
    path("plans/<int:plan_id>/support.csv", exports.plan_support_csv, name="support_csv"),
    path("plans/<int:plan_id>/history/", lists.plan_history_page, name="plan_history"),
    path("actions/", lists.action_list_page, name="action_list"),
    path("trust/support/", lists.support_totals_page, name="support_totals"),
    path("visits/<int:visit_id>/plan/", visit.visit_actions, name="visit_actions"),
]
