"""Proforma jobs in tests: requesting a render as a visit service does, and reading what was
stored (used by the proforma, proforma-view and worker tests)."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.db import transaction
from django_scopes import scopes_disabled

from fht.models import Job
from fht.tenancy import trust_scope
from qa_visits.models import Visit, VisitProforma
from qa_visits.proforma import proforma_request
from tests.conftest import World

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]


def request_render(world: World, visit: Visit, capture: CaptureOnCommit) -> Job:
    """As a visit service does on submission: the job is recorded and queued on commit; the task
    runs in-process here (eager Celery), after the commit."""
    with capture(execute=True), trust_scope(visit.trust_id), transaction.atomic():
        job = proforma_request(visit=visit, requested_by=visit.director)
    with scopes_disabled():
        job.refresh_from_db()
    return job


def stored(visit: Visit) -> dict[str, VisitProforma]:
    with scopes_disabled():
        return {p.audience: p for p in VisitProforma.objects.filter(visit=visit)}


def stored_bytes(proforma: VisitProforma) -> bytes:
    with proforma.file.open("rb") as handle:
        data: bytes = handle.read()
    return data
