"""A task sent through Redis to a real Celery worker process changes the real PostgreSQL database."""

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from fht.celery import app as celery_app
from fht.roles import Role
from fht.tenancy import trust_scope
from people.tasks import expire_role_assignments
from schools.models import RoleAssignment, SchoolUserObjectPermission
from tests.conftest import World, build_world
from tests.services import require_services

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db: None) -> Iterator[subprocess.Popen[bytes]]:
    require_services()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fht.settings.test",
        "DATABASE_URL": _database_url(),  # the test database, which this test commits to
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
