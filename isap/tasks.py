"""Scheduled work for action plans. Tasks are thin: TrustTask opens the trust scope from `trust_id`,
and the work is a service in isap/reminders.py."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from fht.tasks import TrustTask, for_each_trust
from isap.reminders import reminders_send


@shared_task(
    base=TrustTask,
    bind=True,
    max_retries=2,
    default_retry_delay=60,
    soft_time_limit=240,
    time_limit=300,
)
def send_action_reminders(self: TrustTask, *, trust_id: int, today: str) -> int:
    """One trust's reminders for the day `today` (ISO date). A retry sends only what is left."""
    try:
        return reminders_send(trust_id=trust_id, today=dt.date.fromisoformat(today))
    except Exception as exc:
        if self.max_retries is None or self.request.retries < self.max_retries:
            raise self.retry(exc=exc) from exc
        raise


@shared_task
def send_action_reminders_all() -> None:
    """Beat entry point (daily, 07:00 UK time): one task per trust, all for the same day, so one
    trust's failure does not hold up the others."""
    for_each_trust(send_action_reminders, today=timezone.localdate().isoformat())
