"""Background jobs: one pipeline for every kind an app registers (fht.registry.jobs).

A service calls `job_queue(...)` inside its transaction: it records the tenant-owned `Job` row
(what the page polls, never a bare Celery id) and queues `run_job` once the transaction commits.
`run_job` re-opens the trust scope, claims the row with a conditional update (so a job runs once
even when the task is delivered twice), runs the kind's work, retries a bounded number of times,
and marks the row done or failed.
"""

import datetime as dt
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from fht.access import access_for
from fht.models import Job, Trust, User
from fht.registry import JobKind, jobs
from fht.tasks import TrustTask
from fht.tenancy import trust_id_of


class JobRefused(Exception):
    """Raised by a job's work when it cannot be done at all (its record is gone): the job is marked
    failed with this message at once, without retrying."""


# --- the row's states ----------------------------------------------------------------------------


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


def _job_requeue(*, job_id: int) -> None:
    """Put a job that hit an error back in the queue, for the task's next attempt to claim."""
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(status=Job.Status.QUEUED)


# --- queueing ------------------------------------------------------------------------------------


def _send(job: Job) -> None:
    kind = jobs.get(job.kind)
    run_job.apply_async(
        kwargs={"trust_id": job.trust_id, "job_id": job.pk},
        soft_time_limit=kind.soft_time_limit,
        time_limit=kind.time_limit,
    )


def job_queue(
    *, trust: Trust, kind: str, requested_by: User | None, object_id: int | None = None
) -> Job:
    """Record a job of a registered kind and queue it once the caller's transaction commits."""
    jobs.get(kind)  # an unregistered kind fails here, before any row is written
    with transaction.atomic():
        job = Job.objects.create(
            trust=trust, kind=kind, requested_by=requested_by, object_id=object_id
        )
        transaction.on_commit(lambda: _send(job))
    return job


def job_queue_for(obj: Any, *, job_field: str, kind: str, requested_by: User | None) -> Job:
    """Queue a job about `obj` (a visit, a plan: any tenant row with a `trust`) after commit, and
    record it as the object's latest job in its foreign key `job_field`."""
    job = job_queue(trust=obj.trust, kind=kind, requested_by=requested_by, object_id=obj.pk)
    type(obj)._default_manager.filter(pk=obj.pk).update(**{job_field: job})
    setattr(obj, job_field, job)
    return job


def job_again_for(
    obj: Any,
    *,
    job_field: str,
    kind: str,
    requested_by: User | None,
    reuse: tuple[str, ...] = (Job.Status.QUEUED,),
) -> Job:
    """Someone asks for the object's work to be done now: its latest job is reused while it is in
    one of the `reuse` states (a queued job reads the object as it is when it starts), otherwise a
    new job is queued behind it."""
    with transaction.atomic(durable=True):
        # The object's row is locked while its job is found or queued, so two requests at once
        # (a double click, two people) share one job.
        locked = (
            type(obj)
            ._default_manager.select_for_update(of=("self",))
            .select_related("trust")
            .get(pk=obj.pk)
        )
        latest = getattr(locked, f"{job_field}_id") or 0
        job = Job.objects.filter(pk=latest, status__in=reuse).first()
        if job is None:
            job = job_queue_for(locked, job_field=job_field, kind=kind, requested_by=requested_by)
    setattr(obj, job_field, job)
    return job


def job_retry(*, job: Job) -> Job:
    """Queue a failed job again (the page's retry button)."""
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.QUEUED, message="", started_at=None, finished_at=None
        )
        if updated:
            transaction.on_commit(lambda: _send(job))
    job.refresh_from_db()
    return job


# --- the one task --------------------------------------------------------------------------------


def _run(task: Any, kind: JobKind, job: Job) -> None:
    try:
        message = kind.run(job)
    except JobRefused as refusal:
        job_fail(job_id=job.pk, message=str(refusal))
        return
    except Exception as exc:
        if task.request.retries < kind.max_retries:
            _job_requeue(job_id=job.pk)
            raise task.retry(exc=exc, countdown=kind.retry_delay) from exc
        job_fail(job_id=job.pk, message=kind.failed(job, exc))
        raise
    job_finish(job_id=job.pk, message=message)


@shared_task(base=TrustTask, bind=True, name="fht.run_job", max_retries=None)
def run_job(self: TrustTask, *, trust_id: int, job_id: int) -> None:
    """Run one job of any registered kind, once, inside its trust's scope (opened by TrustTask)."""
    if not job_claim(job_id=job_id):
        return  # another delivery of this task has it, or it is finished
    job = Job.objects.get(pk=job_id)
    _run(self, jobs.get(job.kind), job)


# --- who follows a job ---------------------------------------------------------------------------


def may_retry(user: User, job: Job) -> bool:
    """Whether this person may queue the (failed) job again."""
    return job.kind in jobs and jobs.get(job.kind).retry_allowed(user, job)


def access_job(user: User, job_id: int, *, retry: bool = False) -> Job:
    """A job of the person's trust that their role lets them follow (or, with `retry`, queue
    again); 404 otherwise."""
    job = Job.objects.filter(pk=job_id, trust_id=trust_id_of(user)).first()
    if job is None or job.kind not in jobs or not jobs.get(job.kind).may_follow(user, job):
        raise Http404("No such job")
    if retry and not may_retry(user, job):
        raise Http404("No such job")
    return job


def trust_permission(perm: str) -> Any:
    """A `may_follow` check for trust-level jobs: whoever holds the trust permission."""

    def check(user: User, job: Job) -> bool:
        return perm in access_for(user).trust

    return check
