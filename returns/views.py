"""Data returns: a school's data page, entering, editing and uploading a return, statutory outcomes,
targets, and the trust's national benchmarks."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fht.charts import data_uri, figures_chart
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.tables import Column, Table
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from returns import csv_io, selectors, services
from returns.forms import DataReturnForm, MeasureValuesForm, StatutoryForm
from returns.grid import year_groups_for
from returns.measures import Measure
from returns.models import DataReturn
from schools.models import HalfTerm, School
from schools.years import academic_years

RETURN_COLUMNS = [
    Column(
        "collection_point",
        "Collection point",
        order_by="half_term__starts_on",
        value=lambda r: str(r.half_term),
    ),
    Column("attendance", "Attendance (%)", order_by="attendance", numeric=True),
    Column(
        "persistent_absence", "Persistent absence (%)", order_by="persistent_absence", numeric=True
    ),
    Column("suspensions", "Suspensions", order_by="suspensions", numeric=True),
    Column(
        "permanent_exclusions",
        "Permanent exclusions",
        order_by="permanent_exclusions",
        numeric=True,
    ),
    Column("row_count", "Grid rows", numeric=True),
    Column("source", "Entered", value=lambda r: r.get_source_display()),
]


class _NewestFirst(Table):
    """Returns are read newest first unless the reader sorts otherwise."""

    def __init__(self, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(request, **kwargs)
        if "sort" not in request.GET:
            self.descending = True
            self.rows = kwargs["rows"].order_by("-half_term__starts_on", "-pk")


def _chart(title: str, figures: list[dict[str, Any]]) -> str | None:
    svg = figures_chart(title=title, figures=figures)
    return data_uri(svg) if svg else None


def _chart_alt(title: str) -> str:
    """The chart's text alternative: what it shows, and where the same figures are in words."""
    return (
        f"{title}: bar chart of the school's percentages against national and target. "
        "The table beside it gives the same figures."
    )


@trust_member_required
def school_data(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id)
    table = _NewestFirst(
        request,
        columns=RETURN_COLUMNS,
        rows=selectors.school_returns(school=school),
        default_sort="collection_point",
        filename=f"data-returns-{school.urn}",
    )
    if table.wants_csv:
        return table.csv_response()
    returns = list(table.rows)
    latest = max(returns, key=lambda r: r.half_term.starts_on) if returns else None
    data = selectors.school_data(school=school, latest=latest)
    title = f"Latest return, {latest.half_term}" if latest else ""
    context = {
        "school": school,
        "table": table,
        "returns": returns,
        "data": data,
        "chart": _chart(title, data.headline) if latest else None,
        "chart_alt": _chart_alt(title),
        "can_write": selectors.can_write_data(request.user, school.pk),
        "academic_years": academic_years(trust_id=school.trust_id),
    }
    return render(request, "returns/school_data.html", context)


def default_half_term(half_terms: QuerySet[HalfTerm], returned: dict[int, int]) -> int | None:
    """The latest half-term begun by today that has no return yet."""
    today = timezone.localdate()
    for half_term in half_terms:
        if half_term.starts_on <= today and half_term.pk not in returned:
            return half_term.pk
    return None


def return_choices(school: School) -> dict[str, Any]:
    half_terms = selectors.half_terms(trust_id=school.trust_id)
    returned = selectors.returned_half_terms(school=school)
    return {"half_terms": half_terms, "returned": returned}


@trust_member_required
def data_return_add(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id, write=True)
    choices = return_choices(school)
    form = DataReturnForm(
        posted(request),
        school=school,
        initial={"half_term": default_half_term(choices["half_terms"], choices["returned"])},
        **choices,
    )
    if form.is_bound and form.is_valid():
        try:
            data_return = services.data_return_save(
                school=school,
                half_term=form.chosen_half_term,
                headline=form.headline(),
                rows=form.rows,
                acting_user=request.user,
                source=DataReturn.Source.FORM,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The return for {data_return.half_term} has been saved.")
            return redirect("returns:return_detail", return_id=data_return.pk)
    context = {"form": form, "school": school, "has_half_terms": choices["half_terms"].exists()}
    return form_page(request, "returns/data_return_form.html", context, bound=form.is_bound)


@trust_member_required
def data_return_edit(request: AuthenticatedRequest, return_id: int) -> HttpResponse:
    data_return = selectors.access_data_return(request.user, return_id, write=True)
    school = data_return.school
    form = DataReturnForm(posted(request), school=school, data_return=data_return)
    if form.is_bound and form.is_valid():
        try:
            services.data_return_save(
                school=school,
                half_term=data_return.half_term,
                headline=form.headline(),
                rows=form.rows,
                acting_user=request.user,
                source=DataReturn.Source.FORM,
                data_return=data_return,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The return for {data_return.half_term} has been updated.")
            return redirect("returns:return_detail", return_id=data_return.pk)
    context = {"form": form, "school": school, "data_return": data_return, "has_half_terms": True}
    return form_page(request, "returns/data_return_form.html", context, bound=form.is_bound)


@trust_member_required
def data_return_template(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id, write=True)
    return csv_io.csv_response(
        f"data-return-template-{school.urn}",
        csv_io.HEADER,
        csv_io.template_rows(year_groups_for(school)),
    )


@trust_member_required
def data_return_detail(request: AuthenticatedRequest, return_id: int) -> HttpResponse:
    data_return = selectors.access_data_return(request.user, return_id)
    rows = list(data_return.rows.all())
    if request.GET.get("format") == "csv":
        name = f"data-return-{data_return.school.urn}-{data_return.half_term.get_name_display()}"
        return csv_io.csv_response(
            name.lower().replace(" ", "-"), csv_io.HEADER, csv_io.grid_rows(rows)
        )
    headline = selectors.return_headline(data_return, rows)
    title = f"{data_return.school.name}, {data_return.half_term}"
    context = {
        "data_return": data_return,
        "school": data_return.school,
        "headline": headline,
        "grid": selectors.grid_years(rows),
        "chart": _chart(title, headline),
        "chart_alt": _chart_alt(title),
        "can_write": selectors.can_write_data(request.user, data_return.school_id),
    }
    return render(request, "returns/data_return_detail.html", context)


# --- Statutory outcomes and targets --------------------------------------------------------------


@trust_member_required
def statutory_edit(request: AuthenticatedRequest, school_id: int, year_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id, write=True)
    year = selectors.access_academic_year(request.user, year_id)
    current = selectors.statutory_results(school=school, academic_year=year)
    form = StatutoryForm(posted(request), current=current)
    if form.is_bound and form.is_valid():
        try:
            services.statutory_results_save(
                school=school, academic_year=year, results=form.results, acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{school.name}'s statutory outcomes for {year} are saved.")
            return redirect("returns:school_data", school_id=school.pk)
    context = {"form": form, "school": school, "year": year}
    return form_page(request, "returns/statutory_form.html", context, bound=form.is_bound)


@trust_member_required
def targets_edit(request: AuthenticatedRequest, school_id: int, year_id: int) -> HttpResponse:
    school = selectors.access_school_data(request.user, school_id, write=True)
    year = selectors.access_academic_year(request.user, year_id)
    form = MeasureValuesForm(
        posted(request),
        measures=list(Measure),
        current=selectors.school_targets(school=school, academic_year=year),
        suffix=" target",
    )
    if form.is_bound and form.is_valid():
        try:
            services.school_targets_save(
                school=school, academic_year=year, targets=form.values, acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{school.name}'s targets for {year} are saved.")
            return redirect("returns:school_data", school_id=school.pk)
    context = {
        "form": form,
        "school": school,
        "year": year,
        "title": f"Targets for {year}",
        "intro": "The school's own target for each measure. Leave a box empty for no target.",
        "cancel": "returns:school_data",
        "upload_url": reverse("returns:targets_upload", args=[school.pk, year.pk]),
        "template_url": reverse("returns:targets_template", args=[school.pk, year.pk]),
    }
    return form_page(request, "returns/measure_values_form.html", context, bound=form.is_bound)


# --- National benchmarks --------------------------------------------------------------------------


@trust_member_required
def benchmark_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "years": selectors.benchmark_years(user=request.user),
        "can_manage": selectors.can_manage_benchmarks(request.user),
        "can_import": bool(selectors.importable_school_ids(request.user)),
    }
    return render(request, "returns/benchmark_list.html", context)


@trust_member_required
def benchmark_edit(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = selectors.access_academic_year_for_benchmarks(request.user, year_id)
    trust = trust_of(request.user)
    form = MeasureValuesForm(
        posted(request),
        measures=list(Measure),
        current=selectors.national_benchmarks(trust_id=trust.pk, academic_year=year),
        suffix=", national",
    )
    if form.is_bound and form.is_valid():
        try:
            services.national_benchmarks_save(
                trust=trust, academic_year=year, values=form.values, acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The national figures for {year} are saved.")
            return redirect("returns:benchmark_list")
    context = {
        "form": form,
        "year": year,
        "title": f"National figures for {year}",
        "intro": "The national figure for each measure, as the DfE publishes it. "
        "Leave a box empty where there is none.",
        "cancel": "returns:benchmark_list",
        "upload_url": reverse("returns:benchmark_upload", args=[year.pk]),
        "template_url": reverse("returns:benchmark_template", args=[year.pk]),
    }
    return form_page(request, "returns/measure_values_form.html", context, bound=form.is_bound)
