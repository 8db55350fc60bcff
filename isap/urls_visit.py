from django.urls import URLPattern, path

from isap import visit_views

urlpatterns: list[URLPattern] = [
    path("visits/<int:visit_id>/plan/", visit_views.visit_actions, name="isap_visit_actions"),
]
