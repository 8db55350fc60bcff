"""The trust and cluster dashboards as their readers open them: the figures with 'n of m', every
table as CSV (cells safe for spreadsheets), restricted visit areas never shown, another trust's
cluster 404, and the same number of queries for 3 schools as for 12."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dashboards.selectors.trust import trust_dashboard
from dashboards.tables import CLUSTER_TABLES, TRUST_TABLES
from fht.roles import Role
from schools.models import AcademicYear, Cluster
from tests.conftest import World
from tests.dashboards.world import AS_OF, add_result, add_return, add_visit_and_plan
from tests.factories import ClusterFactory, SchoolFactory

pytestmark = pytest.mark.django_db

TRUST = reverse("dashboards:trust")


def client_for(world: World, role: Role) -> Client:
    client = Client()
    client.force_login(world.person(role))
    return client


def cluster_url(cluster: Cluster) -> str:
    return reverse("dashboards:cluster", args=[cluster.pk])


def rows_of(response: object) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text.decode().lstrip("\ufeff"))))


def test_a_trustee_reads_the_trust_dashboard_with_missing_schools_named(fworld: World) -> None:
    response = client_for(fworld, Role.TRUSTEE).get(TRUST)
    assert response.status_code == 200
    page = response.content.decode()
    for heading in (
        "Schools by category",
        "The golden rule",
        "The Ofsted profile",
        "Key measures",
        "Schools in the concern procedure",
        "Overdue QA visits",
        "Plan actions red or overdue",
        "Core-offer days used",
        "Clusters",
    ):
        assert heading in page
    assert "94.0%" in page and "2 of 3 schools" in page and "Not counted: Cedar Primary" in page
    assert 'href="' + cluster_url(fworld.c1) + '"' in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_the_concern_procedure_is_only_for_readers_of_the_risk_summary(fworld: World) -> None:
    """As in the risk app: the CPD lead reads the dashboard, not the schools in the procedure."""
    page = client_for(fworld, Role.CPD_LEAD).get(TRUST).content.decode()
    assert "Schools in the concern procedure" not in page and "Schools by category" in page
    csv_url = {"format": "csv", "table": "concern"}
    assert client_for(fworld, Role.CPD_LEAD).get(TRUST, csv_url).status_code == 404
    assert client_for(fworld, Role.QA_DIRECTOR).get(TRUST, csv_url).status_code == 200


def test_the_administrator_and_a_head_may_not_read_it(fworld: World) -> None:
    assert client_for(fworld, Role.TRUST_ADMIN).get(TRUST).status_code == 403
    assert client_for(fworld, Role.HEAD_TEACHER).get(TRUST).status_code == 403


@pytest.mark.parametrize("name", sorted(TRUST_TABLES))
def test_every_trust_table_downloads_as_csv(fworld: World, name: str) -> None:
    response = client_for(fworld, Role.CEO).get(TRUST, {"format": "csv", "table": name})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    assert len(rows_of(response)[0]) > 1


def test_the_measures_csv_holds_the_weighted_figures_and_who_is_missing(fworld: World) -> None:
    response = client_for(fworld, Role.CEO).get(TRUST, {"format": "csv", "table": "measures"})
    rows = {r[0]: r for r in rows_of(response)[1:]}
    attendance = rows["Attendance"]
    assert attendance[2:9] == ["94.0", "%", "2", "3", "Cedar Primary", "94.5", "96.0"]


def test_a_cell_that_starts_like_a_formula_is_made_safe(fworld: World) -> None:
    with scopes_disabled():
        ClusterFactory(trust=fworld.trust, name="=HYPERLINK(1)")
    rows = rows_of(client_for(fworld, Role.CEO).get(TRUST, {"format": "csv", "table": "clusters"}))
    assert [r[0] for r in rows if "HYPERLINK" in r[0]] == ["'=HYPERLINK(1)"]


def test_an_unknown_table_is_404(fworld: World) -> None:
    client = client_for(fworld, Role.CEO)
    assert client.get(TRUST, {"format": "csv", "table": "nope"}).status_code == 404
    url = cluster_url(fworld.c1)
    assert client.get(url, {"format": "csv", "table": "nope"}).status_code == 404


def test_a_governor_compares_the_schools_of_their_cluster(fworld: World) -> None:
    client = client_for(fworld, Role.GOVERNOR)
    response = client.get(cluster_url(fworld.c1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alder Primary" in page and "Birch Primary" in page and "Cedar Primary" not in page
    assert "Staffing" not in page and "performance management" not in page
    assert client.get(cluster_url(fworld.c2)).status_code == 404
    assert client.get(cluster_url(fworld.b1)).status_code == 404


@pytest.mark.parametrize("name", sorted(CLUSTER_TABLES))
def test_every_cluster_table_downloads_as_csv(fworld: World, name: str) -> None:
    response = client_for(fworld, Role.QA_DIRECTOR).get(
        cluster_url(fworld.c1), {"format": "csv", "table": name}
    )
    assert response.status_code == 200
    assert len(rows_of(response)) >= 2


def _grow(world: World, extra: int) -> None:
    """More schools, each with a return, a result, a category, a visit and a plan's actions."""
    with scopes_disabled():
        year = world.year
        assert year is not None
        last_year = AcademicYear.objects.get(trust=world.trust, starts_in=2025)
        director = world.person(Role.QA_DIRECTOR)
        for n in range(extra):
            cluster = world.c1 if n % 2 else ClusterFactory(trust=world.trust, name=f"Hub {n}")
            school = SchoolFactory(
                cluster=cluster, name=f"Extra {n}", pupils_on_roll=150, category="BC"[n % 2]
            )
            add_return(school, year, "94.0", "12.0", [(6, "all", 20, "60.0")])
            add_result(school, last_year, "ks2_rwm_expected", "62.0", 20)
            add_visit_and_plan(school, year, director)


def _count_board(world: World) -> int:
    with scope(trust=world.trust), CaptureQueriesContext(connection) as queries:
        board = trust_dashboard(trust=world.trust, user=world.person(Role.CEO), as_of=AS_OF)
    assert board.schools
    return len(queries)


def test_the_dashboards_run_the_same_queries_for_3_schools_as_for_12(fworld: World) -> None:
    _count_board(fworld)  # the reader's roles, loaded once and kept on the user
    small = _count_board(fworld)
    client = client_for(fworld, Role.CEO)
    with CaptureQueriesContext(connection) as page_small:
        assert client.get(TRUST).status_code == 200
    with CaptureQueriesContext(connection) as cluster_small:
        assert client.get(cluster_url(fworld.c1)).status_code == 200
    _grow(fworld, 9)
    assert _count_board(fworld) == small
    with CaptureQueriesContext(connection) as page_large:
        response = client.get(TRUST)
    assert "12 open schools" in response.content.decode()
    with CaptureQueriesContext(connection) as cluster_large:
        assert client.get(cluster_url(fworld.c1)).status_code == 200
    assert len(page_large) == len(page_small)
    assert len(cluster_large) == len(cluster_small)
    assert small <= 25


def test_overdue_visits_and_red_or_overdue_actions_are_counted(fworld: World) -> None:
    client = client_for(fworld, Role.DEPUTY_CEO)
    overdue = rows_of(client.get(TRUST, {"format": "csv", "table": "overdue-visits"}))
    assert [r[0] for r in overdue[1:]] == ["Alder Primary"]
    assert overdue[1][3] == "2026-09-20"
    actions = rows_of(client.get(TRUST, {"format": "csv", "table": "actions"}))
    # Alder: two open actions, one red and overdue, one green not yet due.
    assert actions[1:] == [["Alder Primary", "2", "1", "1", "1"]]
    rag = rows_of(client.get(cluster_url(fworld.c1), {"format": "csv", "table": "actions"}))
    assert rag[1] == ["Alder Primary", "2", "1", "0", "1", "0", "1"]


def test_each_clusters_summary_adds_up_its_own_schools(fworld: World) -> None:
    with scope(trust=fworld.trust):
        board = trust_dashboard(
            trust=fworld.trust, user=fworld.person(Role.QA_DIRECTOR), as_of=AS_OF
        )
    rows = {r.name: r for r in board.clusters}
    north, south = rows["North cluster"], rows["South cluster"]
    assert (north.schools, north.overdue_visits, north.actions.red_or_overdue) == (2, 1, 1)
    assert north.figures["attendance"].value == 94.0 and north.figures["attendance"].complete
    assert north.days.allowance == 2 * fworld.trust.core_offer_days
    assert (south.schools, south.overdue_visits, south.actions.open) == (1, 0, 0)
    assert south.figures["attendance"].coverage == "0 of 1 school"
    # A Director of QA opens their own cluster's dashboard from here, not the others'.
    assert north.readable and not south.readable


def test_the_dashboards_are_kept_until_the_data_changes(fworld: World) -> None:
    """The second reader alike is served the kept body (fewer queries); a change to the trust's
    data shows at once on the next read."""
    client = client_for(fworld, Role.TRUSTEE)
    for url in (TRUST, cluster_url(fworld.c1)):
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as second:
            assert client.get(url).status_code == 200
        assert len(second) < len(first) - 5
    with scopes_disabled():
        school = fworld.c1.schools.order_by("pk").first()
        old_name = school.name
        school.name = "Renamed Academy"
        school.save()
    try:
        for url in (TRUST, cluster_url(fworld.c1)):
            page = client.get(url).content.decode()
            assert "Renamed Academy" in page and old_name not in page
    finally:
        with scopes_disabled():
            school.name = old_name
            school.save()
