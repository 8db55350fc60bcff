from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.jobs import access_job, job_retry, may_retry
from fht.models import Job
from fht.panels import home_panels
from fht.types import AuthenticatedRequest
from people.selectors import active_roles_of
from schools.selectors import cluster_list, school_list


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
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
        "panels": home_panels(user=user),
    }
    return render(request, "home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and docker-compose: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@trust_member_required
def job_status(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """A job's progress: the banner alone for htmx polling, a whole page without JavaScript."""
    job = access_job(request.user, job_id)
    template = "includes/job_status.html" if request.htmx else "job_status.html"
    return render(request, template, {"job": job, "can_retry": may_retry(request.user, job)})


@require_POST
@trust_member_required
def job_retry_view(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    job = access_job(request.user, job_id, retry=True)
    if job.status != Job.Status.FAILED:
        return redirect("job_status", job_id=job.pk)
    job_retry(job=job, enqueue=lambda: _ENQUEUE[Job.Kind(job.kind)](job))
    messages.success(request, "The job has been queued again.")
    return redirect("job_status", job_id=job.pk)


def _enqueue_path(path: str) -> Callable[[Job], object]:
    def enqueue(job: Job) -> object:
        task = import_string(path)
        return task.delay(trust_id=job.trust_id, job_id=job.pk)

    return enqueue


# The task that runs each kind of job (imported when needed: fht sits below the apps).
_ENQUEUE: dict[Job.Kind, Callable[[Job], object]] = {
    Job.Kind.ROLE_EXPIRY: _enqueue_path("people.tasks.run_role_expiry_job"),
    Job.Kind.VISIT_PROFORMA: _enqueue_path("qa_visits.tasks.render_visit_proforma"),
    Job.Kind.ISAP_PDF: _enqueue_path("isap.tasks.render_plan_pdf"),
}
