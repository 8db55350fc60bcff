"""The meetings' pages: the list with its filters, next week's meetings and the CSV; adding a
meeting (bad input kept and refused by its field); recording on the meeting page; a closed
meeting refusing changes; the home panel; and fixed query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from cycle.models import CycleAction, CycleMeeting, Decision
from cycle.services.meetings import ActionData, action_add, decision_add
from fht.roles import Role
from tests.conftest import World
from tests.cycle.world import meeting, next_monday

pytestmark = pytest.mark.django_db


def _client(cworld: World, role: Role) -> Client:
    client = Client()
    client.force_login(cworld.person(role))
    return client


def test_the_list_filters_by_kind_hub_and_next_week_with_its_csv(cworld: World) -> None:
    ceo = _client(cworld, Role.CEO)
    url = reverse("cycle:list")
    page = ceo.get(url).content.decode()
    assert "North hub heads" in page and "Board" in page and "Harbour" not in page
    hubs = ceo.get(url, {"kind": "hub_heads", "cluster": cworld.c2.pk}).content.decode()
    assert "South hub heads" in hubs and "North hub heads" not in hubs and "Board" not in hubs
    week = ceo.get(url, {"when": "next_week"}).content.decode()
    monday = next_monday()
    assert "Showing next week" in week and "North hub heads" in week
    assert "(earlier)" not in week  # six weeks ago
    assert f"{monday:%-d %B}" in week
    # Another trust's hub or nonsense: ignored, not an error.
    assert ceo.get(url, {"cluster": cworld.b1.pk, "kind": "<b>x</b>"}).status_code == 200
    csv = ceo.get(url, {"kind": "board", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Date,Meeting,Kind,Hub,Status"
    assert lines[1:] == [f"{monday + dt.timedelta(days=2)},Board,Trust board,,Open"]


def test_each_person_lists_only_their_own_meetings(cworld: World) -> None:
    governor = _client(cworld, Role.GOVERNOR).get(reverse("cycle:list")).content.decode()
    assert "North governors" in governor
    assert "North hub heads" not in governor and "Board" not in governor
    trustee = _client(cworld, Role.TRUSTEE).get(reverse("cycle:list")).content.decode()
    assert "Board" in trustee and "North governors" not in trustee
    assert "Add a meeting" not in trustee


def test_adding_a_meeting_and_bad_input_kept_with_its_message(cworld: World) -> None:
    director = _client(cworld, Role.QA_DIRECTOR)
    url = reverse("cycle:create")
    form = director.get(url).content.decode()
    assert "South cluster" not in form  # not their hub
    with scopes_disabled():
        before = CycleMeeting.objects.count()
    bad = director.post(
        url,
        {
            "kind": "hub_heads",
            "held_on_day": "30",
            "held_on_month": "2",
            "held_on_year": "2027",
            "cluster": cworld.b1.pk,  # another trust's hub
            "title": "<script>alert(1)</script>",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400
    assert "Enter a real date" in body and "Choose one of the trust&#x27;s hubs." in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    refused = director.post(
        url,
        {
            "kind": "board",
            "held_on_day": "12",
            "held_on_month": "1",
            "held_on_year": "2027",
            "cluster": "",
        },
    )
    assert refused.status_code == 400  # not a kind a director adds
    with scopes_disabled():
        assert CycleMeeting.objects.count() == before
    made = director.post(
        url,
        {
            "kind": "hub_heads",
            "held_on_day": "12",
            "held_on_month": "1",
            "held_on_year": "2027",
            "cluster": cworld.c1.pk,
            "title": "",
        },
    )
    with scopes_disabled():
        created = CycleMeeting.objects.get(held_on=dt.date(2027, 1, 12))
    assert made.status_code == 302 and made["Location"] == reverse(
        "cycle:detail", args=[created.pk]
    )
    assert created.title == "North cluster: hub heads' meeting"


def test_recording_on_the_meeting_page_and_bad_input(cworld: World) -> None:
    director = _client(cworld, Role.QA_DIRECTOR)
    with scopes_disabled():
        north = meeting("in")
        action = CycleAction.objects.get(raised_at__title="North hub heads (earlier)")
    ok = director.post(
        reverse("cycle:decision_add", args=[north.pk]), {"decision-text": "Moderate writing"}
    )
    assert ok.status_code == 302
    huge = director.post(
        reverse("cycle:decision_add", args=[north.pk]), {"decision-text": "x" * 6000}
    )
    assert huge.status_code == 400 and "5000 characters or fewer" in huge.content.decode()
    other_owner = director.post(
        reverse("cycle:action_add", args=[north.pk]),
        {
            "action-what": "Share the maps",
            "action-owner": cworld.other_ceo.pk,  # type: ignore[union-attr]
            "action-due_on_day": "1",
            "action-due_on_month": "2",
            "action-due_on_year": "2027",
        },
    )
    assert other_owner.status_code == 400
    assert "Choose a person of the trust." in other_owner.content.decode()
    review = director.post(
        reverse("cycle:action_review", args=[north.pk, action.pk]),
        {f"review-{action.pk}-progress": "Done", f"review-{action.pk}-outcome": "closed"},
    )
    assert review.status_code == 302
    with scopes_disabled():
        assert list(Decision.objects.filter(meeting=north).values_list("text", flat=True)) == [
            "Moderate writing"
        ]
        action.refresh_from_db()
        assert not action.is_open
    page = director.get(reverse("cycle:detail", args=[north.pk])).content.decode()
    assert "History of the record" in page and page.count('id="history"') == 1
    assert "<title>North hub heads \u2013 Trust A</title>" in page
    assert "Decision recorded: Moderate writing" in page and "Action reviewed: closed" in page
    assert "Director of Quality Assurance of A" in page
    # Another hub's action, through this meeting's address: 404.
    with scopes_disabled():
        south_action = CycleAction.objects.get(raised_at__title="South hub heads (earlier)")
    assert (
        director.post(reverse("cycle:action_review", args=[north.pk, south_action.pk])).status_code
        == 404
    )


def test_a_closed_meeting_refuses_changes_and_shows_no_forms(cworld: World) -> None:
    ceo = _client(cworld, Role.CEO)
    with scopes_disabled():
        board = meeting("board")
    assert ceo.get(reverse("cycle:close", args=[board.pk])).status_code == 200
    assert ceo.post(reverse("cycle:close", args=[board.pk])).status_code == 302
    refused = ceo.post(reverse("cycle:decision_add", args=[board.pk]), {"decision-text": "Late"})
    assert refused.status_code == 409
    page = ceo.get(reverse("cycle:detail", args=[board.pk])).content.decode()
    assert "the record is locked" in page and "Record the decision" not in page
    assert "The data as it stood on the day of the meeting" in page
    assert "Make the pack" in page  # a pack can still be made of a closed meeting
    with scopes_disabled():
        assert not Decision.objects.filter(meeting=board).exists()


def test_the_home_page_shows_the_persons_next_meetings(cworld: World) -> None:
    home = _client(cworld, Role.HEAD_TEACHER).get(reverse("home")).content.decode()
    assert "Your next meetings" in home and "North hub heads" in home
    assert "Strategic heads" in home and "North governors" not in home
    nobody = _client(cworld, Role.CPD_LEAD).get(reverse("home")).content.decode()
    assert "Your next meetings" not in nobody


def test_the_meeting_page_runs_a_fixed_number_of_queries(cworld: World) -> None:
    director = _client(cworld, Role.QA_DIRECTOR)
    with scopes_disabled():
        north = meeting("in")
    url = reverse("cycle:detail", args=[north.pk])
    director.get(url)
    with CaptureQueriesContext(connection) as few:
        director.get(url)
    with scopes_disabled():
        person = cworld.person(Role.QA_DIRECTOR)
        for n in range(3):
            decision_add(meeting=north, text=f"Decision {n}", acting_user=person)
            action_add(
                meeting=north,
                data=ActionData(f"Action {n}", person, north.held_on),
                acting_user=person,
            )
    with CaptureQueriesContext(connection) as more:
        response = director.get(url)
    assert response.status_code == 200 and "Decision 2" in response.content.decode()
    assert len(more) == len(few)


def test_the_agenda_table_downloads_as_csv(cworld: World) -> None:
    director = _client(cworld, Role.QA_DIRECTOR)
    with scopes_disabled():
        north, forum = meeting("in"), meeting("board")
    url = reverse("cycle:detail", args=[north.pk])
    assert 'href="?format=csv"' in director.get(url).content.decode()
    lines = director.get(url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("School,Hub,Category,Latest QA visit,ISAP red")
    assert lines[1].startswith('Alder Primary,North cluster,,"2026-10-06: 0 red,')
    assert lines[1].endswith(",0,1,0,0,0")  # one amber ISAP action
    assert lines[2].startswith("Birch Primary,North cluster,,,0,0,0,0,0")
    board = _client(cworld, Role.CEO).get(
        reverse("cycle:detail", args=[forum.pk]), {"format": "csv"}
    )
    rows = board.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Hub,Schools,A,B,C,D,Not categorised,ISAP red,ISAP overdue"
    assert rows[1:] == ["North cluster,2,0,0,0,0,2,0,0", "South cluster,1,0,0,0,0,1,0,0"]


def test_a_director_finds_next_weeks_hub_meeting_from_the_home_page(cworld: World) -> None:
    """The acceptance journey up to the pack (made and read back in test_pack.py)."""
    director = _client(cworld, Role.QA_DIRECTOR)
    home = director.get(reverse("home")).content.decode()
    week_url = reverse("cycle:list") + "?when=next_week"
    assert f'href="{week_url}"' in home
    week = director.get(week_url).content.decode()
    with scopes_disabled():
        north = meeting("in")
    detail_url = reverse("cycle:detail", args=[north.pk])
    assert f'href="{detail_url}"' in week
    assert "South hub heads" not in week  # not their hub
    page = director.get(detail_url).content.decode()
    assert "The hub's schools" in page and "Alder Primary" in page
    assert "North hub heads: share the curriculum maps" in page  # to review
    assert "Make the pack" in page and "The North cluster dashboard" in page
