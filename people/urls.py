from django.urls import path

from people import views

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
]
