"""The trust's list of reviews (with its filters, count, CSV and a fixed number of queries), the
'Reviews' menu section, and the school page's panel."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from people.services import permissions_sync
from reviews.models import Review
from schools.models import AcademicYear
from schools.services import academic_year_create
from tests.conftest import World
from tests.factories import ClusterFactory, SchoolFactory
from tests.reviews.world import add_review, add_reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world: World) -> World:
    add_reviews(world)
    with scopes_disabled():
        # Last year's review of s1, shared: its 'last review'.
        year = AcademicYear.objects.filter(trust=world.trust, starts_in=2025).first()
        before = year or academic_year_create(trust=world.trust, starts_in=2025, acting_user=None)
        shared = add_review(
            world.s1,
            before,
            team=[],
            created_by=world.person(Role.QA_DIRECTOR),
            starts_on=dt.date(2026, 3, 10),
        )
        Review.objects.filter(pk=shared.pk).update(status=Review.Status.SHARED)
    world.last_year_review = shared  # type: ignore[attr-defined]
    return world


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, **params: str) -> str:
    response = client.get(reverse("reviews:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_every_school_with_its_last_next_and_this_years_review(w: World) -> None:
    page = _get(_client(w.person(Role.CEO)))
    assert "Alder Primary" in page and "Birch Primary" in page and "Cedar Primary" in page
    assert "Driftwood Primary" not in page
    assert "10 Mar 2026" in page and "Shared with the head" in page  # s1's last review
    assert "9 Mar 2027" in page  # s1's and s3's next review (draft)
    assert "No review planned for 2026/27" in page  # s2
    assert "1 school listed has no review planned for 2026/27" in page
    assert "3 schools" in page
    assert page.count("Plan a review") == 1 and reverse("reviews:plan_new", args=[w.s2.pk]) in page
    assert f'href="/reviews/{w.review.pk}/"' in page  # type: ignore[union-attr]


def test_filters_and_empty_state(w: World) -> None:
    client = _client(w.person(Role.CEO))
    flagged = _get(client, status="none")
    assert "Birch Primary" in flagged and "Alder Primary" not in flagged
    drafts = _get(client, status="draft", cluster=str(w.c2.pk))
    assert "Cedar Primary" in drafts and "Alder Primary" not in drafts and "1 school" in drafts
    found = _get(client, q="birch")
    assert "Birch Primary" in found and "Cedar Primary" not in found
    nothing = _get(client, q="no such school")
    assert "No school matches these filters" in nothing
    # Odd filters are ignored, never a 500.
    odd = _get(client, status="<b>", cluster="1e309", q="x" * 5000)
    assert "No school matches" in odd


def test_what_each_reader_sees(w: World) -> None:
    director = _get(_client(w.person(Role.QA_DIRECTOR)))
    assert "Alder Primary" in director and "Birch Primary" in director
    assert "Cedar Primary" not in director  # c2 is not the director's
    assert "Plan a review" in director
    trustee = _get(_client(w.person(Role.TRUSTEE)))
    assert "Cedar Primary" in trustee and "Plan a review" not in trustee
    # A trustee does not read unshared reviews: no link to them, only to the shared one.
    assert f"/reviews/{w.review.pk}/" not in trustee  # type: ignore[union-attr]
    assert f"/reviews/{w.last_year_review.pk}/" in trustee  # type: ignore[attr-defined]
    cpd = _get(_client(w.person(Role.CPD_LEAD)))
    assert f"/reviews/{w.review.pk}/" in cpd  # type: ignore[union-attr]  # on its team
    assert f"/reviews/{w.out_review.pk}/" not in cpd  # type: ignore[union-attr]
    for role in (Role.HEAD_TEACHER, Role.GOVERNOR, Role.TRUST_ADMIN):
        assert _client(w.person(role)).get(reverse("reviews:list")).status_code == 404


def test_the_csv_holds_the_table(w: World) -> None:
    response = _client(w.person(Role.CEO)).get(
        reverse("reviews:list"), {"format": "csv", "sort": "this_year"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["School", "Cluster", "Last review", "Next review", "This year's review"]
    by_school = {r[0]: r for r in rows[1:]}
    assert set(by_school) == {"Alder Primary", "Birch Primary", "Cedar Primary"}
    assert by_school["Alder Primary"] == [
        "Alder Primary",
        "North cluster",
        "10 March 2026 (Shared with the head)",
        "9 March 2027 (Draft)",
        "Draft",
    ]
    assert by_school["Birch Primary"][2:] == ["", "", "No review planned for 2026/27"]


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reviews:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.CEO, Role.QA_DIRECTOR, Role.TRUSTEE])
def test_the_list_runs_a_fixed_number_of_queries(w: World, role: Role) -> None:
    client = _client(w.person(role))
    small = _queries(client)
    assert w.year
    with scopes_disabled():
        for cluster in (w.c1, ClusterFactory(trust=w.trust)):
            for n in range(6):
                school = SchoolFactory(cluster=cluster)
                if n % 2:
                    add_review(school, w.year, team=[], created_by=w.person(Role.CEO))
    with trust_scope(w.trust.pk):
        permissions_sync(trust=w.trust)
    assert _queries(client) == small
    # The session, the person, their access (4), the year, the trust, its clusters, the schools,
    # their reviews, the person's places on their teams.
    assert small == 12


def test_the_menu_shows_reviews_to_readers_and_planners(w: World) -> None:
    for role, shown in ((Role.CEO, True), (Role.TRUSTEE, True), (Role.HEAD_TEACHER, False)):
        page = _client(w.person(role)).get(reverse("home")).content.decode()
        assert (f'href="{reverse("reviews:list")}"' in page) is shown, role


def test_the_school_panel(w: World) -> None:
    ceo = (
        _client(w.person(Role.CEO)).get(reverse("schools:detail", args=[w.s2.pk])).content.decode()
    )
    assert "Partnership review" in ceo and "No review planned for 2026/27" in ceo
    assert "Plan this year's review" in ceo
    assert reverse("reviews:plan_new", args=[w.s2.pk]) in ceo
    director = _client(w.person(Role.QA_DIRECTOR))
    page = director.get(reverse("schools:detail", args=[w.s1.pk])).content.decode()
    assert f"/reviews/{w.review.pk}/" in page and "9 March 2027" in page  # type: ignore[union-attr]
    assert f"/reviews/{w.last_year_review.pk}/" in page  # type: ignore[attr-defined]
    assert "Plan this year" not in page
    # The head reads the shared review only, not the draft of this year.
    head = _client(w.person(Role.HEAD_TEACHER))
    page = head.get(reverse("schools:detail", args=[w.s1.pk])).content.decode()
    assert f"/reviews/{w.last_year_review.pk}/" in page  # type: ignore[attr-defined]
    assert f"/reviews/{w.review.pk}/" not in page and "9 March 2027" not in page  # type: ignore[union-attr]
    assert "Plan this year" not in page


def test_an_unshared_review_of_a_past_year_is_not_the_next(w: World) -> None:
    with scopes_disabled():
        before = AcademicYear.objects.get(trust=w.trust, starts_in=2025)
        add_review(
            w.s2, before, team=[], created_by=w.person(Role.CEO), starts_on=dt.date(2026, 3, 3)
        )
    response = _client(w.person(Role.CEO)).get(reverse("reviews:list"), {"format": "csv"})
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Birch Primary"][2:] == ["", "", "No review planned for 2026/27"]


def test_the_school_panels_year_runs_september_to_august() -> None:
    from reviews.selectors.planning import school_year_now

    assert school_year_now(on=dt.date(2027, 8, 31)) == 2026
    assert school_year_now(on=dt.date(2027, 9, 1)) == 2027
    assert school_year_now(on=dt.date(2027, 1, 15)) == 2026
