"""Background jobs: a tenant-owned row per job, claimed by the worker, polled by the page.

The pattern every job follows: a service creates the `Job` row and queues the task on commit; the
task claims the row with a conditional update (so a job runs once even if the task is delivered
twice), does its work through a service, and marks the row done or failed.
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from fht.models import Job, Trust, User
from fht.tenancy import trust_id_of

MAX_ATTEMPTS = 3


def job_claim(*, job_id: int) -> bool:
    """Mark a queued job running. False if another delivery of the task got there first.

    A job left running past the task time limit (its worker died) can be claimed again.
    """
    stale = timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimable = Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING, started_at__lt=stale)
    claimed = Job.objects.filter(claimable, pk=job_id).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    return claimed == 1


def job_finish(*, job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, message=message[:300], finished_at=timezone.now()
    )


def job_fail(*, job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, message=message[:300], finished_at=timezone.now()
    )


def job_retry(*, job: Job, enqueue: Callable[[], object]) -> Job:
    """Queue a failed job again (the page's retry button)."""
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.QUEUED, message="", started_at=None, finished_at=None
        )
        if updated:
            transaction.on_commit(enqueue)
    job.refresh_from_db()
    return job


# Who may see a job's progress, by kind: the people who may ask for it. A trust-level job needs a
# trust permission; a job about one record asks its app (fht sits below the apps, so by path).
JOB_PERMISSION = {Job.Kind.ROLE_EXPIRY: "manage_people"}
JOB_OBJECT_CHECK = {
    Job.Kind.VISIT_PROFORMA: "qa_visits.proforma.can_follow_job",
    Job.Kind.ISAP_PDF: "isap.export.can_follow_job",
}
# Trying a failed job again is a write: for a record's job, its app says who may (say, a visit's
# writers, while every reader of the visit follows its proforma).
JOB_OBJECT_RETRY_CHECK = {
    Job.Kind.VISIT_PROFORMA: "qa_visits.proforma.can_retry_job",
    Job.Kind.ISAP_PDF: "isap.export.can_retry_job",
}


def job_create(
    *, trust: Trust, kind: Job.Kind, requested_by: User | None, object_id: int | None = None
) -> Job:
    return Job.objects.create(
        trust=trust, kind=kind, requested_by=requested_by, object_id=object_id
    )


def _may_follow(user: User, job: Job) -> bool:
    from django.utils.module_loading import import_string

    from fht.access import access_for

    kind = Job.Kind(job.kind)
    if kind in JOB_PERMISSION:
        return JOB_PERMISSION[kind] in access_for(user).trust
    check: Callable[[User, Job], bool] = import_string(JOB_OBJECT_CHECK[kind])
    return check(user, job)


def may_retry(user: User, job: Job) -> bool:
    """Whether this person may queue the (failed) job again."""
    from django.utils.module_loading import import_string

    kind = Job.Kind(job.kind)
    if kind not in JOB_OBJECT_RETRY_CHECK:
        return _may_follow(user, job)
    check: Callable[[User, Job], bool] = import_string(JOB_OBJECT_RETRY_CHECK[kind])
    return check(user, job)


def access_job(user: User, job_id: int, *, retry: bool = False) -> Job:
    """A job of the person's trust that their role lets them follow (or, with `retry`, queue
    again); 404 otherwise."""
    from django.http import Http404

    try:
        job = Job.objects.get(pk=job_id, trust_id=trust_id_of(user))
    except Job.DoesNotExist:
        raise Http404("No such job") from None
    if not _may_follow(user, job) or (retry and not may_retry(user, job)):
        raise Http404("No such job")
    return job
