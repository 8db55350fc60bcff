"""The school on a page (`dashboards:school`) and its tables as CSV (`?csv=<table>`); its PDF,
made by the worker for the person who asks (`dashboards:school_pdf_make`, with the job banner on
the page) and downloaded by them (`dashboards:school_pdf`)."""

import csv
from typing import cast

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from dashboards.selectors.school import (
    SchoolDashboard,
    access_school_dashboard,
    reader_of,
    school_dashboard,
)
from dashboards.selectors.school_body import body_context, table_csv
from dashboards.services.school import (
    latest_school_pdf_job,
    school_pdf_file_name,
    school_pdf_request,
)
from fht import cache
from fht.decorators import trust_member_required
from fht.models import Job
from fht.tables import csv_safe
from fht.types import AuthenticatedRequest


def _csv_response(dashboard: SchoolDashboard, key: str) -> HttpResponse:
    """As fht.tables writes every CSV: UTF-8 with a byte-order mark, the date in the name, every
    cell guarded against formula injection, never kept by a shared cache."""
    header, rows = table_csv(dashboard, key)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"school-{dashboard.school.urn}-{key}-{dashboard.as_of.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response


@require_GET
@trust_member_required
def school_page(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = access_school_dashboard(request.user, school_id)
    today = timezone.localdate()
    if "csv" in request.GET:
        dashboard = school_dashboard(school=school, user=request.user, as_of=today)
        return _csv_response(dashboard, request.GET["csv"])
    reader = reader_of(request.user, school, today)

    def body() -> str:
        dashboard = school_dashboard(school=school, user=request.user, as_of=today, reader=reader)
        return render_to_string("dashboards/_school_body.html", body_context(dashboard, pdf=False))

    # Readers with the same view of the school see one body, kept until the trust's data changes.
    variant = (school.pk, today.isoformat(), reader)
    context = {
        "school": school,
        "pdf_job": latest_school_pdf_job(school=school, user=request.user),
        # Our own template's output, kept as text (a cache may not keep the safe-string mark).
        "body": mark_safe(cache.for_trust(school.trust_id, "dashboards:school", variant, body)),  # noqa: S308
    }
    return render(request, "dashboards/school.html", context)


@require_POST
@trust_member_required
def school_pdf_make(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """Have the PDF of the page made now, with the data as it stands today."""
    school = access_school_dashboard(request.user, school_id)
    school_pdf_request(school=school, acting_user=request.user)
    messages.success(request, "The PDF of this page is being made: this page shows its progress.")
    return redirect("dashboards:school", school_id=school.pk)


@require_GET
@trust_member_required
def school_pdf(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """The person's latest PDF of the page; 404 (with a page saying how to have it made) while it
    has not been made."""
    school = access_school_dashboard(request.user, school_id)
    job = latest_school_pdf_job(school=school, user=request.user)
    name = school_pdf_file_name(job) if job is not None else ""
    response: HttpResponse | FileResponse
    if job is None or job.status != Job.Status.DONE or not default_storage.exists(name):
        context = {"school": school, "pdf_job": job}
        response = render(request, "dashboards/school_pdf_not_ready.html", context, status=404)
    else:
        made_on = timezone.localdate(job.created_at).isoformat()
        response = FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=True,
            filename=f"school-on-a-page-{school.urn}-{made_on}.pdf",
            content_type="application/pdf",
        )
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)  # views are typed as returning HttpResponse


urlpatterns = [
    path("dashboards/schools/<int:school_id>/", school_page, name="school"),
    path("dashboards/schools/<int:school_id>/pdf/", school_pdf_make, name="school_pdf_make"),
    path("dashboards/schools/<int:school_id>/school.pdf", school_pdf, name="school_pdf"),
]
