"""Views for the capture tests alone: a write rolled back by a refusal, and a file download."""

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import include, path

from fht.models import Trust
from fht.urls import urlpatterns as project_patterns


def rolled_back(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        Trust.objects.create(name="Written then rolled back", slug="rolled-back")
        raise Http404("Refused after a write")


def pdf(request: HttpRequest) -> FileResponse:
    import io

    return FileResponse(
        io.BytesIO(b"%PDF-1.4 test"),
        as_attachment=True,
        filename="pack.pdf",
        content_type="application/pdf",
    )


urlpatterns = [
    path("test-audit/rolled-back/", rolled_back),
    path("test-audit/pack.pdf", pdf),
    path("", include(project_patterns)),
]
