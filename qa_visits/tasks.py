"""Background work for QA visits (the proforma render; see qa_visits/proforma.py)."""

from celery import shared_task

from fht.tasks import TrustTask


@shared_task(base=TrustTask, bind=True, max_retries=2)
def render_visit_proforma(self: TrustTask, *, trust_id: int, job_id: int) -> None:
    raise NotImplementedError("The proforma render is being written (issue 4).")
