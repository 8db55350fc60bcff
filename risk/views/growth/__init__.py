"""The growth part's pages; `urlpatterns` is included by risk/urls.py."""

from django.urls import URLPattern, path

from risk.views.growth import due_diligence, pages

urlpatterns: list[URLPattern] = [
    path("risk/growth/", pages.growth_page, name="growth"),
    path("risk/growth/settings/", pages.growth_settings_page, name="growth_settings"),
    path("risk/growth/due-diligence/", due_diligence.due_diligence_list, name="growth_dd_list"),
    path("risk/growth/due-diligence/add/", due_diligence.due_diligence_add, name="growth_dd_add"),
    path(
        "risk/growth/due-diligence/<int:record_id>/",
        due_diligence.due_diligence_detail,
        name="growth_dd",
    ),
    path(
        "risk/growth/due-diligence/<int:record_id>/edit/",
        due_diligence.due_diligence_edit,
        name="growth_dd_edit",
    ),
    path(
        "risk/growth/due-diligence/<int:record_id>/join/",
        due_diligence.due_diligence_join,
        name="growth_dd_join",
    ),
]
