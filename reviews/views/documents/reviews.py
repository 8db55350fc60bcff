"""A review's documents: their own page (the panel, where 'Make the documents' returns), the
request to make them again (those who write the review), and the downloads, each in the edition the
reader may read (the full report only with the restricted notes; the letter for every reader)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from fht.decorators import trust_member_required
from fht.downloads import stored_file_response
from fht.types import AuthenticatedRequest
from reviews.selectors.access import access_review, review_access
from reviews.selectors.documents import document_for
from reviews.services.documents import NotShared, review_documents_request
from reviews.views.documents.panel import PANEL_TEMPLATE, panel_context

WHAT = {"report": "partnership-review", "letter": "letter-to-parents"}


@require_GET
@trust_member_required
def review_documents(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    found = review_access(request.user, review_id)
    if not found.review.is_shared and not found.writes:
        raise Http404("No such review.")
    context = {"found": found, "panel": panel_context(request.user, found)}
    return render(
        request, "reviews/documents/documents.html", context | {"panel_template": PANEL_TEMPLATE}
    )


@require_POST
@trust_member_required
def review_documents_make(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """Have the report and the letter made again from the review as it stands."""
    found = access_review(request.user, review_id, write=True)
    try:
        review_documents_request(review=found.review, acting_user=request.user)
    except NotShared as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The documents are being made: this page shows the progress.")
    # Back to the review's page, at its documents (where the job's progress shows).
    return redirect(reverse("reviews:detail", args=[found.review.pk]) + "#review-documents")


@require_GET
@trust_member_required
def review_document_download(
    request: AuthenticatedRequest, review_id: int, what: str
) -> HttpResponse:
    """The report (the reader's edition) or the letter as last made; 404 with a page saying so
    while it has not been made."""
    if what not in WHAT:
        raise Http404("No such document.")
    found = review_access(request.user, review_id)
    document = document_for(found, what=what)
    review = found.review
    name = f"{slugify(review.school.name)}-{WHAT[what]}-{review.academic_year.starts_in}.pdf"
    return stored_file_response(
        request,
        file=document.file if document else None,
        filename=name,
        not_ready_template="reviews/documents/not_ready.html",
        context={"review": review, "job": review.documents_job},
    )
