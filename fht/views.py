from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fht.access import access_for
from people.selectors import active_roles_of
from schools.selectors import cluster_list, school_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in person can reach, by role."""
    user = request.user
    if user.trust_id is None:
        return render(request, "home_platform.html")
    access = access_for(user)
    context = {
        "roles": active_roles_of(person=user),
        "school_count": len(access.school_ids()),
        "cluster_count": len(access.cluster_ids()),
        "schools": school_list(user=user)[:20],
        "clusters": cluster_list(user=user) if access.can_view_clusters else [],
    }
    return render(request, "home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and docker-compose: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
