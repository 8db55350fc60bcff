"""The demo data: what `make run` loads, loaded twice, changes nothing the second time."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.management.commands.load_demo import DEMO_PASSWORD
from fht.models import Trust, User
from schools.models import Cluster, RoleAssignment, School, SchoolUserObjectPermission

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            Trust.objects.count(),
            Cluster.objects.count(),
            School.objects.count(),
            User.objects.count(),
            RoleAssignment.objects.count(),
            RoleAssignment.history.count(),
            SchoolUserObjectPermission.objects.count(),
        )


def test_demo_loads_two_trusts_and_is_idempotent() -> None:
    call_command("load_demo", quiet_sign_ins=True)
    first = _counts()
    call_command("load_demo", quiet_sign_ins=True)
    assert _counts() == first
    with scopes_disabled():
        skylark = Trust.objects.get(slug="skylark")
        assert skylark.schools.count() == 16
        assert skylark.clusters.count() == 3
        assert {c.area for c in skylark.clusters.all()} == {"Nottinghamshire", "Derbyshire"}
        assert all(len(s.urn) == 6 for s in skylark.schools.all())
        harbour = Trust.objects.get(slug="harbour")
        assert harbour.schools.count() == 3


def test_demo_sign_ins_work_and_stay_in_their_trust() -> None:
    call_command("load_demo", quiet_sign_ins=True)
    client = Client()
    response = client.post(
        reverse("login"),
        {
            "username": "governor.ravensdale-primary-academy@skylark.example",
            "password": DEMO_PASSWORD,
        },
    )
    assert response.status_code == 302
    schools = client.get(reverse("school_list")).content.decode()
    assert "Ravensdale Primary Academy" in schools
    assert "Oakwood Lane" not in schools
    with scopes_disabled():
        harbour_school = School.objects.get(urn="138877")
    assert (
        client.get(reverse("school_detail", kwargs={"school_id": harbour_school.pk})).status_code
        == 404
    )

    ceo = Client()
    ceo.post(reverse("login"), {"username": "ceo@skylark.example", "password": DEMO_PASSWORD})
    body = ceo.get(reverse("school_list")).content.decode()
    assert body.count('scope="row"') == 16
    assert "Harbourside" not in body
