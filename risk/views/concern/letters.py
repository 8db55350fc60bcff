"""The case's letters: made by the worker on request (those who send them), downloaded by those
who read the case; the restricted edition of the letter to the LGB only by those who read the
school's restricted head-performance text (risk/services/concern_letters.py says why)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.downloads import stored_file_response
from fht.types import AuthenticatedRequest
from risk.access import reads_restricted
from risk.models import ConcernLetter
from risk.selectors.concern import access_case, letter_of
from risk.services.concern_letters import RESTRICTED, concern_letter_request, editions_of


def _kind(kind: str) -> ConcernLetter.Kind:
    if kind not in ConcernLetter.Kind.values:
        raise Http404("No such letter")
    return ConcernLetter.Kind(kind)


@require_POST
@trust_member_required
def letter_make(request: AuthenticatedRequest, case_id: int, kind: str) -> HttpResponse:
    """Have the letter made from the case's record as it stands (the CEO and deputy)."""
    case = access_case(request.user, case_id, own=True)
    try:
        concern_letter_request(case=case, kind=_kind(kind), acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The letter is being made: this page shows its progress.")
    return redirect("risk:concern_case", case_id=case.pk)


@require_GET
@trust_member_required
def letter_download(
    request: AuthenticatedRequest, case_id: int, kind: str, edition: str
) -> HttpResponse:
    """The letter as last made; 404 (with a page saying so) while it has not been made."""
    case = access_case(request.user, case_id)
    chosen = next((e for e in editions_of(_kind(kind)) if e.key == edition), None)
    if chosen is None:
        raise Http404("No such letter")
    if chosen is RESTRICTED and not reads_restricted(access_for(request.user), case.school_id):
        raise Http404("No such letter")
    letter = letter_of(case, kind)
    file = None
    if letter is not None:
        file = letter.restricted_file if chosen is RESTRICTED else letter.file
    suffix = " (restricted)" if chosen is RESTRICTED else ""
    name = f"{slugify(case.school.name)}-{kind}-letter{'-restricted' if suffix else ''}.pdf"
    return stored_file_response(
        request,
        file=file,
        filename=name,
        not_ready_template="risk/concern/letter_not_ready.html",
        context={"case": case, "letter": letter},
    )
