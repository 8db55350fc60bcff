"""The meetings part's pages; `urlpatterns` is included by risk/urls.py."""

from django.urls import URLPattern, path

from risk.views.meetings import files, pages

urlpatterns: list[URLPattern] = [
    path("risk/meetings/", pages.meeting_list, name="meetings"),
    path("risk/meetings/next/", pages.meeting_prepare_next, name="meeting_prepare_next"),
    path("risk/meetings/<int:meeting_id>/", pages.meeting_detail, name="meeting_detail"),
    path("risk/meetings/<int:meeting_id>/close/", pages.meeting_close, name="meeting_close"),
    path(
        "risk/meetings/<int:meeting_id>/summary/",
        pages.meeting_summary_page,
        name="meeting_summary",
    ),
    path("risk/meetings/items/<int:item_id>/", pages.meeting_item, name="meeting_item"),
    path(
        "risk/meetings/<int:meeting_id>/<str:document>.pdf", files.meeting_pdf, name="meeting_pdf"
    ),
    path(
        "risk/meetings/<int:meeting_id>/<str:document>/make/",
        files.meeting_pdf_make,
        name="meeting_pdf_make",
    ),
]
