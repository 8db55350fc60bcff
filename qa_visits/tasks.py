"""Background work for QA visits. Tasks are thin: the trust scope is opened from `trust_id` (by
TrustTask), the work is a service in qa_visits/proforma.py."""

from celery import shared_task

from fht.tasks import TrustTask
from qa_visits.proforma import proforma_render, proforma_render_failed, proforma_render_retry


@shared_task(
    base=TrustTask,
    bind=True,
    max_retries=2,
    default_retry_delay=15,
    soft_time_limit=120,
    time_limit=150,
)
def render_visit_proforma(self: TrustTask, *, trust_id: int, job_id: int) -> None:
    """Make a visit's proforma PDFs (three editions) for the job the visit page follows."""
    try:
        proforma_render(job_id=job_id)
    except Exception as exc:
        if self.max_retries is None or self.request.retries < self.max_retries:
            proforma_render_retry(job_id=job_id)
            raise self.retry(exc=exc) from exc
        proforma_render_failed(job_id=job_id, error=exc)
        raise
