"""The action plan as files: the PDF (made by the worker, downloaded here) and two CSV files.

Every reader of the plan gets the same files: the plan holds nothing restricted (isap/export.py).
"""

import csv
from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fht.decorators import trust_member_required
from fht.downloads import stored_file_response
from fht.models import Job
from fht.tables import csv_safe
from fht.types import AuthenticatedRequest
from isap.export import (
    ACTION_COLUMNS,
    SUPPORT_COLUMNS,
    action_rows,
    plan_file_stem,
    plan_pdf_job,
    plan_pdf_render_request,
    support_rows,
)
from isap.models import Plan
from isap.selectors import access_plan


def _plan_page_or_job(plan: Plan, job: Job) -> str:
    """The plan page, which follows the job; the job's own page while the plan page's URL is not
    in the project yet."""
    try:
        return reverse("isap:plan", kwargs={"plan_id": plan.pk})
    except NoReverseMatch:
        return reverse("job_status", kwargs={"job_id": job.pk})


@require_GET
@trust_member_required
def plan_pdf_download(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The plan's PDF as last made. 404 (with a page saying so, and how to have it made) while it
    has never been made."""
    plan = access_plan(request.user, plan_id)
    return stored_file_response(
        request,
        file=plan.pdf,
        filename=f"{plan_file_stem(plan)}.pdf",
        not_ready_template="isap/pdf/not_ready.html",
        context={"plan": plan, "pdf_job": plan_pdf_job(plan=plan)},
    )


@require_POST
@trust_member_required
def plan_pdf_render(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Have the PDF made now, as the plan stands: any reader may (isap/export.py)."""
    plan = access_plan(request.user, plan_id)
    job = plan_pdf_render_request(plan=plan, acting_user=request.user)
    messages.success(request, "The PDF of the plan is being made: this page shows its progress.")
    return redirect(_plan_page_or_job(plan, job))


def _csv(filename: str, header: list[str], rows: Iterable[list[object]]) -> HttpResponse:
    """As fht.tables writes every CSV: UTF-8 with a byte-order mark, the date in the name, and
    every cell guarded against formula injection."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response


@require_GET
@trust_member_required
def plan_actions_csv(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Every action of the plan, one row each."""
    plan = access_plan(request.user, plan_id)
    rows = action_rows(plan=plan, today=timezone.localdate())
    return _csv(f"{plan_file_stem(plan)}-actions", ACTION_COLUMNS, rows)


@require_GET
@trust_member_required
def plan_support_csv(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Every deployment of support under the plan, one row each."""
    plan = access_plan(request.user, plan_id)
    return _csv(f"{plan_file_stem(plan)}-support", SUPPORT_COLUMNS, support_rows(plan=plan))
