from django.urls import path

from schools import views

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/add/", views.school_add, name="school_add"),
    path("schools/<int:school_id>/", views.school_detail, name="school_detail"),
    path("schools/<int:school_id>/edit/", views.school_edit, name="school_edit"),
    path("schools/<int:school_id>/close/", views.school_close, name="school_close"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/add/", views.cluster_add, name="cluster_add"),
    path("clusters/<int:cluster_id>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<int:cluster_id>/edit/", views.cluster_edit, name="cluster_edit"),
    path(
        "clusters/<int:cluster_id>/directors/allocate/",
        views.cluster_director_allocate,
        name="cluster_director_allocate",
    ),
    path(
        "clusters/<int:cluster_id>/directors/end/",
        views.cluster_director_end,
        name="cluster_director_end",
    ),
    path("academic-years/", views.academic_year_list, name="academic_year_list"),
    path("academic-years/add/", views.academic_year_add, name="academic_year_add"),
    path("academic-years/<int:year_id>/edit/", views.academic_year_edit, name="academic_year_edit"),
]
