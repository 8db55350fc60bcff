from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("schools/<int:school_id>/data/", views.school_data, name="school_data"),
    path("schools/<int:school_id>/data/returns/add/", views.data_return_add, name="return_add"),
    path(
        "schools/<int:school_id>/data/returns/upload/",
        views.data_return_upload,
        name="return_upload",
    ),
    path(
        "schools/<int:school_id>/data/returns/template/",
        views.data_return_template,
        name="return_template",
    ),
    path(
        "schools/<int:school_id>/data/<int:year_id>/outcomes/",
        views.statutory_edit,
        name="statutory_edit",
    ),
    path(
        "schools/<int:school_id>/data/<int:year_id>/targets/",
        views.targets_edit,
        name="targets_edit",
    ),
    path("data-returns/<int:return_id>/", views.data_return_detail, name="return_detail"),
    path("data-returns/<int:return_id>/edit/", views.data_return_edit, name="return_edit"),
    path("national-benchmarks/", views.benchmark_list, name="benchmark_list"),
    path("national-benchmarks/<int:year_id>/", views.benchmark_edit, name="benchmark_edit"),
    path("national-benchmarks/ks2-progress-import/", views.ks2_import, name="ks2_import"),
]
