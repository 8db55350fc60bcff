"""The visit proforma's PDFs: requested as a job, rendered by the worker (WeasyPrint) in each
edition and stored, then read back for their download and status."""

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from fht.jobs import JobRefused, job_again_for, job_queue_for
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.registry import JobKind
from qa_visits.models import Visit, VisitProforma
from qa_visits.proforma.context import TEMPLATE, Audience, proforma_context

PROFORMA_JOB_KEY = "visit_proforma"


# --- requesting and rendering -------------------------------------------------------------------


def proforma_request(*, visit: Visit, requested_by: User | None) -> Job:
    """Record a render job for the visit's current version and queue it after commit."""
    return job_queue_for(
        visit, job_field="proforma_job", kind=PROFORMA_JOB_KEY, requested_by=requested_by
    )


def proforma_render_request(*, visit: Visit, acting_user: User) -> Job:
    """A writer asks for the proforma to be made again; a job already waiting or running is
    reused."""
    return job_again_for(
        visit,
        job_field="proforma_job",
        kind=PROFORMA_JOB_KEY,
        requested_by=acting_user,
        reuse=(Job.Status.QUEUED, Job.Status.RUNNING),
    )


def proforma_file_name(*, trust_id: int, visit_id: int, audience: str) -> str:
    """One name per visit and edition, under the trust's folder: a re-render overwrites it."""
    return f"proformas/trust-{trust_id}/visit-{visit_id}-{audience}.pdf"


def _storage() -> Storage:
    return VisitProforma._meta.get_field("file").storage


def _store(*, visit: Visit, audience: str, pdf: bytes, old_name: str) -> str:
    storage = _storage()
    name = proforma_file_name(trust_id=visit.trust_id, visit_id=visit.pk, audience=audience)
    for stale in {name, old_name} - {""}:
        if storage.exists(stale):
            storage.delete(stale)
    return storage.save(name, ContentFile(pdf))


def proforma_render(job: Job) -> str:
    """The job's work: render the three editions of the visit as it stands and store them.

    A render error propagates (the job pipeline retries, then marks the job failed). Runs inside
    the job's trust scope.
    """
    visit = (
        Visit.objects.select_related("trust")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if visit is None:
        raise JobRefused("The visit no longer exists.")
    version = visit.version
    editions = {
        audience: render_pdf(TEMPLATE, proforma_context(visit_id=visit.pk, audience=audience))
        for audience in Audience.values
    }
    if _store_editions(visit=visit, version=version, editions=editions):
        return f"Version {version}: the proforma is ready."
    return "A newer version had already been made."


def _store_editions(*, visit: Visit, version: int, editions: dict[str, bytes]) -> bool:
    """Store the editions unless a newer version is already stored (an older job arriving late)."""
    with transaction.atomic(durable=True):
        list(Visit.objects.select_for_update().filter(pk=visit.pk).values_list("pk"))
        current = {p.audience: p for p in VisitProforma.objects.filter(visit=visit)}
        if any(p.version > version for p in current.values()):
            return False
        now = timezone.now()
        for audience, pdf in editions.items():
            old = current.get(audience)
            name = _store(
                visit=visit,
                audience=audience,
                pdf=pdf,
                old_name=(old.file.name or "") if old else "",
            )
            VisitProforma.objects.update_or_create(
                visit=visit,
                audience=audience,
                defaults={
                    "trust": visit.trust,
                    "file": name,
                    "version": version,
                    "rendered_at": now,
                },
            )
    return True


# --- reading ------------------------------------------------------------------------------------


def proforma_for(*, visit: Visit, audience: str) -> VisitProforma | None:
    """The stored edition of a visit's proforma for one audience, if it has been made."""
    return VisitProforma.objects.filter(visit=visit, audience=audience).first()


def proforma_download_name(visit: Visit) -> str:
    return f"QA visit proforma - {visit.school.name} - {visit.date.day} {visit.date:%B %Y}.pdf"


def can_follow_job(user: User, job: Job) -> bool:
    """A proforma job's progress is shown to whoever may read its visit."""
    from django.http import Http404

    from qa_visits.selectors import access_visit

    if job.object_id is None:
        return False
    try:
        access_visit(user, job.object_id)
    except Http404:
        return False
    return True


def can_retry_job(user: User, job: Job) -> bool:
    """Only those who write the visit queue its proforma again."""
    from qa_visits.selectors import can_write_school

    if job.object_id is None or not can_follow_job(user, job):
        return False
    school_id = Visit.objects.filter(pk=job.object_id).values_list("school_id", flat=True).first()
    return school_id is not None and can_write_school(user, school_id)


PROFORMA_JOB = JobKind(
    key=PROFORMA_JOB_KEY,
    label="Make the visit proforma PDF",
    run=proforma_render,
    may_follow=can_follow_job,
    may_retry=can_retry_job,
    failed=lambda job, error: f"The proforma could not be made ({type(error).__name__}).",
)
