"""The meeting's pack and minutes as PDF: made by the worker on request, downloaded here in the
edition the person may read."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from fht.decorators import trust_member_required
from fht.downloads import stored_file_response
from fht.types import AuthenticatedRequest
from risk.models import MeetingDocument
from risk.selectors import meetings as selectors
from risk.services import meetings_pdf


def _document(document: str) -> str:
    if document not in MeetingDocument.Document.values:
        raise Http404("No such document")
    return document


@require_GET
@trust_member_required
def meeting_pdf(request: AuthenticatedRequest, meeting_id: int, document: str) -> HttpResponse:
    """The pack or minutes as last made, in the person's edition; 404 while not made yet."""
    meeting = selectors.access_meeting(request.user, meeting_id)
    document = _document(document)
    edition = meetings_pdf.edition_for(meeting=meeting, user=request.user)
    stored = meetings_pdf.stored_document(meeting=meeting, document=document, edition=edition)
    return stored_file_response(
        request,
        file=stored.file if stored else None,
        filename=f"{meetings_pdf.file_stem(meeting, document)}.pdf",
        not_ready_template="risk/meetings/pdf_not_ready.html",
        context={"meeting": meeting, "document": document},
    )


@require_POST
@trust_member_required
def meeting_pdf_make(request: AuthenticatedRequest, meeting_id: int, document: str) -> HttpResponse:
    """Have the pack or minutes made now, as the meeting stands."""
    meeting = selectors.access_meeting(request.user, meeting_id)
    document = _document(document)
    meetings_pdf.meeting_pdf_request(meeting=meeting, document=document, acting_user=request.user)
    label = MeetingDocument.Document(document).label.lower()
    messages.success(request, f"The {label} is being made: this page shows its progress.")
    return redirect("risk:meeting_detail", meeting.pk)
