from django.urls import include, path

from schools import views
from schools.views import inspections

app_name = "schools"

# Clusters and academic years are the schools app's too, each in a namespace of its own so the menu
# can tell their pages from the schools' pages.
cluster_patterns = [
    path("", views.cluster_list, name="list"),
    path("add/", views.cluster_add, name="add"),
    path("<int:cluster_id>/", views.cluster_detail, name="detail"),
    path("<int:cluster_id>/edit/", views.cluster_edit, name="edit"),
]
year_patterns = [
    path("", views.academic_year_list, name="list"),
    path("add/", views.academic_year_add, name="add"),
    path("<int:year_id>/edit/", views.academic_year_edit, name="edit"),
]

urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/add/", views.school_add, name="add"),
    path("schools/<int:school_id>/", views.school_detail, name="detail"),
    path("schools/<int:school_id>/edit/", views.school_edit, name="edit"),
    path("schools/<int:school_id>/close/", views.school_close, name="close"),
    path(
        "schools/<int:school_id>/inspections/add/",
        inspections.inspection_add,
        name="inspection_add",
    ),
    path(
        "schools/<int:school_id>/inspections/<int:inspection_id>/edit/",
        inspections.inspection_edit,
        name="inspection_edit",
    ),
    path(
        "schools/<int:school_id>/inspections/<int:inspection_id>/delete/",
        inspections.inspection_delete,
        name="inspection_delete",
    ),
    path("clusters/", include((cluster_patterns, "clusters"))),
    path("academic-years/", include((year_patterns, "years"))),
]
