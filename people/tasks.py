"""Scheduled work about people and roles. Tasks are thin: they open the trust scope and call a service."""

from celery import shared_task
from django_scopes import scopes_disabled

from fht.jobs import job_claim, job_fail, job_finish
from fht.models import Job, Trust
from fht.tasks import TrustTask
from people.services import role_assignments_expire


@shared_task(base=TrustTask, bind=True, max_retries=3, default_retry_delay=30)
def expire_role_assignments(self: TrustTask, *, trust_id: int) -> int:
    """End a trust's role assignments whose planned end date has passed."""
    return role_assignments_expire(trust=Trust.objects.get(pk=trust_id))


@shared_task
def expire_role_assignments_all() -> None:
    """Beat entry point: one task per trust, so one trust's failure does not hold up the others."""
    with scopes_disabled():
        trust_ids = list(Trust.objects.values_list("id", flat=True))
    for trust_id in trust_ids:
        expire_role_assignments.delay(trust_id=trust_id)


@shared_task(base=TrustTask, bind=True, max_retries=2, default_retry_delay=10)
def run_role_expiry_job(self: TrustTask, *, trust_id: int, job_id: int) -> None:
    """The job a trust administrator starts from the people page: end roles past their end date."""
    if not job_claim(job_id=job_id):
        return  # another delivery of this task has it
    try:
        ended = role_assignments_expire(trust=Trust.objects.get(pk=trust_id))
    except Exception as exc:
        if self.max_retries is None or self.request.retries < self.max_retries:
            Job.objects.filter(pk=job_id).update(status=Job.Status.QUEUED)
            raise self.retry(exc=exc) from exc
        job_fail(job_id=job_id, message=f"The check failed ({type(exc).__name__}).")
        raise
    if ended:
        job_finish(job_id=job_id, message=f"{ended} role{'s' if ended != 1 else ''} ended.")
    else:
        job_finish(job_id=job_id, message="No role had passed its planned end date.")
