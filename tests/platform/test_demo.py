"""The demo data: what `make run` loads, loaded twice, changes nothing the second time."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import Trust, User
from fht.tenancy import trust_scope
from isap.demo import load as load_trust_isap
from isap.models import Action, Plan
from isap.selectors import core_offer, plan_page
from people.demo import DEMO_PASSWORD
from people.models import RoleAssignment
from schools.models import (
    AcademicYear,
    Cluster,
    School,
    SchoolUserObjectPermission,
)

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


def test_demo_loads_two_trusts_idempotently_whose_people_and_plans_work(demo: None) -> None:
    """One load of the demo (it takes the most time of these checks) for all of them."""
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
    _sign_ins_work_and_stay_in_their_trust()
    _every_open_school_has_a_plan_that_carries_last_years_open_work()


def _sign_ins_work_and_stay_in_their_trust() -> None:
    client = Client()
    response = client.post(
        reverse("login"),
        {
            "username": "governor.ravensdale-primary-academy@skylark.example",
            "password": DEMO_PASSWORD,
        },
    )
    assert response.status_code == 302
    schools = client.get(reverse("schools:list")).content.decode()
    assert "Ravensdale Primary Academy" in schools
    assert "Oakwood Lane" not in schools
    with scopes_disabled():
        harbour_school = School.objects.get(urn="138877")
    assert (
        client.get(reverse("schools:detail", kwargs={"school_id": harbour_school.pk})).status_code
        == 404
    )

    ceo = Client()
    ceo.post(reverse("login"), {"username": "ceo@skylark.example", "password": DEMO_PASSWORD})
    body = ceo.get(reverse("schools:list")).content.decode()
    assert body.count('scope="row"') == 16
    assert "Harbourside" not in body


def _every_open_school_has_a_plan_that_carries_last_years_open_work() -> None:
    today = timezone.localdate()
    with scopes_disabled():
        schools = list(School.objects.filter(closed_on__isnull=True).select_related("trust"))
        assert len(schools) == 19
        counts = {"overdue": 0, "red": 0}
        agreed = 0
        for school in schools:
            first = Plan.objects.get(school=school, academic_year__starts_in=2025)
            plan = Plan.objects.get(school=school, academic_year__starts_in=2026)
            assert plan.carried_from == first
            page = plan_page(plan=plan, today=today)
            assert 3 <= len(page.priorities) <= 4, school
            for view in page.priorities:
                assert view.targets, view.priority
                assert 2 <= len(view.actions) <= 4, view.priority
            assert any(view.deployments for view in page.priorities), school
            # Last year's open priorities and actions came forward, linked to where they came
            # from; the achieved ones did not.
            carried = [v.priority for v in page.priorities if v.priority.carried_from_id]
            assert carried, school
            assert all(p.carried_from and p.carried_from.plan_id == first.pk for p in carried)
            assert len(carried) < first.priorities.count()
            old_actions = Action.objects.filter(priority__plan=first)
            assert Action.objects.filter(priority__plan=plan, carried_from__in=old_actions).exists()
            assert old_actions.filter(status=Action.Status.COMPLETED).exists()
            # The history has the year's changes, some made after the plan was agreed.
            changes = Action.history.filter(priority__plan_id=plan.pk, history_type="~")
            assert changes.exists(), school
            if plan.agreed_at is not None:
                agreed += 1
                assert changes.filter(history_date__gt=plan.agreed_at).exists(), school
            counts["overdue"] += page.counts["overdue"]
            counts["red"] += page.counts["red"]
        # Some actions stand out on the plans: overdue, or rated red.
        assert counts["overdue"] > 0
        assert counts["red"] > 0
        # Most of this year's plans are agreed (Skylark has a CPD lead; Harbour has none), not all.
        assert len(schools) // 2 < agreed < len(schools)
        skylark = Trust.objects.get(slug="skylark")
        assert all(
            p.agreed_at is not None
            for p in Plan.objects.filter(trust=skylark, academic_year__starts_in=2025)
        )
        # Core-offer days this year: one or two schools at or over the allowance (the support
        # deployed takes no more than two there); schools given core-offer support keep days.
        year = AcademicYear.objects.get(trust=skylark, starts_in=2026)
        offers = [
            core_offer(school=s, year=year, allowance=skylark.core_offer_days)
            for s in schools
            if s.trust_id == skylark.pk
        ]
        assert any(o.over or o.left == 0 for o in offers)
        pushed = [
            o for o in offers if o.days("support") and o.left <= 0 < o.allowance - o.days("visits")
        ]
        assert len(pushed) <= 2
        assert any(o.days("support") and o.left > 0 for o in offers)
        # Loading again writes nothing more.
        before = (Plan.objects.count(), Action.objects.count(), Action.history.count())
        with trust_scope(skylark.pk):
            load_trust_isap(skylark)
        assert (Plan.objects.count(), Action.objects.count(), Action.history.count()) == before
