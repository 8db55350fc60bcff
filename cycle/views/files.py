"""The pack as a PDF: downloaded by those who read the meeting; each download is noted (who,
first opened at)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cycle.selectors.meetings import access_meeting
from cycle.services.meetings import pack_opened
from cycle.services.pack import download_name
from fht.decorators import trust_member_required
from fht.downloads import stored_file_response
from fht.types import AuthenticatedRequest


@require_GET
@trust_member_required
def pack_download(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """The pack as last made; 404 (a page saying so) while it has not been made."""
    meeting = access_meeting(request.user, meeting_id)
    response = stored_file_response(
        request,
        file=meeting.pack if meeting.pack else None,
        filename=download_name(meeting),
        not_ready_template="cycle/pack_not_ready.html",
        context={"meeting": meeting},
    )
    if response.status_code == 200:
        pack_opened(meeting=meeting, person=request.user)
    return response
