from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.roles import ClusterPerm, SchoolPerm, TrustPerm
from schools import selectors


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
    context = {
        "schools": schools,
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
    clusters = selectors.cluster_list(user=request.user)
    return render(request, "schools/cluster_list.html", {"clusters": clusters})


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
