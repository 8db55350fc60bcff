from django.urls import path

from qa_visits import proforma_views

urlpatterns = [
    path(
        "visits/<int:visit_id>/proforma.pdf",
        proforma_views.visit_proforma_download,
        name="visit_proforma_download",
    ),
    path(
        "visits/<int:visit_id>/proforma/render/",
        proforma_views.visit_proforma_render,
        name="visit_proforma_render",
    ),
]
