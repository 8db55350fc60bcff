"""The letters to parents of a whole year at once (the CEO and deputy): choose the year, see how
many of its reviews are shared, start a batch, follow its progress ('n of m schools'), download
the one PDF for printing and the zip of one PDF per school, and see earlier batches."""

import datetime as dt

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.downloads import stored_file_response
from fht.types import AuthenticatedRequest
from reviews import access as rules
from reviews.forms.documents import LetterYearForm
from reviews.models import LetterBatch
from reviews.selectors.documents import letter_batches, years_with_shared_counts
from reviews.services.letters import NothingToMake, letter_batch_start
from schools.models import AcademicYear
from schools.years import academic_year_for

FILES = {
    "letters.pdf": ("combined", "application/pdf"),
    "letters.zip": ("per_school", "application/zip"),
}


def _runner(request: AuthenticatedRequest) -> int:
    if not rules.runs_letter_batches(access_for(request.user)):
        raise Http404("No such page.")
    trust_id = request.user.trust_id
    assert trust_id is not None
    return trust_id


def _years(trust_id: int) -> QuerySet[AcademicYear]:
    return AcademicYear.objects.filter(trust_id=trust_id)


def _current_year_id(trust_id: int) -> int | None:
    year = academic_year_for(trust_id=trust_id, on=timezone.localdate())
    return year.pk if year else None


@require_http_methods(["GET", "POST"])
@trust_member_required
def letters(request: AuthenticatedRequest) -> HttpResponse:
    trust_id = _runner(request)
    status = 200
    if request.method == "POST":
        form = LetterYearForm(request.POST, years=_years(trust_id))
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                batch = letter_batch_start(year=year, acting_user=request.user)
            except NothingToMake as refusal:
                form.add_error("year", str(refusal))
            else:
                messages.success(request, f"The letters of {year} are being made.")
                return redirect(f"{request.path}?year={year.pk}#batch-{batch.pk}")
        status = 400
    elif "year" in request.GET:
        form = LetterYearForm(request.GET, years=_years(trust_id))
        status = 200 if form.is_valid() else 400
    else:
        form = LetterYearForm(initial={"year": _current_year_id(trust_id)}, years=_years(trust_id))
    years = years_with_shared_counts()
    if form.is_bound:
        chosen_id = form.cleaned_data["year"].pk if form.is_valid() else None
    else:
        chosen_id = form.initial.get("year") or (years[0][0].pk if years else None)
    context = {
        "form": form,
        "years": years,
        "chosen_year": next((year for year, _ in years if year.pk == chosen_id), None),
        "shared": next((n for year, n in years if year.pk == chosen_id), 0),
        "batches": letter_batches(),
    }
    return render(request, "reviews/documents/letters.html", context, status=status)


def _batch(request: AuthenticatedRequest, batch_id: int) -> LetterBatch:
    _runner(request)
    batch = LetterBatch.objects.select_related("academic_year", "job").filter(pk=batch_id).first()
    if batch is None:
        raise Http404("No such batch.")
    return batch


@require_GET
@trust_member_required
def letters_batch(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    """One batch's progress: the row alone for htmx polling, a whole page without JavaScript."""
    batch = _batch(request, batch_id)
    template = "reviews/documents/_batch.html" if request.htmx else "reviews/documents/batch.html"
    return render(request, template, {"batch": batch})


@require_GET
@trust_member_required
def letters_file(request: AuthenticatedRequest, batch_id: int, what: str) -> HttpResponse:
    if what not in FILES:
        raise Http404("No such file.")
    batch = _batch(request, batch_id)
    field, content_type = FILES[what]
    made: dt.date = batch.created_at.date()
    return stored_file_response(
        request,
        file=getattr(batch, field) or None,
        filename=f"letters-to-parents-{batch.academic_year.starts_in}-{made:%Y%m%d}-{batch.pk}.{what.rsplit('.', 1)[1]}",
        not_ready_template="reviews/documents/batch_not_ready.html",
        context={"batch": batch},
        content_type=content_type,
    )
