from django.urls import path

from schools import views

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:school_id>/", views.school_detail, name="school_detail"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<int:cluster_id>/", views.cluster_detail, name="cluster_detail"),
]
