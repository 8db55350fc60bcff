import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.registry import PanelContent, panels_for
from fht.roles import ClusterPerm, SchoolPerm
from fht.tables import Column, Table
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from schools import selectors, services
from schools.forms import (
    AcademicYearAddForm,
    ClusterForm,
    HalfTermDatesForm,
    SchoolCloseForm,
    SchoolForm,
)
from schools.inspections import latest_inspections
from schools.models import Cluster, School

SCHOOL_COLUMNS = [
    Column("name", "School", order_by="name"),
    Column("urn", "URN", order_by="urn"),
    Column(
        "cluster",
        "Cluster",
        order_by="cluster__name",
        value=lambda s: s.cluster.name if s.cluster else "",
    ),
    Column(
        "category",
        "Category",
        order_by="category",
        value=lambda s: s.get_category_display() or "Not yet categorised",
    ),
    Column("local_authority", "Local authority", order_by="local_authority"),
    Column("pupils_on_roll", "Pupils", order_by="pupils_on_roll", numeric=True),
    Column(
        "ofsted",
        "Latest Ofsted",
        order_by="latest_inspected_on",
        value=lambda s: s.latest_inspection.headline if s.latest_inspection else "",
    ),
]
SCHOOL_CSV_EXTRA = [
    Column("establishment_number", "DfE establishment number"),
    Column("phase", "Phase", value=lambda s: s.get_phase_display()),
    Column("latest_inspected_on", "Inspected on"),
    Column("joined_trust_on", "Joined the trust"),
    Column("route", "Route", value=lambda s: s.get_route_display()),
    Column("closed_on", "Closed on"),
]
CLUSTER_COLUMNS = [
    Column("name", "Cluster", order_by="name"),
    Column("area", "Area", order_by="area"),
    Column("school_count", "Open schools", order_by="school_count", numeric=True),
]


def _int_or_none(value: str | None) -> int | None:
    """An id from a query string: a positive number a database can hold, else nothing."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**63 else None


def _with_latest_inspection(schools: list[School]) -> list[School]:
    """Each school with `latest_inspection` (a LatestInspection or None), in one query."""
    latest = latest_inspections(s.pk for s in schools)
    for school in schools:
        school.latest_inspection = latest.get(school.pk)  # type: ignore[attr-defined]
    return schools


@trust_member_required
def school_list(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    cluster_id = _int_or_none(request.GET.get("cluster"))
    schools = selectors.school_list(user=request.user, query=query, cluster_id=cluster_id)
    wants_csv = request.GET.get("format") == "csv"
    table = Table(
        request,
        columns=SCHOOL_COLUMNS + SCHOOL_CSV_EXTRA if wants_csv else SCHOOL_COLUMNS,
        rows=schools,
        default_sort="name",
        filename="schools",
    )
    rows = _with_latest_inspection(list(table.rows))
    if table.wants_csv:
        return table.csv_response(rows)
    context = {
        "table": table,
        "schools": rows,
        "clusters": selectors.cluster_list(user=request.user),
        "query": query,
        "cluster_id": cluster_id,
        "filtered": bool(query or cluster_id),
        "can_manage": selectors.can_manage_structure(request.user),
    }
    return render(request, "schools/school_list.html", context)


@trust_member_required
def school_detail(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school(request.user, school_id)
    access = access_for(request.user)
    can_manage = selectors.can_manage_structure(request.user)
    context = {
        "school": school,
        "cluster_visible": school.cluster_id is not None
        and access.has_cluster_perm(school.cluster_id, ClusterPerm.VIEW),
        "can_manage": can_manage,
        "history": selectors.school_history(school=school) if can_manage else None,
        "inspections": selectors.school_inspections(school=school),
        "can_record_inspections": selectors.can_record_inspections(request.user),
        "can_see_restricted": access.has_school_perm(school.pk, SchoolPerm.VIEW_RESTRICTED),
        "panels": panels_for("school", user=request.user, obj=school),
    }
    return render(request, "schools/school_detail.html", context)


@trust_member_required
def cluster_list(request: AuthenticatedRequest) -> HttpResponse:
    table = Table(
        request,
        columns=CLUSTER_COLUMNS,
        rows=selectors.cluster_list(user=request.user),
        default_sort="name",
        filename="clusters",
    )
    if table.wants_csv:
        return table.csv_response()
    context = {
        "table": table,
        "clusters": list(table.rows),
        "can_manage": selectors.can_manage_structure(request.user),
    }
    return render(request, "schools/cluster_list.html", context)


def cluster_page(
    request: AuthenticatedRequest, cluster: Cluster, *, errors: PanelContent | None = None
) -> HttpResponse:
    """The cluster's page. An app whose form on the page was refused shows it again with its
    error summary at the top (`errors`), answering 400."""
    access = access_for(request.user)
    schools = list(selectors.cluster_schools(cluster=cluster))
    latest = latest_inspections(s.pk for s in schools)
    can_manage = selectors.can_manage_structure(request.user)

    def placed(place: str) -> list[PanelContent]:
        return panels_for("cluster", user=request.user, obj=cluster, place=place)

    context = {
        "cluster": cluster,
        "rows": [
            (school, access.has_school_perm(school.pk, SchoolPerm.VIEW), latest.get(school.pk))
            for school in schools
        ],
        "can_manage": can_manage,
        "history": selectors.cluster_history(cluster=cluster) if can_manage else None,
        "errors": errors,
        "actions": placed("actions"),
        "summary": placed("summary"),
        "before_schools": placed("before_schools"),
        "panels": placed("main"),
    }
    status = 400 if errors is not None else 200
    return render(request, "schools/cluster_detail.html", context, status=status)


@trust_member_required
def cluster_detail(request: AuthenticatedRequest, cluster_id: int) -> HttpResponse:
    return cluster_page(request, selectors.access_cluster(request.user, cluster_id))


# --- Administration: MANAGE_STRUCTURE only --------------------------------------------------------


@trust_member_required
def school_add(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manage_structure(request.user)
    trust = trust_of(request.user)
    form = SchoolForm(posted(request), trust=trust, instance=School(trust=trust))
    if form.is_bound and form.is_valid():
        try:
            school = services.school_create(
                trust=trust, details=form.details(), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{school.name} has been added.")
            return redirect("schools:detail", school_id=school.pk)
    return form_page(request, "schools/school_form.html", {"form": form}, bound=form.is_bound)


@trust_member_required
def school_edit(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_for_admin(request.user, school_id)
    # The form works on a copy, so a refused change never shows on the page's own headings.
    form = SchoolForm(posted(request), trust=trust_of(request.user), instance=copy.copy(school))
    if form.is_bound and form.is_valid():
        try:
            school = services.school_update(
                school=school, details=form.details(), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{school.name}'s record has been updated.")
            return redirect("schools:detail", school_id=school.pk)
    context = {"form": form, "school": school, "can_reopen": "closed_on" in form.fields}
    return form_page(request, "schools/school_form.html", context, bound=form.is_bound)


@trust_member_required
def school_close(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_for_admin(request.user, school_id)
    form = SchoolCloseForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            school = services.school_close(
                school=school, closed_on=form.cleaned_data["closed_on"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{school.name} is now marked closed.")
            return redirect("schools:detail", school_id=school.pk)
    context = {"form": form, "school": school}
    return form_page(request, "schools/school_close.html", context, bound=form.is_bound)


@trust_member_required
def cluster_add(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manage_structure(request.user)
    trust = trust_of(request.user)
    form = ClusterForm(posted(request), instance=Cluster(trust=trust))
    if form.is_bound and form.is_valid():
        try:
            cluster = services.cluster_create(
                trust=trust,
                name=form.cleaned_data["name"],
                area=form.cleaned_data["area"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{cluster.name} has been added.")
            return redirect("schools:clusters:detail", cluster_id=cluster.pk)
    return form_page(request, "schools/cluster_form.html", {"form": form}, bound=form.is_bound)


@trust_member_required
def cluster_edit(request: AuthenticatedRequest, cluster_id: int) -> HttpResponse:
    cluster = selectors.access_cluster_for_admin(request.user, cluster_id)
    form = ClusterForm(posted(request), instance=copy.copy(cluster))
    if form.is_bound and form.is_valid():
        try:
            cluster = services.cluster_update(
                cluster=cluster,
                name=form.cleaned_data["name"],
                area=form.cleaned_data["area"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{cluster.name} has been updated.")
            return redirect("schools:clusters:detail", cluster_id=cluster.pk)
    context = {"form": form, "cluster": cluster}
    return form_page(request, "schools/cluster_form.html", context, bound=form.is_bound)


# --- Academic years: every member reads them, administrators change them -------------------------


@trust_member_required
def academic_year_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "years": list(selectors.academic_year_list(user=request.user)),
        "can_manage": selectors.can_manage_structure(request.user),
    }
    return render(request, "schools/academic_year_list.html", context)


@trust_member_required
def academic_year_add(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manage_structure(request.user)
    trust = trust_of(request.user)
    form = AcademicYearAddForm(
        posted(request), initial={"starts_in": selectors.next_academic_year(trust=trust)}
    )
    if form.is_bound and form.is_valid():
        try:
            year = services.academic_year_create(
                trust=trust, starts_in=form.cleaned_data["starts_in"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"{year} has been added. Check its half-terms' dates against your calendar.",
            )
            return redirect("schools:years:list")
    return form_page(request, "schools/academic_year_add.html", {"form": form}, bound=form.is_bound)


@trust_member_required
def academic_year_edit(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = selectors.access_academic_year_for_admin(request.user, year_id)
    form = HalfTermDatesForm(posted(request), academic_year=year)
    if form.is_bound and form.is_valid():
        try:
            services.half_terms_update(
                academic_year=year, dates=form.dates(), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The half-terms of {year} have been updated.")
            return redirect("schools:years:list")
    context = {"form": form, "year": year}
    return form_page(request, "schools/academic_year_form.html", context, bound=form.is_bound)
