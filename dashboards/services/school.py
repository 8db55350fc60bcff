"""The school on a page as a PDF, made by the worker (fht.jobs): rendering one school's page takes
about a second, too long to hold a request for. Each PDF is the requester's own edition (what their
role lets them read, on the day they asked) and is stored privately under the job's name; only the
person who asked for it downloads it, and only while they still read the school."""

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from dashboards.selectors.school import reads_school_dashboard, school_dashboard
from dashboards.selectors.school_body import body_context
from fht.jobs import JobRefused, job_queue
from fht.models import Job, User
from fht.pdf import render_pdf
from schools.models import School

SCHOOL_PDF_JOB = "school_dashboard_pdf"
TEMPLATE = "dashboards/school_pdf.html"


def school_pdf_file_name(job: Job) -> str:
    """One name per job, under its trust's folder: a retry overwrites it."""
    return f"dashboards/school/trust-{job.trust_id}/job-{job.pk}.pdf"


def school_pdf_request(*, school: School, acting_user: User) -> Job:
    """A reader asks for the PDF of the school's page as it stands today. Their own job still
    waiting to start is reused; otherwise a new one is queued once this transaction commits."""
    with transaction.atomic(durable=True):
        waiting = latest_school_pdf_job(school=school, user=acting_user)
        if waiting is not None and waiting.status == Job.Status.QUEUED:
            return waiting
        return job_queue(
            trust=school.trust, kind=SCHOOL_PDF_JOB, requested_by=acting_user, object_id=school.pk
        )


def latest_school_pdf_job(*, school: School, user: User) -> Job | None:
    """The person's latest PDF job for this school (one query)."""
    return (
        Job.objects.filter(
            trust_id=school.trust_id,
            kind=SCHOOL_PDF_JOB,
            object_id=school.pk,
            requested_by=user,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def may_follow_school_pdf(user: User, job: Job) -> bool:
    """The person who asked for it, while they still read the school's page."""
    return (
        job.requested_by_id == user.pk
        and job.object_id is not None
        and reads_school_dashboard(user, job.object_id)
    )


def school_pdf_context(*, school: School, user: User, as_of: dt.date) -> dict[str, object]:
    """Everything the PDF's template needs, complete and plain."""
    dashboard = school_dashboard(school=school, user=user, as_of=as_of)
    return {
        "document_title": f"{school.name}: the school on a page",
        "trust_name": school.trust.name,
        "printed_on": as_of,
        **body_context(dashboard, pdf=True),
    }


def _forget_earlier_pdfs(job: Job) -> None:
    """Only the latest PDF of a person's page is downloaded: their earlier ones are deleted."""
    earlier = Job.objects.filter(
        trust_id=job.trust_id,
        kind=SCHOOL_PDF_JOB,
        object_id=job.object_id,
        requested_by_id=job.requested_by_id,
        pk__lt=job.pk,
    ).values_list("pk", flat=True)
    for pk in earlier:
        old = school_pdf_file_name(Job(pk=pk, trust_id=job.trust_id))
        if default_storage.exists(old):
            default_storage.delete(old)


def school_pdf_run(job: Job) -> str:
    """The worker's part: render the requester's edition as of the day they asked, and store it."""
    user = job.requested_by
    school = (
        School.objects.select_related("trust", "cluster")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if user is None or school is None or not reads_school_dashboard(user, school.pk):
        raise JobRefused("The school or the person who asked for its page is no longer here.")
    as_of = timezone.localdate(job.created_at)
    pdf = render_pdf(TEMPLATE, school_pdf_context(school=school, user=user, as_of=as_of))
    name = school_pdf_file_name(job)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(pdf))
    _forget_earlier_pdfs(job)
    return f"the PDF of {school.name}'s page, with data as it stood on {as_of.day} {as_of:%B %Y}"
