"""Background work for action plans. Tasks are thin: the trust scope is opened from `trust_id` (by
TrustTask), the work is a service in isap/export.py."""

from celery import shared_task

from fht.tasks import TrustTask
from isap.export import plan_pdf_render, plan_pdf_render_failed, plan_pdf_render_retry


@shared_task(
    base=TrustTask,
    bind=True,
    max_retries=2,
    default_retry_delay=15,
    soft_time_limit=120,
    time_limit=150,
)
def render_plan_pdf(self: TrustTask, *, trust_id: int, job_id: int) -> None:
    """Make the PDF of an action plan for the job the plan page follows."""
    try:
        plan_pdf_render(job_id=job_id)
    except Exception as exc:
        if self.max_retries is None or self.request.retries < self.max_retries:
            plan_pdf_render_retry(job_id=job_id)
            raise self.retry(exc=exc) from exc
        plan_pdf_render_failed(job_id=job_id, error=exc)
        raise
