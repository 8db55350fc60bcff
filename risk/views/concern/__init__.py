"""The concern part's pages; `urlpatterns` is included by risk/urls.py."""

from django.urls import URLPattern, path

from risk.views.concern import cases, letters

urlpatterns: list[URLPattern] = [
    path("risk/concern/", cases.case_list, name="concern_list"),
    path("risk/concern/open/", cases.case_open, name="concern_open"),
    path("risk/concern/<int:case_id>/", cases.case_detail, name="concern_case"),
    path("risk/concern/<int:case_id>/step/", cases.case_step, name="concern_step"),
    path("risk/concern/<int:case_id>/level/", cases.case_level, name="concern_level"),
    path("risk/concern/<int:case_id>/close/", cases.case_close, name="concern_close"),
    path("risk/concern/<int:case_id>/letter-text/", cases.case_text, name="concern_text"),
    path("risk/concern/<int:case_id>/isap/", cases.case_isap, name="concern_isap"),
    path(
        "risk/concern/<int:case_id>/letters/<str:kind>/make/",
        letters.letter_make,
        name="concern_letter_make",
    ),
    path(
        "risk/concern/<int:case_id>/letters/<str:kind>/<str:edition>.pdf",
        letters.letter_download,
        name="concern_letter",
    ),
]
