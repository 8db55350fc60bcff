"""The visit proforma PDF: downloaded in the reader's edition, and made again on a writer's request."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from fht.decorators import trust_member_required
from fht.downloads import stored_file_response
from fht.types import AuthenticatedRequest
from qa_visits.proforma import proforma_download_name, proforma_for, proforma_render_request
from qa_visits.selectors import access_visit, audience_for, can_write_school


@require_GET
@trust_member_required
def visit_proforma_download(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    """The edition of the proforma this reader may see, never a fuller one. 404 (with a page saying
    so) while it has not been made yet."""
    visit = access_visit(request.user, visit_id)
    audience = audience_for(request.user, visit.school_id)
    proforma = proforma_for(visit=visit, audience=audience)
    return stored_file_response(
        request,
        file=proforma.file if proforma else None,
        filename=proforma_download_name(visit),
        not_ready_template="qa_visits/proforma/not_ready.html",
        context={"visit": visit},
    )


@require_POST
@trust_member_required
def visit_proforma_render(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    """Have the proforma made: again, for those who write the visit (say, after a failed render);
    for the first time, for any reader of a submitted visit whose proforma was never made (a
    visit recorded before the PDFs existed, or imported)."""
    visit = access_visit(request.user, visit_id)
    if visit.proforma_job_id is not None and not can_write_school(request.user, visit.school_id):
        raise Http404("No such visit")
    if not visit.is_submitted:
        messages.error(request, "The proforma is made once the visit is submitted.")
        return redirect("qa_visits:detail", visit_id=visit.pk)
    proforma_render_request(visit=visit, acting_user=request.user)
    messages.success(request, "The proforma is being made: this page shows its progress.")
    return redirect("qa_visits:detail", visit_id=visit.pk)
