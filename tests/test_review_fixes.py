"""Holes found in review, kept closed."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.jobs import run_job
from fht.models import Job
from fht.roles import Role
from schools.models import School
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_urns_are_ascii_digits_only(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    response = client.post(
        reverse("schools:add"),
        {
            "urn": "\uff11\uff14\uff10\uff14\uff11\uff12",
            "name": "Wide Digits Primary",
            "phase": "primary",
        },
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not School.objects.filter(name="Wide Digits Primary").exists()


@pytest.mark.parametrize("cluster", ["99999999999999999999", "-3", "0", "abc"])
def test_odd_cluster_filters_are_ignored(world: World, cluster: str) -> None:
    client = Client()
    client.force_login(world.person(Role.CEO))
    assert client.get(reverse("schools:list"), {"cluster": cluster}).status_code == 200


def test_a_job_whose_worker_died_runs_again(world: World) -> None:
    long_ago = timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    with scopes_disabled():
        job = Job.objects.create(
            trust=world.trust,
            kind="role_expiry",
            status=Job.Status.RUNNING,
            started_at=long_ago,
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
    assert fresh.status == Job.Status.RUNNING  # still in someone's hands


def test_platform_admin_cannot_move_a_person_between_trusts(world: World) -> None:
    client = Client()
    client.force_login(world.superuser)
    head = world.person(Role.HEAD_TEACHER)
    page = client.get(reverse("admin:fht_user_change", args=[head.pk])).content.decode()
    assert 'name="trust"' not in page


def test_the_cluster_size_limit_holds_on_the_person_page_too(world: World) -> None:
    from tests.factories import SchoolFactory

    with scopes_disabled():
        for _ in range(8):
            SchoolFactory(cluster=world.c2)  # c2 now has 9 open schools
    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    url = reverse("people:role_give", kwargs={"person_id": world.stranger.pk})
    response = client.post(
        url,
        {
            "role": "qa_director",
            "cluster": world.c2.pk,
            "starts_on_day": "1",
            "starts_on_month": "9",
            "starts_on_year": "2026",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "limit of 8" in body, body[body.find("govuk-error-summary__list") :][:600]


def test_a_taken_urn_is_reported_with_the_other_mistakes(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.TRUST_ADMIN))
    with scopes_disabled():
        urn = world.s1.urn
    response = client.post(reverse("schools:add"), {"urn": urn, "name": "", "phase": "primary"})
    body = response.content.decode()
    assert response.status_code == 400
    assert f"A school with URN {urn} is already on the system" in body
    assert "Enter the school" in body  # the missing name, in the same answer
