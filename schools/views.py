from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.roles import ClusterPerm, SchoolPerm, TrustPerm
from fht.tables import Column, Table
from schools import selectors

SCHOOL_COLUMNS = [
    Column("name", "School", order_by="name"),
    Column("urn", "URN", order_by="urn"),
    Column(
        "cluster",
        "Cluster",
        order_by="cluster__name",
        value=lambda s: s.cluster.name if s.cluster else "",
    ),
    Column("local_authority", "Local authority", order_by="local_authority"),
    Column("pupils_on_roll", "Pupils", order_by="pupils_on_roll", numeric=True),
    Column(
        "ofsted",
        "Latest Ofsted",
        order_by="ofsted_grade",
        value=lambda s: s.get_ofsted_grade_display() or "",
    ),
]
SCHOOL_CSV_EXTRA = [
    Column("establishment_number", "DfE establishment number"),
    Column("phase", "Phase", value=lambda s: s.get_phase_display()),
    Column("ofsted_inspected_on", "Inspected on"),
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
    try:
        return int(value) if value else None
    except ValueError:
        return None


@trust_member_required
def school_list(request: HttpRequest) -> HttpResponse:
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
    if table.wants_csv:
        return table.csv_response()
    context = {
        "table": table,
        "schools": list(table.rows),
        "clusters": selectors.cluster_list(user=request.user),
        "query": query,
        "cluster_id": cluster_id,
        "filtered": bool(query or cluster_id),
    }
    return render(request, "schools/school_list.html", context)


@trust_member_required
def school_detail(request: HttpRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school(request.user, school_id)
    access = access_for(request.user)
    context = {
        "school": school,
        "people": selectors.school_people(school=school),
        "cluster_visible": school.cluster_id is not None
        and access.has_cluster_perm(school.cluster_id, ClusterPerm.VIEW),
        "history": selectors.school_history(school=school)
        if access.has_trust_perm(TrustPerm.MANAGE_STRUCTURE)
        else None,
        "can_see_restricted": access.has_school_perm(school.pk, SchoolPerm.VIEW_RESTRICTED),
    }
    return render(request, "schools/school_detail.html", context)


@trust_member_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    table = Table(
        request,
        columns=CLUSTER_COLUMNS,
        rows=selectors.cluster_list(user=request.user),
        default_sort="name",
        filename="clusters",
    )
    if table.wants_csv:
        return table.csv_response()
    return render(
        request, "schools/cluster_list.html", {"table": table, "clusters": list(table.rows)}
    )


@trust_member_required
def cluster_detail(request: HttpRequest, cluster_id: int) -> HttpResponse:
    cluster = selectors.access_cluster(request.user, cluster_id)
    access = access_for(request.user)
    schools = selectors.cluster_schools(cluster=cluster)
    context = {
        "cluster": cluster,
        "rows": [
            (school, access.has_school_perm(school.pk, SchoolPerm.VIEW)) for school in schools
        ],
        "directors": selectors.cluster_directors(cluster=cluster),
    }
    return render(request, "schools/cluster_detail.html", context)
