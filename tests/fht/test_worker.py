"""A task sent through Redis to a real Celery worker process changes the real PostgreSQL database."""

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from fht.celery import app as celery_app
from fht.models import Job
from fht.roles import Role
from fht.tenancy import trust_scope
from isap.export import plan_pdf_request
from people.models import RoleAssignment
from people.tasks import expire_role_assignments
from qa_visits.models import VisitProforma
from qa_visits.proforma import proforma_request
from schools.models import SchoolUserObjectPermission
from tests.conftest import World, build_world
from tests.pdf import pdf_text
from tests.platform.world import build_full_world
from tests.qa_visits.helpers import stored, stored_bytes
from tests.qa_visits.world import HEAD_PM_MARKER, STAFFING_MARKER
from tests.services import require_services

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker_files(tmp_path: Path) -> Path:
    """Where the worker stores files (fht/settings/test.py reads FHT_TEST_FILES_DIR): in-memory
    storage is not shared between processes."""
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


@pytest.fixture
def worker(transactional_db: None, worker_files: Path) -> Iterator[subprocess.Popen[bytes]]:
    require_services()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fht.settings.test",
        "DATABASE_URL": _database_url(),  # the test database, which this test commits to
        "FHT_TEST_FILES_DIR": str(worker_files),
    }
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "test-worker.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "fht",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            "celery",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_worker_expires_a_role_through_redis(worker: subprocess.Popen[bytes]) -> None:
    world: World = build_world()
    governor = world.person(Role.GOVERNOR)
    with trust_scope(world.trust.pk):
        RoleAssignment.objects.filter(person=governor).update(
            ends_on=dt.date.today() - dt.timedelta(days=1)
        )
        assert SchoolUserObjectPermission.objects.filter(user=governor).exists()

    result = expire_role_assignments.apply_async(kwargs={"trust_id": world.trust.pk})
    assert result.id  # sent to the broker, not run here

    deadline = time.monotonic() + 60
    with scopes_disabled():
        while time.monotonic() < deadline:
            assignment = RoleAssignment.objects.get(person=governor)
            if assignment.ended_at is not None:
                break
            assert worker.poll() is None, "the worker process died; see var/test-worker.log"
            time.sleep(0.2)
        else:
            pytest.fail(
                "the worker did not end the assignment within 60 s; see var/test-worker.log"
            )
        assert not SchoolUserObjectPermission.objects.filter(user=governor).exists()
        assert assignment.history.latest().history_change_reason == "Planned end date passed"
        # The other trust's people were not touched by a task for trust A.
        assert SchoolUserObjectPermission.objects.filter(user=world.other_head).exists()


def test_worker_renders_a_visit_proforma_through_redis(
    worker: subprocess.Popen[bytes], worker_files: Path
) -> None:
    shared = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with override_settings(
        STORAGES={**settings.STORAGES, "default": shared}, MEDIA_ROOT=worker_files
    ):
        _render_through_the_worker(worker, worker_files)


def _render_through_the_worker(worker: subprocess.Popen[bytes], worker_files: Path) -> None:
    world: World = build_full_world()
    assert world.visit
    with trust_scope(world.trust.pk), transaction.atomic():
        job = proforma_request(visit=world.visit, requested_by=world.visit.director)
    # Queued on commit, through Redis: nothing ran in this process.

    deadline = time.monotonic() + 90
    with scopes_disabled():
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            assert worker.poll() is None, "the worker process died; see var/test-worker.log"
            time.sleep(0.25)
        else:
            pytest.fail("the worker did not make the proforma within 90 s; see var/test-worker.log")
    assert job.status == Job.Status.DONE, job.message
    assert job.message == "Version 1: the proforma is ready."
    editions = stored(world.visit)
    assert set(editions) == set(VisitProforma.Audience.values)
    assert (worker_files / editions["open"].file.name).is_file()
    open_text = pdf_text(stored_bytes(editions["open"]))
    assert "Alder Primary" in open_text and "95.2%" in open_text
    assert STAFFING_MARKER not in open_text
    full_text = pdf_text(stored_bytes(editions["full"]))
    assert STAFFING_MARKER in full_text and HEAD_PM_MARKER in full_text


def test_worker_makes_an_action_plan_pdf_through_redis(
    worker: subprocess.Popen[bytes], worker_files: Path
) -> None:
    shared = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with override_settings(
        STORAGES={**settings.STORAGES, "default": shared}, MEDIA_ROOT=worker_files
    ):
        world: World = build_full_world()
        assert world.plan
        with trust_scope(world.trust.pk), transaction.atomic():
            job = plan_pdf_request(plan=world.plan, requested_by=world.person(Role.GOVERNOR))
        # Queued on commit, through Redis: nothing ran in this process.

        deadline = time.monotonic() + 90
        with scopes_disabled():
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.is_finished:
                    break
                assert worker.poll() is None, "the worker process died; see var/test-worker.log"
                time.sleep(0.25)
            else:
                pytest.fail("the worker did not make the plan's PDF within 90 s")
            assert job.status == Job.Status.DONE, job.message
            assert job.message == "The PDF of the plan is ready."
            world.plan.refresh_from_db()
        assert world.plan.pdf_rendered_at is not None
        assert (worker_files / world.plan.pdf.name).is_file()
        with world.plan.pdf.open("rb") as handle:
            text = " ".join(pdf_text(handle.read()).split())
        assert "Alder Primary" in text and "Raise attainment in early reading" in text
        assert "Train all KS1 staff in the phonics scheme" in text
        assert "Driftwood Primary" not in text
