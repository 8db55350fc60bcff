"""Scheduled work about people and roles. Tasks are thin: they open the trust scope and call a service."""

from celery import shared_task

from fht.models import Trust
from fht.tasks import TrustTask, for_each_trust
from people.services import role_assignments_expire


@shared_task(base=TrustTask, bind=True, max_retries=3, default_retry_delay=30)
def expire_role_assignments(self: TrustTask, *, trust_id: int) -> int:
    """End a trust's role assignments whose planned end date has passed."""
    return role_assignments_expire(trust=Trust.objects.get(pk=trust_id))


@shared_task
def expire_role_assignments_all() -> None:
    """Beat entry point: one task per trust, so one trust's failure does not hold up the others."""
    for_each_trust(expire_role_assignments)
