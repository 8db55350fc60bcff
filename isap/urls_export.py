from django.urls import URLPattern, path

from isap import export_views

urlpatterns: list[URLPattern] = [
    path("plans/<int:plan_id>/plan.pdf", export_views.plan_pdf_download, name="isap_plan_pdf"),
    path("plans/<int:plan_id>/pdf/", export_views.plan_pdf_render, name="isap_plan_pdf_render"),
    path("plans/<int:plan_id>/plan.csv", export_views.plan_actions_csv, name="isap_plan_csv"),
    path("plans/<int:plan_id>/support.csv", export_views.plan_support_csv, name="isap_support_csv"),
]
