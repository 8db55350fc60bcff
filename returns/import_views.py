"""The file imports' pages: an upload page per kind (with its CSV template or the DfE's file
described), the dry run's page that lists what would change, and confirming or cancelling it."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import form_page, posted
from fht.jobs import may_retry
from fht.models import ImportRecord
from fht.tenancy import trust_id_of
from fht.types import AuthenticatedRequest
from fht.uploads import ENCODINGS
from returns import csv_io, imports, return_upload, selectors
from returns.forms.imports import DataReturnUploadForm, ImportForm, YearImportForm
from returns.measures import Measure
from returns.models import DataReturn
from returns.views import default_half_term, return_choices
from schools.models import School
from schools.years import academic_year_choices, academic_years


def _upload(
    request: AuthenticatedRequest,
    form: ImportForm,
    *,
    kind: str,
    options: Any,
    context: dict[str, Any],
    template: str = "returns/import_upload.html",
) -> HttpResponse:
    """Check the file and show what it would change; a refused file comes back with its errors."""
    if form.is_bound and form.is_valid():
        record = imports.import_start(
            kind=kind,
            upload=form.cleaned_data["file"],
            encoding=form.cleaned_data["encoding"],
            options=options(form) if callable(options) else options,
            user=request.user,
        )
        if record.status != ImportRecord.Status.REFUSED:
            return redirect("returns:import_detail", record_id=record.pk)
        form.refused(record)
        context["record"] = record
    context["form"] = form
    return form_page(request, template, context, bound=form.is_bound)


def _files(request: AuthenticatedRequest) -> Any:
    return request.FILES if request.method == "POST" else None


@trust_member_required
def ks2_import(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_import(request.user)
    form = YearImportForm(
        posted(request),
        _files(request),
        years=academic_year_choices(trust_id=trust_id_of(request.user)),
        max_bytes=imports.MAX_DFE_BYTES,
        file_label="Performance-tables CSV file",
    )
    context = {
        "title": "Import KS2 results",
        "about": "returns/_about_ks2.html",
        "cancel": reverse("returns:benchmark_list"),
        "crumb": ("National figures", reverse("returns:benchmark_list")),
    }
    return _upload(
        request,
        form,
        kind=imports.KS2,
        options=lambda f: {"academic_year": f.cleaned_data["academic_year"].pk},
        context=context,
    )


@trust_member_required
def absence_import(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_import(request.user)
    form = ImportForm(
        posted(request),
        _files(request),
        max_bytes=imports.MAX_DFE_BYTES,
        file_label="Absence by school CSV file",
    )
    context = {
        "title": "Import school absence",
        "about": "returns/_about_absence.html",
        "cancel": reverse("returns:benchmark_list"),
        "crumb": ("National figures", reverse("returns:benchmark_list")),
    }
    return _upload(request, form, kind=imports.ABSENCE, options={}, context=context)


def _return_upload(
    request: AuthenticatedRequest, school: School, data_return: DataReturn | None
) -> HttpResponse:
    """A return's figures from CSV: a new half-term's, or (given `data_return`) new figures for a
    return already entered. Nothing is saved until the dry run is confirmed."""
    choices = return_choices(school) if data_return is None else {}
    initial = (
        {"half_term": default_half_term(choices["half_terms"], choices["returned"])}
        if data_return is None
        else {}
    )
    form = DataReturnUploadForm(
        posted(request),
        _files(request),
        school=school,
        data_return=data_return,
        initial=initial,
        **choices,
    )
    context = {
        "school": school,
        "data_return": data_return,
        "has_half_terms": data_return is not None or choices["half_terms"].exists(),
    }

    def options(f: DataReturnUploadForm) -> dict[str, Any]:
        return return_upload.return_options(
            school=school,
            half_term=f.chosen_half_term,
            headline=f.headline(),
            data_return=data_return,
        )

    return _upload(
        request,
        form,
        kind=imports.DATA_RETURN,
        options=options,
        context=context,
        template="returns/data_return_upload.html",
    )


@trust_member_required
def data_return_upload(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id, write=True)
    return _return_upload(request, school, None)


@trust_member_required
def data_return_replace(request: AuthenticatedRequest, return_id: int) -> HttpResponse:
    data_return = selectors.access_data_return(request.user, return_id, write=True)
    return _return_upload(request, data_return.school, data_return)


def _values_rows(current: dict[str, Any]) -> list[list[object]]:
    return [[m.value, m.label, current.get(m.value, "")] for m in Measure]


@trust_member_required
def targets_template(request: AuthenticatedRequest, school_id: int, year_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id, write=True)
    year = selectors.access_academic_year(request.user, year_id)
    current = selectors.school_targets(school=school, academic_year=year)
    return csv_io.csv_response(
        f"targets-{school.urn}-{year.starts_in}",
        [*imports.TEMPLATE_HEADER, "target"],
        _values_rows(current),
    )


@trust_member_required
def targets_upload(request: AuthenticatedRequest, school_id: int, year_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id, write=True)
    year = selectors.access_academic_year(request.user, year_id)
    form = ImportForm(posted(request), _files(request))
    context = {
        "title": f"Upload targets for {year}",
        "caption": school.name,
        "about": "returns/_about_values.html",
        "value_column": "target",
        "template_url": reverse("returns:targets_template", args=[school.pk, year.pk]),
        "cancel": reverse("returns:school_data", args=[school.pk]),
        "crumb": ("Data", reverse("returns:school_data", args=[school.pk])),
    }
    return _upload(
        request,
        form,
        kind=imports.TARGETS,
        options={"school": school.pk, "academic_year": year.pk},
        context=context,
    )


@trust_member_required
def benchmark_template(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = selectors.access_academic_year_for_benchmarks(request.user, year_id)
    current = selectors.national_benchmarks(trust_id=trust_id_of(request.user), academic_year=year)
    return csv_io.csv_response(
        f"national-figures-{year.starts_in}",
        [*imports.TEMPLATE_HEADER, "national"],
        _values_rows(current),
    )


@trust_member_required
def benchmark_upload(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = selectors.access_academic_year_for_benchmarks(request.user, year_id)
    form = ImportForm(posted(request), _files(request))
    context = {
        "title": f"Upload national figures for {year}",
        "about": "returns/_about_values.html",
        "value_column": "national",
        "template_url": reverse("returns:benchmark_template", args=[year.pk]),
        "cancel": reverse("returns:benchmark_list"),
        "crumb": ("National figures", reverse("returns:benchmark_list")),
    }
    return _upload(
        request, form, kind=imports.BENCHMARKS, options={"academic_year": year.pk}, context=context
    )


@trust_member_required
def imports_home(request: AuthenticatedRequest) -> HttpResponse:
    """Every import this person may make, with its template or the DfE file it reads, and their
    own imports, newest first."""
    user = request.user
    trust_id = trust_id_of(user)
    writable = access_for(user).improvement_school_ids()
    context = {
        "can_import_dfe": bool(selectors.importable_school_ids(user)),
        "benchmark_years": academic_years(trust_id=trust_id)
        if selectors.can_manage_benchmarks(user)
        else [],
        "target_schools": School.objects.filter(trust_id=trust_id, pk__in=writable).order_by(
            "name"
        ),
        "records": ImportRecord.objects.filter(
            trust_id=trust_id, uploaded_by=user, kind__in=[k.key for k in imports.KINDS]
        )[:50],
    }
    return render(request, "returns/imports_home.html", context)


# --- One import: its dry run, confirming it, cancelling it -------------------------------------


def access_import(request: AuthenticatedRequest, record_id: int) -> ImportRecord:
    """The person's own import, while they may still make it; 404 otherwise."""
    record = (
        ImportRecord.objects.filter(
            trust_id=trust_id_of(request.user),
            pk=record_id,
            kind__in=[k.key for k in imports.KINDS],
            uploaded_by=request.user,
        )
        .select_related("uploaded_by", "applied_by")
        .first()
    )
    if record is None or not imports.may_import(request.user, record.kind, record.options):
        raise Http404("No such import")
    return record


def _back(record: ImportRecord) -> str:
    options = record.options
    if record.kind in {imports.TARGETS, imports.DATA_RETURN}:
        return reverse("returns:school_data", args=[options["school"]])
    return reverse("returns:imports")


def _saved_return(record: ImportRecord) -> DataReturn | None:
    """The return a confirmed data-return upload saved, for a link to it."""
    if record.kind != imports.DATA_RETURN or record.status != ImportRecord.Status.APPLIED:
        return None
    options = record.options
    returns = DataReturn.objects.filter(trust_id=record.trust_id, school_id=options.get("school"))
    if options.get("half_term") is not None:
        return returns.filter(half_term_id=options["half_term"]).first()
    if options.get("data_return") is not None:  # recorded before the preview step existed
        return returns.filter(pk=options["data_return"]).first()
    return None


@trust_member_required
def import_detail(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = access_import(request, record_id)
    job = imports.latest_job(record)
    context = {
        "record": record,
        "job": job if job is not None and job.status != job.Status.DONE else None,
        "can_retry": job is not None and may_retry(request.user, job),
        "back": _back(record),
        "back_label": "Back to the school's data"
        if record.kind in {imports.TARGETS, imports.DATA_RETURN}
        else "Back to your imports",
        "encoding": ENCODINGS.get(record.encoding, record.encoding),
        "data_return": _saved_return(record),
        "more_changes": max(0, record.summary.get("Figures to change", 0) - len(record.preview)),
    }
    return render(request, "returns/import_detail.html", context)


@require_POST
@trust_member_required
def import_confirm(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = access_import(request, record_id)
    if record.status != ImportRecord.Status.CHECKED:
        messages.info(request, "This import is not waiting to be confirmed.")
        return redirect("returns:import_detail", record_id=record.pk)
    record = imports.import_confirm(record, request.user)
    if record.status == ImportRecord.Status.APPLIED:
        changed = record.summary.get("Figures changed", 0)
        messages.success(request, f"{record.file_name} is imported: {changed} figure(s) changed.")
    elif record.status == ImportRecord.Status.REFUSED:
        messages.error(request, "The file now has errors: nothing was imported.")
    return redirect("returns:import_detail", record_id=record.pk)


@require_POST
@trust_member_required
def import_cancel(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = access_import(request, record_id)
    if imports.import_cancel(record, request.user):
        messages.info(request, "The import is cancelled: nothing was imported.")
    else:
        messages.warning(
            request,
            f"This import could not be cancelled: it is {record.get_status_display().lower()}.",
        )
    return redirect(_back(record))
