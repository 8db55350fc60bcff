"""Sharing a review has a real Celery worker (through Redis, on PostgreSQL) make its report and
letter. Marked `services`: skipped off CI without them, failed in CI if they are missing
(tests/services.py); the worker fixtures are those of tests/fht/test_worker.py."""

import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from fht.models import Job
from fht.roles import Role
from fht.tenancy import trust_scope
from reviews.hooks import review_shared
from reviews.models import ReviewDocument
from tests.conftest import World
from tests.fht.test_worker import worker, worker_files  # noqa: F401
from tests.pdf import pdf_text
from tests.platform.world import build_full_world
from tests.reviews.matrix_documents import share
from tests.reviews.world import RESTRICTED_WORDS

pytestmark = pytest.mark.services


def test_the_worker_makes_a_shared_reviews_documents(
    worker: subprocess.Popen[bytes],  # noqa: F811
    worker_files: Path,  # noqa: F811
) -> None:
    shared_files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with override_settings(
        STORAGES={**settings.STORAGES, "default": shared_files}, MEDIA_ROOT=worker_files
    ):
        world: World = build_full_world()
        assert world.review
        ceo = world.person(Role.CEO)
        with trust_scope(world.trust.pk), transaction.atomic():
            review = share(world.review, by=ceo)
            review_shared(review=review, acting_user=ceo)
        # Queued on commit, through Redis: nothing ran in this process.
        with scopes_disabled():
            review.refresh_from_db()
            job = Job.objects.get(pk=review.documents_job_id)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.is_finished:
                    break
                assert worker.poll() is None, "the worker process died; see var/test-worker.log"
                time.sleep(0.25)
            else:
                pytest.fail(
                    "the worker did not make the documents in 90 s; see var/test-worker.log"
                )
            assert job.status == Job.Status.DONE, job.message
            documents = {d.kind: d for d in ReviewDocument.objects.filter(review=review)}
        assert set(documents) == set(ReviewDocument.Kind.values)
        texts = {}
        for kind, document in documents.items():
            with document.file.open("rb") as handle:
                texts[kind] = " ".join(pdf_text(handle.read()).split())
        assert RESTRICTED_WORDS in texts["report_full"]
        assert RESTRICTED_WORDS not in texts["report"]
        assert "Dear parents and carers" in texts["letter"]
