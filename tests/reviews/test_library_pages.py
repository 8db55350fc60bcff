"""The effective-practice library: who reads it (every head, director and lead practitioner; not
governors, trustees or administrators, nor another trust), search by words, theme, school and
cluster, the CSV, a constant number of queries, the entry page's links, and editing and removing an
entry by its school's planners and head (bad input kept, other schools' heads refused)."""

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from reviews.models import AreaKey, PracticeEntry
from schools.models import School
from tests.conftest import World
from tests.factories import SchoolFactory
from tests.platform.world import build_full_world
from tests.reviews.library_world import entry_for, share
from tests.reviews.world import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_full_world()


LIBRARY = "/reviews/practice/"


def _entry(school: School, title: str, theme: str = AreaKey.CURRICULUM, **kw: Any) -> PracticeEntry:
    with scopes_disabled():
        return PracticeEntry.objects.create(
            trust=school.trust,
            school=school,
            theme=theme,
            title=title,
            source=PracticeEntry.Source.VISIT,
            **kw,
        )


def test_the_url_is_agreed() -> None:
    assert reverse("reviews:library") == LIBRARY


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HEAD_TEACHER, 200),
        (Role.EXECUTIVE_HEAD, 200),
        (Role.QA_DIRECTOR, 200),
        (Role.LEAD_PRACTITIONER, 200),
        (Role.SYSTEM_LEADER, 200),
        (Role.CPD_LEAD, 200),
        (Role.CEO, 200),
        (Role.GOVERNOR, 404),
        (Role.CHAIR_OF_GOVERNORS, 404),
        (Role.TRUSTEE, 404),
        (Role.TRUST_ADMIN, 404),
    ],
)
def test_who_reads_the_library(world: World, role: Role, status: int) -> None:
    entry = entry_for(world, "in")
    assert client_for(world.person(role)).get(LIBRARY).status_code == status
    detail = reverse("reviews:practice_entry", args=[entry.pk])
    assert client_for(world.person(role)).get(detail).status_code == status


def test_another_trust_gets_404_for_an_entry_and_sees_none_in_its_list(world: World) -> None:
    ours = entry_for(world, "in")
    theirs = entry_for(world, "other")
    other_ceo = client_for(world.other_ceo)
    assert other_ceo.get(reverse("reviews:practice_entry", args=[ours.pk])).status_code == 404
    assert other_ceo.get(reverse("reviews:practice_edit", args=[ours.pk])).status_code == 404
    page = client_for(world.person(Role.CEO)).get(LIBRARY).content.decode()
    assert ours.title in page and theirs.title not in page


def test_a_head_of_another_school_finds_the_strength_and_whom_to_ask(world: World) -> None:
    """The issue's acceptance: a review is shared, another head finds its strength."""
    assert world.review is not None
    share(world.review, world.person(Role.QA_DIRECTOR))
    head_s3 = client_for(world.south_head)
    page = head_s3.get(LIBRARY, {"q": "reading"}).content.decode()
    assert "Reading for pleasure across the school" in page
    head = world.person(Role.HEAD_TEACHER)
    assert head.full_name in page and head.email in page
    assert "head teacher" in page  # the contact's role at the school
    # The head of s3 may not open s1's page nor read its review: names without links.
    assert reverse("schools:detail", args=[world.s1.pk]) not in page
    assert f"/reviews/{world.review.pk}/" not in page
    assert "Partnership review, 9 March 2027" in page
    # The CEO may open both.
    ceo_page = client_for(world.person(Role.CEO)).get(LIBRARY).content.decode()
    assert reverse("schools:detail", args=[world.s1.pk]) in ceo_page
    assert f"/reviews/{world.review.pk}/" in ceo_page


def test_search_theme_school_and_cluster_filters(world: World) -> None:
    _entry(world.s1, "Phonics in Reception", AreaKey.CURRICULUM, description="Daily phonics.")
    _entry(world.s2, "Breakfast club", AreaKey.ATTENDANCE, description="Doors open at 8.")
    _entry(world.s3, "Maths mastery", AreaKey.ACHIEVEMENT, description="Daily phonics too.")
    ceo = client_for(world.person(Role.CEO))

    def titles(**params: Any) -> set[str]:
        response = ceo.get(LIBRARY, params)
        assert response.status_code == 200
        rows = response.context["rows"]
        return {r.entry.title for r in rows}

    assert titles() == {"Phonics in Reception", "Breakfast club", "Maths mastery"}
    assert titles(q="PHONICS") == {"Phonics in Reception", "Maths mastery"}
    assert titles(theme=AreaKey.ATTENDANCE) == {"Breakfast club"}
    assert titles(school=world.s3.pk) == {"Maths mastery"}
    assert titles(cluster=world.c1.pk) == {"Phonics in Reception", "Breakfast club"}
    assert titles(q="phonics", cluster=world.c2.pk) == {"Maths mastery"}
    page = ceo.get(LIBRARY, {"q": "nothing like this"}).content.decode()
    assert "No entry matches this search" in page and "Clear the filters" in page
    assert "3 entries" in ceo.get(LIBRARY).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"school": "1e309"},
        {"school": "-1"},
        {"school": "9" * 500},
        {"cluster": "NaN"},
        {"theme": "<b>x</b>"},
        {"q": "x" * 5000},
        {"q": "<script>alert(1)</script>"},
        {"sort": "nope", "dir": "sideways"},
    ],
)
def test_odd_filters_never_fail(world: World, params: dict[str, str]) -> None:
    _entry(world.s1, "Phonics in Reception")
    response = client_for(world.person(Role.CEO)).get(LIBRARY, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_another_trusts_school_id_filters_to_nothing_of_theirs(world: World) -> None:
    _entry(world.s1, "Phonics in Reception")
    entry_for(world, "other")
    response = client_for(world.person(Role.CEO)).get(LIBRARY, {"school": world.sb.pk})
    assert response.status_code == 200
    assert "Driftwood" not in response.content.decode()


def test_the_empty_library_says_how_entries_arrive(world: World) -> None:
    page = client_for(world.person(Role.HEAD_TEACHER)).get(LIBRARY).content.decode()
    assert "The library is empty" in page


def test_the_csv_holds_the_filtered_entries_with_their_contacts(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    _entry(world.s1, "=Phonics in Reception", contact=head, description="Daily.")
    _entry(world.s3, "Maths mastery", AreaKey.ACHIEVEMENT)
    response = client_for(world.person(Role.LEAD_PRACTITIONER)).get(
        LIBRARY, {"format": "csv", "school": world.s1.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "Title",
        "Theme",
        "School",
        "Contact",
        "Role at the school",
        "Email",
        "Where it came from",
    ]
    assert len(rows) == 2
    assert rows[1][0] == "'=Phonics in Reception"  # a formula is never run by a spreadsheet
    assert rows[1][2:6] == ["Alder Primary", head.full_name, "Head teacher", head.email]


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIBRARY).status_code == 200
    return len(captured.captured_queries)


def test_the_list_reads_the_same_queries_for_more_entries(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    _entry(world.s1, "One", contact=head)
    assert world.review is not None
    share(world.review, world.person(Role.QA_DIRECTOR))
    client = client_for(world.person(Role.CEO))
    client.get(LIBRARY)
    few = _queries(client)
    with scopes_disabled():
        for n in range(6):
            school = SchoolFactory(cluster=world.c2, name=f"Extra {n}")
            _entry(school, f"Entry {n}", contact=head, visit=world.visit)
            _entry(world.s2, f"Other {n}", AreaKey.LEADERSHIP, contact=world.south_head)
    assert _queries(client) == few
    assert few <= 14


# --- editing and removing ---------------------------------------------------------------------------


def test_the_head_edits_the_entry_and_the_history_keeps_who(world: World) -> None:
    entry = entry_for(world, "in")
    head = world.person(Role.HEAD_TEACHER)
    client = client_for(head)
    url = reverse("reviews:practice_edit", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Attendance mentors in Year 6",
            "theme": AreaKey.ATTENDANCE,
            "description": "Year 6 mentors greet pupils.",
            "contact": head.pk,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        entry.refresh_from_db()
        assert entry.title == "Attendance mentors in Year 6" and entry.contact == head
        assert entry.history.first().history_user == head  # type: ignore[attr-defined]
    page = client.get(reverse("reviews:practice_entry", args=[entry.pk])).content.decode()
    assert "Edit the entry" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"title": "x" * 201}, "title", "200 characters or fewer"),
        ({"theme": "nonsense"}, "theme", "Choose a theme from the list."),
        ({"contact": "1e309"}, "contact", "Choose one of the school's people"),
        ({"contact": "-5"}, "contact", "Choose one of the school's people"),
        ({"contact": "9" * 500}, "contact", "Choose one of the school's people"),
        ({"contact": "99999999999999999999"}, "contact", "Choose one of the school's people"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_kept(
    world: World, changes: dict[str, str], field: str, message: str
) -> None:
    entry = entry_for(world, "in")
    data = {
        "title": "Kept <b>title</b>",
        "theme": AreaKey.CURRICULUM,
        "description": "Kept description",
        "contact": "",
        **changes,
    }
    response = client_for(world.person(Role.CEO)).post(
        reverse("reviews:practice_edit", args=[entry.pk]), data
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "Kept description" in response.content.decode()
    with scopes_disabled():
        entry.refresh_from_db()
        assert entry.title.startswith("Attendance mentors")


def test_another_trusts_person_cannot_be_made_the_contact(world: World) -> None:
    entry = entry_for(world, "in")
    assert world.other_head is not None
    response = client_for(world.person(Role.CEO)).post(
        reverse("reviews:practice_edit", args=[entry.pk]),
        {"title": "T", "theme": AreaKey.CURRICULUM, "contact": world.other_head.pk},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.LEAD_PRACTITIONER, Role.CPD_LEAD])
def test_readers_who_do_not_edit_get_404_and_see_no_edit_link(world: World, role: Role) -> None:
    entry = entry_for(world, "in")
    client = client_for(world.person(role))
    for name in ("reviews:practice_edit", "reviews:practice_remove"):
        url = reverse(name, args=[entry.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "X", "theme": AreaKey.CURRICULUM}).status_code == 404
    if role != Role.GOVERNOR:
        page = client.get(reverse("reviews:practice_entry", args=[entry.pk])).content.decode()
        assert "Edit the entry" not in page


def test_another_schools_head_does_not_edit_it(world: World) -> None:
    entry = entry_for(world, "in")
    response = client_for(world.south_head).post(
        reverse("reviews:practice_remove", args=[entry.pk])
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert PracticeEntry.objects.filter(pk=entry.pk).exists()


def test_the_director_removes_an_entry(world: World) -> None:
    entry = entry_for(world, "in")
    client = client_for(world.person(Role.QA_DIRECTOR))
    url = reverse("reviews:practice_remove", args=[entry.pk])
    assert "Remove the entry" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    with scopes_disabled():
        assert not PracticeEntry.objects.filter(pk=entry.pk).exists()
    assert client.get(reverse("reviews:practice_entry", args=[entry.pk])).status_code == 404


def test_the_menu_shows_the_library_to_its_readers_only(world: World) -> None:
    head_home = client_for(world.person(Role.HEAD_TEACHER)).get("/").content.decode()
    governor_home = client_for(world.person(Role.GOVERNOR)).get("/").content.decode()
    assert LIBRARY in head_home and LIBRARY not in governor_home
