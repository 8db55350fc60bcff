from django.urls import path

from returns import import_views, views

app_name = "returns"

urlpatterns = [
    path("schools/<int:school_id>/data/", views.school_data, name="school_data"),
    path("schools/<int:school_id>/data/returns/add/", views.data_return_add, name="return_add"),
    path(
        "schools/<int:school_id>/data/returns/upload/",
        import_views.data_return_upload,
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
    path(
        "data-returns/<int:return_id>/upload/",
        import_views.data_return_replace,
        name="return_replace",
    ),
    path("national-benchmarks/", views.benchmark_list, name="benchmark_list"),
    path("national-benchmarks/<int:year_id>/", views.benchmark_edit, name="benchmark_edit"),
    path(
        "schools/<int:school_id>/data/<int:year_id>/targets/upload/",
        import_views.targets_upload,
        name="targets_upload",
    ),
    path(
        "schools/<int:school_id>/data/<int:year_id>/targets/template/",
        import_views.targets_template,
        name="targets_template",
    ),
    path(
        "national-benchmarks/<int:year_id>/upload/",
        import_views.benchmark_upload,
        name="benchmark_upload",
    ),
    path(
        "national-benchmarks/<int:year_id>/template/",
        import_views.benchmark_template,
        name="benchmark_template",
    ),
    path("national-benchmarks/ks2-import/", import_views.ks2_import, name="ks2_import"),
    path("national-benchmarks/absence-import/", import_views.absence_import, name="absence_import"),
    path("data-imports/", import_views.imports_home, name="imports"),
    path("data-imports/<int:record_id>/", import_views.import_detail, name="import_detail"),
    path(
        "data-imports/<int:record_id>/confirm/", import_views.import_confirm, name="import_confirm"
    ),
    path("data-imports/<int:record_id>/cancel/", import_views.import_cancel, name="import_cancel"),
]
