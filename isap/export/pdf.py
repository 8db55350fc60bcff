"""The plan's PDF: requested as a job, rendered by the worker (WeasyPrint) and stored, then read
back for its download and its status on the plan page."""

import datetime as dt
from typing import Any, Literal

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from fht.jobs import JobRefused, job_again_for, job_queue_for
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.registry import JobKind
from isap.export.context import TEMPLATE, plan_pdf_context
from isap.models import Plan
from isap.selectors import (
    Can,
    may,
)

PLAN_PDF_JOB_KEY = "isap_pdf"


# --- requesting and rendering -------------------------------------------------------------------


def plan_pdf_request(*, plan: Plan, requested_by: User | None) -> Job:
    """Record a PDF job for the plan and queue it once the caller's transaction commits."""
    return job_queue_for(
        plan, job_field="pdf_job", kind=PLAN_PDF_JOB_KEY, requested_by=requested_by
    )


def plan_pdf_render_request(*, plan: Plan, acting_user: User) -> Job:
    """A reader asks for the PDF to be made now. A job still waiting to start is reused (it will
    read the plan as it is when it starts); one already running may have read the plan before
    the latest change, so a new job is queued behind it."""
    return job_again_for(plan, job_field="pdf_job", kind=PLAN_PDF_JOB_KEY, requested_by=acting_user)


def plan_pdf_file_name(*, trust_id: int, plan_id: int) -> str:
    """One name per plan, under the trust's folder: a new render overwrites it."""
    return f"isap/plans/trust-{trust_id}/plan-{plan_id}.pdf"


def _storage() -> Storage:
    return Plan._meta.get_field("pdf").storage


Stored = Literal["stored", "newer", "gone"]


def _store(*, plan: Plan, pdf: bytes, read_at: dt.datetime) -> Stored:
    """Store the file unless a PDF made from a later reading of the plan is already stored (an
    earlier job finishing late)."""
    with transaction.atomic(durable=True):
        row = (
            Plan.objects.select_for_update()
            .filter(pk=plan.pk)
            .values_list("pdf", "pdf_rendered_at")
            .first()
        )
        if row is None:
            return "gone"
        old_name, rendered_at = row
        if rendered_at is not None and rendered_at > read_at:
            return "newer"
        storage = _storage()
        name = plan_pdf_file_name(trust_id=plan.trust_id, plan_id=plan.pk)
        for stale in {name, old_name or ""} - {""}:
            if storage.exists(stale):
                storage.delete(stale)
        saved = storage.save(name, ContentFile(pdf))
        Plan.objects.filter(pk=plan.pk).update(pdf=saved, pdf_rendered_at=read_at)
    return "stored"


_FINISHED = {
    "stored": "The PDF of the plan is ready.",
    "newer": "A newer PDF of the plan had already been made.",
}


def plan_pdf_render(job: Job) -> str:
    """The job's work: render the plan as it stands and store it (see `PLAN_PDF_JOB`).

    A render error propagates (the job pipeline retries, then marks the job failed). Runs inside
    the job's trust scope.
    """
    plan = (
        Plan.objects.select_related("trust", "school__cluster", "academic_year")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if plan is None:
        raise JobRefused("The plan no longer exists.")
    read_at = timezone.now()
    pdf = render_pdf(TEMPLATE, plan_pdf_context(plan=plan, today=timezone.localdate(read_at)))
    stored = _store(plan=plan, pdf=pdf, read_at=read_at)
    if stored == "gone":
        raise JobRefused("The plan no longer exists.")
    return _FINISHED[stored]


# --- reading ------------------------------------------------------------------------------------


def plan_pdf_job(*, plan: Plan) -> Job | None:
    """The plan's latest PDF job, if one was ever asked for."""
    if plan.pdf_job_id is None:
        return None
    return Job.objects.filter(pk=plan.pdf_job_id).first()


def plan_pdf_status(*, plan: Plan, user: User) -> dict[str, Any]:
    """The context templates/isap/_pdf_status.html needs beside `plan` (one query at most)."""
    return {
        "pdf_job": plan_pdf_job(plan=plan),
        "can_request_pdf": may(user, plan.school_id, Can.READ),
    }


def plan_file_stem(plan: Plan) -> str:
    """`isap-alder-primary-2026-27`: the start of every file name the plan is downloaded as."""
    year = plan.academic_year.starts_in
    return f"isap-{slugify(plan.school.name)}-{year}-{(year + 1) % 100:02d}"


def can_follow_job(user: User, job: Job) -> bool:
    """A plan's PDF job is followed by whoever reads the plan's school."""
    if job.object_id is None:
        return False
    school_id = (
        Plan.objects.filter(pk=job.object_id, trust_id=job.trust_id)
        .values_list("school_id", flat=True)
        .first()
    )
    return school_id is not None and may(user, school_id, Can.READ)


def can_retry_job(user: User, job: Job) -> bool:
    """Any reader of the plan may have its PDF made again: it holds nothing they cannot read
    already (one edition for all), and making it changes nothing in the plan."""
    return can_follow_job(user, job)


PLAN_PDF_JOB = JobKind(
    key=PLAN_PDF_JOB_KEY,
    label="Make the action plan PDF",
    run=plan_pdf_render,
    may_follow=can_follow_job,
    may_retry=can_retry_job,
    failed=lambda job, error: f"The PDF of the plan could not be made ({type(error).__name__}).",
)
