"""The visit proforma: a PDF made by a worker on submission and on every amendment.

`proforma_request` is what the visit services call inside their transaction: it records a Job and
queues the render once the transaction commits.
"""

from django.db import transaction

from fht.jobs import job_create
from fht.models import Job, User
from qa_visits.models import Visit


def proforma_request(*, visit: Visit, requested_by: User | None) -> Job:
    """Record a render job for the visit's current version and queue it after commit."""
    from qa_visits.tasks import render_visit_proforma

    job = job_create(
        trust=visit.trust,
        kind=Job.Kind.VISIT_PROFORMA,
        requested_by=requested_by,
        object_id=visit.pk,
    )
    Visit.objects.filter(pk=visit.pk).update(proforma_job=job)
    visit.proforma_job = job
    transaction.on_commit(
        lambda: render_visit_proforma.delay(trust_id=visit.trust_id, job_id=job.pk)
    )
    return job


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
