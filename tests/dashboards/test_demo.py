"""The dashboards in the demo: the demo trusts have targets for every year (loading again adds
nothing), and their dashboards look like a real trust's week: every key measure has a figure,
every section has rows, and every cluster's dashboard opens for a governor of its schools."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from dashboards.demo import TARGETS, load
from dashboards.models import TrustTarget
from fht.models import Trust
from fht.roles import Role
from fht.tenancy import trust_scope
from people.models import RoleAssignment
from schools.models import AcademicYear

pytestmark = pytest.mark.django_db


def _person(trust: Trust, role: Role) -> object:
    with scopes_disabled():
        found = RoleAssignment.objects.filter(trust=trust, role=role, ended_at__isnull=True)
        return found.select_related("person", "school").first()


def test_the_dashboards_demo(demo: None) -> None:
    with scopes_disabled():
        trusts = list(Trust.objects.filter(slug__in=["skylark", "harbour"]))
        assert len(trusts) == 2
        for trust in trusts:
            years = AcademicYear.objects.filter(trust=trust).count()
            assert TrustTarget.objects.filter(trust=trust).count() == years * len(TARGETS)
        before = (TrustTarget.objects.count(), TrustTarget.history.count())
    for trust in trusts:
        with trust_scope(trust.pk):
            load(trust)
    with scopes_disabled():
        assert (TrustTarget.objects.count(), TrustTarget.history.count()) == before

    skylark = next(t for t in trusts if t.slug == "skylark")
    trustee = _person(skylark, Role.TRUSTEE)
    assert trustee is not None
    client = Client()
    client.force_login(trustee.person)  # type: ignore[attr-defined]
    page = client.get(reverse("dashboards:trust"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "No figure" not in text and not re.search(r"\b0 of \d+ school", text)
    for empty in ("The trust has no open school", "No inspection is recorded", "no cluster yet"):
        assert empty not in text
    board = page.context["board"]
    assert all(f.value is not None for f in board.measures.figures)
    assert all(f.national is not None and f.target is not None for f in board.measures.figures[:6])
    assert board.heat.rows and board.ofsted.tables and board.clusters
    assert board.actions_total.open and board.days_total.used

    governor = _person(skylark, Role.GOVERNOR)
    assert governor is not None
    governors = Client()
    governors.force_login(governor.person)  # type: ignore[attr-defined]
    cluster_id = governor.school.cluster_id  # type: ignore[attr-defined]
    hub = governors.get(reverse("dashboards:cluster", args=[cluster_id]))
    assert hub.status_code == 200
    assert len(hub.context["board"].schools) >= 2
    assert any(c.visit and c.visit.visit for c in hub.context["board"].schools)
