"""The meetings of the cycle's pages (namespace `cycle`)."""

from django.urls import path

from cycle.views import files, pages

app_name = "cycle"

urlpatterns = [
    path("meetings/", pages.meeting_list, name="list"),
    path("meetings/new/", pages.meeting_create, name="create"),
    path("meetings/<int:meeting_id>/", pages.meeting_detail, name="detail"),
    path("meetings/<int:meeting_id>/decisions/", pages.decision_add, name="decision_add"),
    path("meetings/<int:meeting_id>/actions/", pages.action_add, name="action_add"),
    path(
        "meetings/<int:meeting_id>/actions/<int:action_id>/review/",
        pages.action_review,
        name="action_review",
    ),
    path("meetings/<int:meeting_id>/close/", pages.meeting_close, name="close"),
    path("meetings/<int:meeting_id>/pack/make/", pages.pack_make, name="pack_make"),
    path("meetings/<int:meeting_id>/pack.pdf", files.pack_download, name="pack"),
]
