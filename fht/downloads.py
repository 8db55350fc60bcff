"""One way to hand over a stored file (a PDF a job made): privately, never cached, and a page
saying it is not ready (404) while it has not been made."""

from typing import Any, cast

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render


def stored_file_response(
    request: HttpRequest,
    *,
    file: FieldFile | None,
    filename: str,
    not_ready_template: str,
    context: dict[str, Any],
    content_type: str = "application/pdf",
) -> HttpResponse:
    """The file as an attachment named `filename`, or `not_ready_template` with `context` (404)
    when there is no file yet or its storage lost it."""
    try:
        handle = file.open("rb") if file else None
    except FileNotFoundError:
        handle = None
    response: HttpResponse | FileResponse
    if handle is None:
        response = render(request, not_ready_template, context, status=404)
    else:
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"  # whatever the settings say
    # Views are typed as returning HttpResponse; a FileResponse streams instead.
    return cast(HttpResponse, response)
