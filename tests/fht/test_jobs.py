"""The background-job pattern: a tenant-owned row, claimed once, polled by the page, retried."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.celery import app as celery_app
from fht.jobs import job_claim, run_job
from fht.models import Job
from fht.roles import Role
from fht.tenancy import trust_scope
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _job(world: World, status: str = Job.Status.QUEUED) -> Job:
    with scopes_disabled():
        return Job.objects.create(
            trust=world.trust,
            kind="role_expiry",
            status=status,
            requested_by=world.person(Role.TRUST_ADMIN),
        )


def test_a_job_is_claimed_once(world: World) -> None:
    job = _job(world)
    with trust_scope(world.trust.pk):
        assert job_claim(job_id=job.pk) is True
        assert job_claim(job_id=job.pk) is False
        job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert job.attempts == 1


def test_the_task_runs_the_service_and_reports(world: World) -> None:
    job = _job(world)
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": job.pk}).get()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.message == "No role had passed its planned end date."
    # Delivered twice, it does nothing the second time.
    run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": job.pk}).get()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.attempts == 1


def test_a_failing_job_is_retried_then_marked_failed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def broken(**kwargs: object) -> int:
        calls.append(kwargs)
        raise ConnectionError("database went away")

    monkeypatch.setattr("people.services.roles.role_assignments_expire", broken)
    job = _job(world)
    celery_app.conf.task_eager_propagates = False  # let eager retries happen as a worker's would
    try:
        result = run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": job.pk}, throw=False)
    finally:
        celery_app.conf.task_eager_propagates = True
    assert result.failed()
    assert len(calls) == 3  # the first try and two retries
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "The check failed (ConnectionError)."


def test_a_job_of_one_trust_cannot_be_claimed_in_another(world: World) -> None:
    job = _job(world)
    run_job.apply(kwargs={"trust_id": world.other_trust.pk, "job_id": job.pk}).get()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_banner_polls_while_running_and_stops_when_done(world: World) -> None:
    job = _job(world, Job.Status.RUNNING)
    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    url = reverse("job_status", kwargs={"job_id": job.pk})
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert 'hx-trigger="every 2s"' in partial
    assert "Working on it" in partial
    page = client.get(url).content.decode()
    assert "<html" in page
    assert "Refresh to see progress" in page
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, message="2 roles ended.")
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert "Finished: 2 roles ended." in done


def test_retry_queues_a_failed_job_again(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    job = _job(world, Job.Status.FAILED)
    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_retry", kwargs={"job_id": job.pk}))
    assert response.status_code == 302
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.DONE  # run in-process here, after the request's commit


def test_jobs_are_for_those_who_may_ask_for_them(world: World) -> None:
    job = _job(world, Job.Status.FAILED)
    for role in (Role.GOVERNOR, Role.HEAD_TEACHER, Role.TRUSTEE, Role.QA_DIRECTOR):
        client = Client()
        client.force_login(world.person(role))
        assert client.get(reverse("job_status", kwargs={"job_id": job.pk})).status_code == 404
        assert client.post(reverse("job_retry", kwargs={"job_id": job.pk})).status_code == 404
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_administrator_runs_the_check_and_follows_it(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from people.models import RoleAssignment

    governor = world.person(Role.GOVERNOR)
    with trust_scope(world.trust.pk):
        RoleAssignment.objects.filter(person=governor).update(ends_on=dt.date(2020, 8, 31))
    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    assert "Check planned end dates now" in client.get(reverse("people:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:role_expiry_check"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Finished: 1 role ended." in page
    with trust_scope(world.trust.pk):
        assert RoleAssignment.objects.get(person=governor).ended_at is not None


def test_a_job_whose_worker_died_runs_again(world: World) -> None:
    """A job still marked running after the task time limit has passed lost its worker: it is
    claimed again and finished. One started just now is still in someone's hands."""
    long_ago = timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    with scopes_disabled():
        job = Job.objects.create(
            trust=world.trust, kind="role_expiry", status=Job.Status.RUNNING, started_at=long_ago
        )
        fresh = Job.objects.create(
            trust=world.trust,
            kind="role_expiry",
            status=Job.Status.RUNNING,
            started_at=timezone.now(),
        )
    for j in (job, fresh):
        run_job.apply(kwargs={"trust_id": world.trust.pk, "job_id": j.pk}).get()
    with scopes_disabled():
        job.refresh_from_db()
        fresh.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.finished_at is not None
    assert fresh.status == Job.Status.RUNNING
